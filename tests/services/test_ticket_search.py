"""Queue search through the full-text index (FTS5 on SQLite, tsvector + GIN on PostgreSQL)."""

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlmodel import Session

from support_app.migrations import alembic_config, upgrade_database
from support_app.models import Customer, Ticket
from support_app.services import ticket_search, tickets
from support_app.services.errors import ValidationError

TICKETS = [
    ("Blender arrived cracked", "The jug of my blender is cracked.", "damaged_product"),
    ("Rückerstattung fehlt", "Ich warte seit zwei Wochen auf die Rückerstattung.", "refund_request"),
    ("Café machine question", "Does the espresso machine descale itself?", "general_inquiry"),
    ("Paiement refusé", "Ma carte a été refusée deux fois.", "payment_problem"),
    ("Order ORD-004711 late", "Tracking has not moved since Monday.", "shipping_issue"),
]


@pytest.fixture
def desk(db):
    customer = Customer(email="ana@example.com", name="Ana")
    db.add(customer)
    db.commit()
    rows = [Ticket(customer_id=customer.id, subject=s, description=d, category=c) for s, d, c in TICKETS]
    db.add_all(rows)
    db.commit()
    return db


def found(session: Session, search: str, **filters) -> list[str]:
    flt = tickets.TicketFilter(search=search, sort="oldest", **filters)
    subjects = [t.subject for t in tickets.list_tickets(session, flt, page_size=50)]
    assert tickets.count_tickets(session, flt) == len(subjects)
    return subjects


def test_matches_words_in_subject_or_description_ignoring_case(desk):
    assert found(desk, "BLENDER") == ["Blender arrived cracked"]
    assert found(desk, "espresso") == ["Café machine question"]
    assert found(desk, "cracked jug") == ["Blender arrived cracked"]  # every word, any order
    assert found(desk, "cracked espresso") == []


def test_ignores_accents_both_ways(desk):
    assert found(desk, "ruckerstattung") == ["Rückerstattung fehlt"]
    assert found(desk, "CAFE") == ["Café machine question"]
    assert found(desk, "refusee") == ["Paiement refusé"]
    assert found(desk, "réfusé") == ["Paiement refusé"]


def test_last_word_matches_as_prefix_while_typing(desk):
    assert found(desk, "blen") == ["Blender arrived cracked"]
    assert found(desk, "rückerst") == ["Rückerstattung fehlt"]
    assert found(desk, "blen cracked") == []  # only the last word is a prefix
    assert found(desk, "004711") == ["Order ORD-004711 late"]


def test_combines_with_the_other_filters(desk):
    assert found(desk, "cracked", category="damaged_product") == ["Blender arrived cracked"]
    assert found(desk, "cracked", category="refund_request") == []


BLENDER = ["Blender arrived cracked"]


@pytest.mark.parametrize("hostile, expected", [
    ('"', []), ("'", []), ("' OR 1=1 --", []), ('"blender" OR "zzz"', []), ("blender) OR (x", []),
    ("NEAR(blender jug)", []), ("subject:blender", []), ("blender AND NOT jug", []), ("cracked -jug", BLENDER),
    ("blender:*", BLENDER), ("^blender", BLENDER), ("*", []), ("\\", []), ("!&|", []), ("%", []),
    ("'; DROP TABLE ticket; --", []),
])
def test_query_syntax_and_sql_cannot_be_injected(desk, hostile, expected):
    """Every word is searched literally: no operator, column filter or wildcard of the user is honoured."""
    assert found(desk, hostile) == expected
    assert len(found(desk, "")) == len(TICKETS)  # the table is intact


def test_punctuation_only_matches_nothing_and_long_text_is_refused(desk):
    assert found(desk, "!!! ???") == []
    with pytest.raises(ValidationError):
        found(desk, "blender " * 100)


def test_index_follows_edits_and_deletes(desk):
    ticket = desk.exec(text("SELECT id FROM ticket WHERE subject LIKE 'Blender%'")).one()[0]
    row = desk.get(Ticket, ticket)
    row.subject = "Kettle arrived dented"
    row.description = "The kettle is dented."
    desk.add(row)
    desk.commit()
    assert found(desk, "blender") == []
    assert found(desk, "kettle dented") == ["Kettle arrived dented"]
    desk.delete(row)
    desk.commit()
    assert found(desk, "kettle") == []


def test_the_query_uses_the_full_text_index(desk):
    dialect = desk.get_bind().dialect.name
    flt = tickets.TicketFilter(search="blender")
    statement = tickets.select(Ticket).where(*tickets._conditions(desk, flt))
    sql = str(statement.compile(desk.get_bind(), compile_kwargs={"literal_binds": True}))
    if dialect == "postgresql":
        desk.exec(text("SET enable_seqscan = off"))  # a five-row table would otherwise be scanned
        plan = desk.connection().exec_driver_sql("EXPLAIN " + sql).all()
        assert "ix_ticket_search" in " ".join(r[0] for r in plan)
    else:
        plan = desk.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all()
        assert "VIRTUAL TABLE INDEX" in " ".join(str(r[-1]) for r in plan)


def test_migration_indexes_tickets_that_existed_before_it(database_url, postgres_or_none):
    url = database_url if database_url.startswith("sqlite") else postgres_or_none
    command.upgrade(alembic_config(url), "0008")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO customer (email, name, created_at) VALUES ('a@example.com', 'A', "
                                "CURRENT_TIMESTAMP)"))
        connection.execute(text(
            "INSERT INTO ticket (customer_id, subject, description, category, priority, status, sentiment, "
            "sentiment_score, ai_confidence, tags, language, escalated, escalation_reason, ai_draft, ai_analysis, "
            "label_source, resolution, resolution_approved, csat_comment, created_at, updated_at, version, "
            "triage_state, triage_attempts) VALUES (1, 'Old parcel question', 'Säumige Lieferung', "
            "'shipping_issue', 'low', 'open', 'neutral', 0, 0, '', 'de', false, '', '', '{}', 'import', '', "
            "false, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, 'done', 0)"))
    upgrade_database(url)
    with Session(engine) as session:
        assert found(session, "saumige") == ["Old parcel question"]
    engine.dispose()


def test_common_words_walk_the_date_index_with_the_same_results(desk, monkeypatch):
    """On SQLite a word matching more than COMMON_HITS tickets switches plans; the answer must not change."""
    expected = {search: found(desk, search) for search in ("cracked", "blen", "ruckerstattung", "zzz")}
    newest_first = [t.subject for t in tickets.list_tickets(desk, tickets.TicketFilter(search="the"))]
    monkeypatch.setattr(ticket_search, "COMMON_HITS", 0)
    assert {search: found(desk, search) for search in expected} == expected
    assert [t.subject for t in tickets.list_tickets(desk, tickets.TicketFilter(search="the"))] == newest_first
    assert len(newest_first) == 2
