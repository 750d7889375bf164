"""Checks on the seed data: shape, limits, variety, and agreement between tickets and articles."""

import re
from collections import Counter

import pytest

from support_app.models import CATEGORIES, PRIORITIES
from support_app.sample_data import ARTICLES, CUSTOMERS, TICKETS

LANGUAGES = {"en", "de", "es", "fr", "pt"}
TICKET_KEYS = {
    "customer_email", "subject", "description", "category", "priority", "resolution", "days_ago",
    "hours_to_resolve", "order_number", "language", "tags", "csat",
}
# Time spans such as "5-10 business days" or "14 days" that policies define.
SPAN = re.compile(r"\b\d+(?:-\d+)? (?:business days|days|hours|minutes)\b")


def _words(text: str) -> int:
    return len(text.split())


# ----------------------------------------------------------------- customers
def test_customers_have_unique_emails_and_names():
    emails = [c["email"] for c in CUSTOMERS]
    assert len(CUSTOMERS) >= 10
    assert len(emails) == len(set(emails))
    assert all(c["name"].strip() and "@" in c["email"] for c in CUSTOMERS)


def test_demo_customer_is_present():
    assert {"email": "customer@example.com", "name": "Casey Customer"} in CUSTOMERS


# ------------------------------------------------------------------- tickets
def test_ticket_count_and_keys():
    assert len(TICKETS) >= 280
    for ticket in TICKETS:
        assert set(ticket) == TICKET_KEYS


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_has_enough_tickets(category):
    assert sum(t["category"] == category for t in TICKETS) >= 34


def test_enums_are_valid():
    for ticket in TICKETS:
        assert ticket["category"] in CATEGORIES
        assert ticket["priority"] in PRIORITIES
        assert ticket["language"] in LANGUAGES


def test_every_priority_is_used():
    assert set(Counter(t["priority"] for t in TICKETS)) == set(PRIORITIES)


def test_every_ticket_belongs_to_a_known_customer():
    emails = {c["email"] for c in CUSTOMERS}
    assert all(t["customer_email"] in emails for t in TICKETS)
    assert any(t["customer_email"] == "customer@example.com" for t in TICKETS)


def test_descriptions_and_subjects_are_unique():
    # The seeder skips a ticket whose customer already has one with the same subject.
    for field in ("description", "subject"):
        values = [t[field] for t in TICKETS]
        assert len(values) == len(set(values)), field


def test_lengths_within_limits():
    for ticket in TICKETS:
        assert 0 < len(ticket["subject"]) <= 200
        assert 0 < len(ticket["description"]) <= 5000
        assert len(ticket["resolution"]) >= 40


def test_no_unfilled_placeholders():
    for ticket in TICKETS:
        for field in ("subject", "description", "resolution"):
            assert "{" not in ticket[field] and "}" not in ticket[field], ticket[field]


def test_field_values_in_range():
    order_numbers = [t["order_number"] for t in TICKETS if t["order_number"]]
    assert len(order_numbers) == len(set(order_numbers))
    for ticket in TICKETS:
        assert isinstance(ticket["days_ago"], int) and 1 <= ticket["days_ago"] <= 365
        assert isinstance(ticket["hours_to_resolve"], float) and ticket["hours_to_resolve"] > 0
        assert ticket["csat"] is None or ticket["csat"] in {1, 2, 3, 4, 5}
        assert 1 <= len(ticket["tags"]) <= 4
        assert all(tag == tag.lower() and " " not in tag and len(tag) <= 24 for tag in ticket["tags"])
        if ticket["order_number"] is not None:
            assert re.fullmatch(r"ORD-\d{5}", ticket["order_number"])
            # An order number quoted in a text is the ticket's own.
        for text in (ticket["description"], ticket["resolution"]):
            for quoted in re.findall(r"ORD-\d{5}", text):
                assert quoted in (ticket["order_number"], "ORD-10482")


def test_languages_mix():
    languages = Counter(t["language"] for t in TICKETS)
    assert len(languages) >= 4
    other = sum(n for lang, n in languages.items() if lang != "en")
    assert 0.07 <= other / len(TICKETS) <= 0.15


def test_short_and_long_requests_are_both_present():
    lengths = [_words(t["description"]) for t in TICKETS]
    assert sum(n <= 12 for n in lengths) >= 40
    assert sum(n >= 40 for n in lengths) >= 30


def test_urgent_tickets_are_the_serious_ones():
    urgent_tags = {"duplicate-charge", "money-deducted", "fraud", "account-takeover", "safety"}
    for ticket in TICKETS:
        if ticket["priority"] == "urgent":
            assert urgent_tags & set(ticket["tags"]) or "lost-parcel" in ticket["tags"], ticket["subject"]


# ------------------------------------------------------------------ articles
def test_article_fields_and_unique_slugs():
    slugs = [a["slug"] for a in ARTICLES]
    assert len(slugs) == len(set(slugs))
    for article in ARTICLES:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", article["slug"])
        assert article["title"].strip()
        assert article["category"] is None or article["category"] in CATEGORIES
        assert article["kind"] in {"article", "policy"}


def test_article_and_policy_counts():
    kinds = Counter(a["kind"] for a in ARTICLES)
    assert kinds["article"] >= 14
    assert kinds["policy"] >= 4


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a["slug"])
def test_article_word_count(article):
    assert 150 <= _words(article["body"]) <= 450


def test_every_category_has_an_article():
    covered = {a["category"] for a in ARTICLES if a["kind"] == "article"}
    assert set(CATEGORIES) <= covered


def test_internal_links_point_to_existing_articles():
    slugs = {a["slug"] for a in ARTICLES}
    for article in ARTICLES:
        for target in re.findall(r"\]\(([^)]+)\)", article["body"]):
            assert target in slugs, (article["slug"], target)


# ---------------------------------------------- tickets agree with the articles
def test_resolutions_quote_only_time_spans_the_articles_define():
    knowledge = " ".join(a["body"] for a in ARTICLES)
    defined = set(SPAN.findall(knowledge))
    # Facts about one case rather than a rule: days since delivery, an approved extension.
    case_facts = {"35 days", "3 days"}
    for ticket in TICKETS:
        if ticket["language"] == "en":
            for span in SPAN.findall(ticket["resolution"]):
                assert span in defined | case_facts, (span, ticket["resolution"])


def test_key_policy_numbers_are_consistent():
    text = " ".join(t["resolution"] for t in TICKETS if t["language"] == "en")
    knowledge = " ".join(a["body"] for a in ARTICLES)
    for fact in ("30 days of delivery", "5-10 business days", "3-5 business days", "14 days", "2-year warranty"):
        assert fact in text and fact in knowledge, fact
    assert "60 days" not in text and "90-day" not in text
