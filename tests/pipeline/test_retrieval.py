import pytest

from support_app.models import ArticleStatus, Status
from support_app.services import indexing
from support_app.services.ai.embeddings import get_embedder
from support_app.services.ai.retrieval import Retriever, chunk_article
from support_app.services.ai.types import TicketInput
from support_app.services.ai.vector_store import (
    DOCUMENTS, KNOWLEDGE_BASE, TICKETS, VectorStore, reset_vector_store, similarity_from_distance,
)


def test_similarity_is_one_minus_cosine_distance_clipped():
    assert similarity_from_distance(0.0) == 1.0
    assert similarity_from_distance(0.25) == pytest.approx(0.75)
    assert similarity_from_distance(1.4) == 0.0  # opposite vectors do not go negative


def test_closest_ticket_has_highest_similarity(store, make_ticket):
    same = make_ticket("Parcel never arrived", "My parcel was due last week and never arrived.",
                       "shipping_issue", "Opened a carrier investigation and reshipped the order.", approved=True)
    other = make_ticket("Cannot log in", "The password reset email never comes.",
                        "account_issue", "Resent the reset link after fixing the email address.", approved=True)
    indexing.index_tickets([same, other], store)
    retriever = Retriever(store, get_embedder(), min_similarity=0.0)
    hits = retriever.retrieve(TicketInput("Parcel never arrived", "My parcel was due last week and never arrived."))
    assert [h.ticket_id for h in hits.similar_tickets] == [same.id, other.id]
    assert hits.similar_tickets[0].similarity == pytest.approx(1.0, abs=1e-3)
    assert 0.0 <= hits.similar_tickets[1].similarity < hits.similar_tickets[0].similarity
    assert hits.similar_tickets[0].resolution.startswith("Opened a carrier investigation")


def test_only_approved_resolved_tickets_are_indexed(store, make_ticket, session):
    approved = make_ticket("Late parcel", "Where is my parcel?", "shipping_issue", "Reshipped it.", approved=True)
    unapproved = make_ticket("Late parcel too", "Where is my parcel?", "shipping_issue", "Reshipped.", approved=False)
    still_open = make_ticket("Late parcel again", "Where is it?", "shipping_issue", "", status=Status.open.value)
    assert [indexing.index_ticket(t, store) for t in (approved, unapproved, still_open)] == [True, False, False]
    assert store.count(TICKETS) == 1

    approved.status = Status.open.value  # reopened: its resolution no longer feeds drafts
    session.commit()
    assert indexing.index_ticket(approved, store) is False
    assert store.count(TICKETS) == 0


def test_articles_are_chunked_and_routed_by_kind(store, articles, session):
    policy, tracking, password = articles
    for article in articles:
        indexing.index_article(article, store)
    assert store.count(DOCUMENTS) == len(chunk_article(policy.body))
    assert store.count(KNOWLEDGE_BASE) == len(chunk_article(tracking.body)) + len(chunk_article(password.body))

    retriever = Retriever(store, get_embedder())
    hits = retriever.retrieve(TicketInput("Refund for my return", "When will I get my money back for the return?")).articles
    assert hits[0].article_id == policy.id and hits[0].kind == "policy"
    assert all(0.0 <= h.similarity <= 1.0 for h in hits)

    tracking.status = ArticleStatus.archived.value
    session.commit()
    assert indexing.index_article(tracking, store) == 0
    ids = {h.article_id for h in retriever.articles(retriever.embed(TicketInput("Track my parcel", "Where is it?")), k=10)}
    assert tracking.id not in ids


def test_chunks_are_whole_sentences_within_the_limit():
    body = "\n\n".join(["Sentence number %d is here." % i * 1 for i in range(3)] + ["Long one. " * 120])
    passages = chunk_article(body, max_chars=300)
    assert all(len(p) <= 300 for p in passages)
    assert all(p.rstrip().endswith(".") for p in passages)


def test_collections_are_cosine_with_the_configured_ef_search(chroma_dir):
    VectorStore.persistent(chroma_dir, ef_search=400).collection(TICKETS)
    reset_vector_store()
    hnsw = VectorStore.persistent(chroma_dir, ef_search=123).collection(TICKETS).configuration["hnsw"]
    assert hnsw["space"] == "cosine" and hnsw["ef_search"] == 123
    reset_vector_store()


@pytest.mark.parametrize(("subject", "description", "title"), [
    ("Passwort vergessen", "Ich kann mich nicht anmelden und brauche ein neues Passwort.", "Reset your password"),
    ("Paket nicht angekommen", "Die Sendungsverfolgung zeigt seit Tagen nichts Neues, wo ist mein Paket?",
     "Track your parcel"),
    ("Devolución", "Quiero devolver un artículo que no he usado y recibir el reembolso.", "Returns policy"),
])
def test_a_ticket_in_another_language_finds_the_english_article_on_its_topic(store, articles, subject,
                                                                            description, title):
    for article in articles:
        indexing.index_article(article, store)
    evidence = Retriever(store, get_embedder(), min_similarity=0.0).retrieve(TicketInput(subject, description))
    assert evidence.articles[0].title == title


def test_collections_carry_the_encoder_id(store):
    from support_app.services.ai.embeddings import DIMENSIONS, MODEL_ID

    assert store.physical_name(TICKETS) == f"tickets-{MODEL_ID}"
    assert get_embedder().embed(["Hallo"]).shape == (1, DIMENSIONS) == (1, 512)
