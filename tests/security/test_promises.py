"""What a draft may promise: only what a cited source states, in the same sense."""

import json

import pytest

from support_app.services.ai import promises
from support_app.services.ai.engine import InvalidModelOutput
from support_app.services.ai.gemini_engine import parse_draft
from support_app.services.ai.types import ArticleHit, Draft, Evidence, SimilarTicket, Source

POLICY = ("Refunds and returns\nYou can return most items within 30 days of delivery. Once the warehouse has "
          "inspected your return, the refund is issued to the original payment method and usually shows within "
          "5-10 business days. Return shipping costs €4.95. Gift cards are not refundable. The sale ends on March 5th. "
          "Questions: returns@shop.example or +44 20 7946 0000, or see https://shop.example/returns.")


@pytest.mark.parametrize("sentence", [
    "Your refund usually shows within 5-10 business days.",
    "Ihre Rückerstattung erscheint in der Regel innerhalb von 5-10 Werktagen.",
    "Su reembolso suele aparecer en 5 a 10 días hábiles.",
    "Votre remboursement apparaît généralement sous 5 à 10 jours ouvrés.",
    "You can send the item back within thirty days of delivery.",
    "Return shipping costs 4,95 EUR.",
    "Write to returns@shop.example or call +44 (0)20 7946-0000.",   # the same number, other spacing
    "The details are at https://shop.example/returns.",
    "Unfortunately gift cards cannot be refunded.",                 # negated in both
    "Tracking can pause while the parcel crosses a border.",        # no claim at all
    "Your order ships in 2 separate parcels.",                      # "2 sep..." is not a date
    "The sale ends on 5 March.",                                    # "March 5th" in the source
])
def test_backed_sentences_pass(sentence):
    assert promises.unsupported_claims(sentence, [POLICY]) == []


@pytest.mark.parametrize(("sentence", "claim"), [
    ("We will refund you within 3 days.", "3 days"),
    ("Your refund shows within 10 days.", "10 days"),               # business days in the source
    ("Die Erstattung dauert 2 Wochen.", "2 Wochen"),
    ("Return shipping costs €5.", "€5"),
    ("We will add a $20 credit to your account.", "credit"),
    ("As a gesture we offer a 15% discount.", "discount"),
    ("We will send you a replacement.", "replacement"),
    ("Wir senden Ihnen einen Gutschein.", "Gutschein"),
    ("Le remplacement arrive vendredi.", "remplacement"),
    ("It will arrive on Friday.", "Friday"),
    ("It will be there tomorrow.", "tomorrow"),
    ("Your refund is approved on 2026-12-01.", "2026-12-01"),
    ("The sale ends on 6 March.", "6 March"),
    ("Your gift card will be refunded.", "gift card"),              # the source says they are not
    ("Claim it at https://evil.example/claim now.", "https://evil.example/claim"),
    ("Contact our manager at boss@shop.example.", "boss@shop.example"),
    ("Call +1 555 010 9999 for a faster answer.", "+1 555 010 9999"),
    ("Jane's card 4111 1111 1111 1111 was charged instead.", "4111 1111 1111 1111"),
    ("Send it to 221B Baker Street.", "221B Baker Street"),
])
def test_unbacked_claims_are_found(sentence, claim):
    found = promises.unsupported_claims(sentence, [POLICY])
    assert any(claim in text for text in found), found


def test_check_drops_only_the_unbacked_sentences_and_keeps_the_layout():
    text = ("Hi Ana,\n\nYou can return most items within 30 days of delivery. We will refund you today. "
            "Your refund usually shows within 5-10 business days.\n\nBest regards,\nCustomer Support")
    result = promises.check(text, [POLICY])
    assert result.text == ("Hi Ana,\n\nYou can return most items within 30 days of delivery. Your refund usually "
                           "shows within 5-10 business days.\n\nBest regards,\nCustomer Support")
    assert result.dropped == [["date"]] and result.sentences == 6
    assert "removed 1 sentence" in result.note and "date" in result.note


def evidence() -> Evidence:
    return Evidence(
        similar_tickets=[SimilarTicket(7, "Late parcel", "shipping_issue",
                                       "We refunded the shipping fee of €4.95 within 2 days.", 0.8)],
        articles=[ArticleHit(3, "Returns policy", "policy", POLICY, 0.9),
                  ArticleHit(5, "Track your parcel", "article", "Open My Orders to track your parcel.", 0.7)],
    )


def test_enforce_backs_promises_by_cited_articles_only():
    text = "Return shipping costs €4.95. Open My Orders to track your parcel."
    cited_policy = Draft(text, [Source("article", 3, "Returns policy")])
    assert promises.enforce(cited_policy, evidence()) is cited_policy  # nothing to remove

    cited_ticket = Draft(text, [Source("ticket", 7, "Late parcel"), Source("article", 5, "Track your parcel")])
    checked = promises.enforce(cited_ticket, evidence())  # another customer's resolution backs nothing
    assert checked.text == "Open My Orders to track your parcel."
    assert checked.needs_review and "amount" in checked.review_notes[0]


def test_gemini_draft_loses_its_unbacked_sentence_and_needs_review():
    reply = ("Hi Dana,\n\nThe refund is issued to the original payment method [KB-3]. It usually shows within "
             "5-10 business days [KB-3]. We will also add a €10 credit today. Open My Orders to track it [KB-5].")
    draft = parse_draft(json.dumps({"reply": reply}), evidence())
    assert "credit" not in draft.text and "5-10 business days" in draft.text and "[KB-5]" in draft.text
    assert draft.needs_review and "credit" in draft.review_notes[0]


def test_gemini_draft_that_is_mostly_unbacked_promises_is_not_used():
    reply = "Of course! We will refund you in full today. You also get a 20% discount."
    with pytest.raises(InvalidModelOutput, match="2 of 3 sentences make commitments") as raised:
        parse_draft(json.dumps({"reply": reply}), evidence())
    assert "20%" not in str(raised.value) and "today" not in str(raised.value)  # kinds only, never the text


def test_gemini_may_cite_a_company_document_which_backs_its_promise_but_an_article_id_does_not():
    from support_app.services.ai.prompts import render_sources

    doc = ArticleHit(4, "Kettle warranty", "document", "A faulty kettle is replaced within 5 business days.", 0.7,
                     "section Making a claim, page 2")
    evidence = Evidence(articles=[doc, ArticleHit(4, "Unrelated article", "article", "Open My Orders.", 0.6)])
    assert "[DOC-4] document: Kettle warranty, section Making a claim, page 2" in render_sources(evidence)

    draft = parse_draft(json.dumps({"reply": "A faulty kettle is replaced within 5 business days [DOC-4]."}), evidence)
    assert draft.sources == [Source("document", 4, "Kettle warranty, section Making a claim, page 2")]
    assert not draft.needs_review and "[DOC-4]" in draft.text

    # [KB-4] is the article with the same number: it does not back the document's promise
    with pytest.raises(InvalidModelOutput):
        parse_draft(json.dumps({"reply": "A faulty kettle is replaced within 5 business days [KB-4]."}), evidence)
