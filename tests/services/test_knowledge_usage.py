"""Usage per article and document (retrieved, cited in sent replies, CSAT) and the gaps list,
from what triage stored on real ticket rows."""

from datetime import timedelta

from support_app.models import (
    CompanyDocument, Customer, KnowledgeArticle, MessageKind, Ticket, TicketMessage, utcnow,
)
from support_app.services import knowledge_usage
from support_app.services.ai.types import Source
from support_app.services.triage import AnalysisRecord, ArticleRef


def _setup(db):
    customer = Customer(email="ana@example.com", name="Ana")
    returns = KnowledgeArticle(slug="returns", title="Returns", body="Return within 30 days of delivery.")
    unused = KnowledgeArticle(slug="unused", title="Gift wrapping", body="We wrap gifts for free on request.")
    doc = CompanyDocument(title="Kettle warranty", filename="w.md", file_format="markdown", size_bytes=10,
                          sha256="0" * 64, stored_name="x.markdown", status="indexed")
    db.add_all([customer, returns, unused, doc])
    db.commit()
    return customer, returns, unused, doc


def _ticket(db, customer, subject, category, articles, sources, csat=None, replied=False, days_ago=1):
    record = AnalysisRecord(articles=articles, sources=sources)
    ticket = Ticket(customer_id=customer.id, subject=subject, description=subject, category=category,
                    ai_analysis=record.to_json(), csat_score=csat, created_at=utcnow() - timedelta(days=days_ago))
    db.add(ticket)
    db.commit()
    if replied:
        db.add(TicketMessage(ticket_id=ticket.id, kind=MessageKind.agent.value, author_name="Agent", body="Hi"))
        db.commit()
    return ticket


def test_usage_counts_retrievals_citations_in_sent_replies_and_their_csat(db):
    customer, returns, unused, doc = _setup(db)
    hit_returns, hit_doc = ArticleRef(returns.id, "Returns", "article", 0.6), ArticleRef(doc.id, "Kettle warranty",
                                                                                           "document", 0.5)
    cite_returns, cite_doc = Source("article", returns.id, "Returns"), Source("document", doc.id, "Kettle warranty")
    _ticket(db, customer, "Return a lamp", "product_return", [hit_returns], [cite_returns], csat=5, replied=True)
    _ticket(db, customer, "Return a chair", "product_return", [hit_returns, hit_doc], [cite_returns], csat=3,
            replied=True)
    _ticket(db, customer, "Return a rug", "product_return", [hit_returns], [cite_returns], csat=1)  # not sent
    _ticket(db, customer, "Kettle broke", "damaged_product", [hit_doc], [cite_doc], replied=True)
    _ticket(db, customer, "Old return", "product_return", [hit_returns], [cite_returns], csat=1, replied=True,
            days_ago=200)  # outside the window

    rows = {(r.kind, r.id): r for r in knowledge_usage.usage(db, days=90)}
    assert rows[("article", returns.id)] == knowledge_usage.UsageRow("article", returns.id, "Returns", 3, 2, 4.0, 2)
    assert rows[("document", doc.id)] == knowledge_usage.UsageRow("document", doc.id, "Kettle warranty", 2, 1,
                                                                 None, 0)
    assert rows[("article", unused.id)].retrieved == 0
    assert [r.title for r in knowledge_usage.usage(db)][0] == "Returns"  # most retrieved first


def test_gaps_are_recent_tickets_whose_best_match_was_weak_grouped_by_category(db):
    customer, returns, _, _ = _setup(db)
    weak = ArticleRef(returns.id, "Returns", "article", 0.27)
    _ticket(db, customer, "Gift card balance", "payment_problem", [weak], [])
    _ticket(db, customer, "Gift card expired", "payment_problem", [], [])
    _ticket(db, customer, "Loyalty points", "general_inquiry", [weak], [])
    _ticket(db, customer, "Return a lamp", "product_return", [ArticleRef(returns.id, "Returns", "article", 0.7)], [])
    _ticket(db, customer, "Ancient gap", "account_issue", [], [], days_ago=120)

    found = knowledge_usage.gaps(db, days=30)
    assert [(g.category, g.count) for g in found] == [("payment_problem", 2), ("general_inquiry", 1)]
    assert {subject for _, subject, _ in found[0].examples} == {"Gift card balance", "Gift card expired"}
    assert found[1].examples[0][2] == 0.27
