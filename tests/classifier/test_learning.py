"""Training from the database and learning from an agent's correction without a restart."""

from sqlmodel import Session, SQLModel

from support_app.models import Customer, Ticket
from support_app.services import training
from support_app.services.ai import classifier as classifier_mod
from support_app.services.ai.embeddings import MODEL_ID
from support_app.services.ai.local_engine import LocalEngine
from support_app.services.ai.types import TicketInput

HISTORY = [
    ("Where is my parcel", "The tracking has not changed for a week, where is my package?", "shipping_issue", "high"),
    ("Delivery late", "My delivery was due on Monday and the courier never came.", "shipping_issue", "high"),
    ("Tracking number", "Can you send me the tracking number for my shipment?", "shipping_issue", "medium"),
    ("Charged twice", "My card was charged twice for the same order.", "payment_problem", "urgent"),
    ("Card declined", "My credit card is declined at checkout every time.", "payment_problem", "medium"),
    ("Invoice copy", "Please send me an invoice for my last payment.", "payment_problem", "low"),
    ("Cannot log in", "I forgot my password and the reset email never arrives.", "account_issue", "medium"),
    ("Change email", "How do I change the email address on my account?", "account_issue", "low"),
]


def _database_with_history(url: str) -> None:
    from support_app.db import get_engine

    engine = get_engine(url)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        customer = Customer(email="history@example.com", name="History")
        session.add(customer)
        session.flush()
        for subject, description, category, priority in HISTORY:
            session.add(Ticket(customer_id=customer.id, subject=subject, description=description,
                               category=category, priority=priority, status="resolved", label_source="import"))
        # not labelled: an open ticket the AI categorised must not be learned from
        session.add(Ticket(customer_id=customer.id, subject="Gift wrap", description="Do you offer gift wrap?",
                           category="damaged_product", status="open", label_source="ai"))
        session.commit()


def test_trains_from_labelled_tickets_only(classifier_env):
    url = f"sqlite:///{classifier_env / 'history.db'}"
    _database_with_history(url)
    classifier = training.train_from_database(url, budget_seconds=None, use_vector_store=False)
    assert classifier.n_examples == len(HISTORY)
    assert (classifier_env / "classifier" / f"embeddings-{MODEL_ID}.npz").is_file()
    prediction = classifier.predict("my package still has not been delivered, where is it?")
    assert prediction.category == "shipping_issue"
    assert prediction.category_scores["damaged_product"] == 0.0


def test_correction_changes_the_next_prediction(classifier_env):
    url = f"sqlite:///{classifier_env / 'history.db'}"
    _database_with_history(url)
    classifier_mod.set_classifier(training.train_from_database(url, budget_seconds=None,
                                                                     use_vector_store=False))
    engine = LocalEngine()  # the shared classifier, as the pipeline uses it
    ticket = TicketInput("Gift card balance", "How can I check the balance of my gift card?")
    before = engine.analyze(ticket)
    assert before.category != "general_inquiry"  # the history has no general inquiries at all

    classifier_mod.learn(ticket.text, "general_inquiry", "low")  # what the tickets service calls
    after = engine.analyze(ticket)
    assert after.category == "general_inquiry" and after.priority == "low"
    # a similar new ticket follows the correction as well
    similar = engine.analyze(TicketInput("Gift card", "How do I check my gift card balance?"))
    assert similar.category == "general_inquiry"


def test_retrain_folds_corrections_into_the_model(classifier_env):
    url = f"sqlite:///{classifier_env / 'history.db'}"
    _database_with_history(url)
    classifier = training.train_from_database(url, budget_seconds=None, use_vector_store=False)
    classifier.learn("How can I check the balance of my gift card?", "general_inquiry",
                     retrain_in_background=False)
    classifier.retrain()
    assert "general_inquiry" in classifier._model.category.classes_
    assert classifier.n_examples == len(HISTORY) + 1


def test_cold_classifier_falls_back_to_cue_words():
    classifier = classifier_mod.TicketClassifier()
    prediction = classifier.predict("I want a refund for my order")
    assert prediction.category == "refund_request"
    assert any("no labelled tickets" in n for n in prediction.notes)
