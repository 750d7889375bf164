from support_app.services.ai import escalation
from support_app.services.ai.types import Analysis, CustomerHistory, TicketInput


def analysis(**overrides) -> Analysis:
    values = dict(category="shipping_issue", category_probability=0.9, priority="medium", priority_factors=[],
                  sentiment="neutral", sentiment_score=0.0, language="en")
    values.update(overrides)
    return Analysis(**values)


def codes(decision) -> list[str]:
    return [reason.split(":")[0] for reason in decision.reasons]


CALM = TicketInput("Where is my parcel?", "Could you tell me when my order will arrive?")


def test_calm_confident_ticket_is_not_escalated():
    decision = escalation.decide(CALM, analysis(), confidence=0.8, escalation_threshold=0.3)
    assert decision.escalate is False and decision.reasons == []


def test_each_trigger_gives_its_reason():
    assert codes(escalation.decide(CALM, analysis(priority="urgent"), 0.8, 0.3)) == [escalation.URGENT]
    assert codes(escalation.decide(CALM, analysis(injection_suspected=True), 0.8, 0.3)) == [escalation.INJECTION]
    assert codes(escalation.decide(CALM, analysis(sentiment="negative", sentiment_score=-0.8), 0.8, 0.3)) == [
        escalation.NEGATIVE]
    assert codes(escalation.decide(CALM, analysis(), 0.2, 0.3)) == [escalation.LOW_CONFIDENCE]
    assert codes(escalation.decide(CALM, analysis(), 0.8, 0.3, invalid_model_output=True)) == [
        escalation.INVALID_OUTPUT]
    repeat = TicketInput(CALM.subject, CALM.description, customer=CustomerHistory(recent_contacts_7d=3))
    assert codes(escalation.decide(repeat, analysis(), 0.8, 0.3)) == [escalation.REPEAT]


def test_legal_fraud_chargeback_and_safety_topics():
    cases = {
        "I will take you to court and my lawyer is ready.": "legal",
        "There is an unauthorized charge on my card, this is fraud.": "fraud",
        "I have filed a chargeback with my bank.": "chargeback",
        "The kettle caught fire and my son was injured.": "safety",
    }
    for text, topic in cases.items():
        decision = escalation.decide(TicketInput("Complaint", text), analysis(), 0.8, 0.3)
        assert decision.escalate and f"{escalation.SENSITIVE}: {topic}" in decision.reasons
    assert escalation.sensitive_topics("Thanks for the courtesy call about my court shoes order") == ["legal"]
    assert escalation.sensitive_topics("Thanks for the courtesy call") == []


def test_reasons_never_leak_into_the_draft_text():
    from support_app.services.ai.drafting import compose_draft
    from support_app.services.ai.types import Evidence

    ticket = TicketInput("Complaint", "My lawyer will sue you.")
    draft = compose_draft(ticket, analysis(priority="urgent"), Evidence())
    assert "escalat" not in draft.text.lower() and "lawyer" not in draft.text.lower()
