import shutil

import pytest

from support_app.cli import reindex
from support_app.services.ai.embeddings import get_embedder
from support_app.services.ai.retrieval import Retriever, chunk_article
from support_app.services.ai.types import TicketInput
from support_app.services.ai.vector_store import get_vector_store, reset_vector_store


def search(query: TicketInput):
    return Retriever(get_vector_store(), get_embedder()).retrieve(query)


def test_delete_chroma_folder_then_reindex_restores_search(isolated_settings, db_url, chroma_dir, make_ticket,
                                                           articles, capsys):
    approved = make_ticket("Parcel never arrived", "My parcel was due last week and never arrived.",
                           "shipping_issue", "Opened a carrier investigation with the courier.", approved=True)
    make_ticket("Parcel never arrived!", "My parcel never arrived.", "shipping_issue", "Not approved.")
    query = TicketInput("Where is my parcel?", "My parcel never arrived and tracking is stuck.")

    assert reindex.main(["--database-url", db_url, "--quiet"]) == 0
    passages = {kind: sum(len(chunk_article(a.body)) for a in articles if a.kind == kind) for kind in ("article", "policy")}
    assert f"tickets: 1, knowledge_base: {passages['article']}, documents: {passages['policy']}" in capsys.readouterr().out
    before = search(query)
    assert [t.ticket_id for t in before.similar_tickets] == [approved.id]

    reset_vector_store()
    shutil.rmtree(chroma_dir)
    assert reindex.main(["--database-url", db_url, "--quiet"]) == 0
    assert chroma_dir.is_dir()
    after = search(query)
    assert [t.ticket_id for t in after.similar_tickets] == [approved.id]
    assert after.similar_tickets[0].similarity == pytest.approx(before.similar_tickets[0].similarity, abs=1e-4)
    assert {h.article_id for h in after.articles} == {h.article_id for h in before.articles}
