"""Real SQLite and a real Chroma, both in tmp_path."""

import pytest
from sqlmodel import Session, SQLModel

from support_app.db import dispose_engines, get_engine
from support_app.models import Customer, KnowledgeArticle, Status, Ticket
from support_app.services.ai.vector_store import VectorStore, reset_vector_store

RETURNS_POLICY = """# Returns policy

You can return most items within 30 days of delivery, as long as they are unused.

## Refunds
Once the warehouse has inspected your return, the refund is issued to the original payment method \
and usually shows within 5-10 business days.
"""

TRACKING_ARTICLE = """# Track your parcel

Open My Orders and select Track parcel to see where your delivery is.

If the tracking has not changed for 3 days, the carrier may have lost the parcel and we open an \
investigation with them.
"""

PASSWORD_ARTICLE = """# Reset your password

Choose Forgot password on the sign-in page and follow the link we email you. The link works once.
"""


@pytest.fixture
def db_url(database_url):
    """SQLite built from the models, or a PostgreSQL database the migrations built (tests/conftest.py)."""
    if database_url.startswith("sqlite"):
        SQLModel.metadata.create_all(get_engine(database_url))
    yield database_url
    dispose_engines()


@pytest.fixture
def session(db_url):
    with Session(get_engine(db_url), expire_on_commit=False) as session:
        yield session


@pytest.fixture
def chroma_dir(tmp_path):
    return tmp_path / "chroma"


@pytest.fixture
def store(chroma_dir):
    reset_vector_store()
    yield VectorStore.persistent(chroma_dir)
    reset_vector_store()


@pytest.fixture
def isolated_settings(db_url, chroma_dir, tmp_path, monkeypatch):
    """Settings, vector store and classifier all pointing into tmp_path (never the user's data)."""
    from support_app.services.ai.classifier import reset_classifier
    from support_app.services.ai.pipeline import reset_pipeline
    from support_app.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("CHROMA_PERSIST_DIRECTORY", str(chroma_dir))
    monkeypatch.setenv("CLASSIFIER_CACHE_DIR", str(tmp_path / "classifier"))
    monkeypatch.setenv("GOOGLE_API_KEY", "")
    monkeypatch.delenv("CHROMA_HOST", raising=False)

    def reset():
        get_settings.cache_clear()
        reset_vector_store()
        reset_classifier()
        reset_pipeline()

    reset()
    yield get_settings()
    reset()


@pytest.fixture
def customer(session):
    customer = Customer(email="ana@example.com", name="Ana Lopez")
    session.add(customer)
    session.commit()
    return customer


@pytest.fixture
def make_ticket(session, customer):
    def make(subject, description, category="general_inquiry", resolution="", approved=False,
             status=Status.resolved.value):
        ticket = Ticket(customer_id=customer.id, subject=subject, description=description, category=category,
                        status=status, resolution=resolution, resolution_approved=approved)
        session.add(ticket)
        session.commit()
        return ticket
    return make


@pytest.fixture
def articles(session):
    rows = [
        KnowledgeArticle(slug="returns-policy", title="Returns policy", body=RETURNS_POLICY,
                         category="product_return", kind="policy"),
        KnowledgeArticle(slug="track-your-parcel", title="Track your parcel", body=TRACKING_ARTICLE,
                         category="shipping_issue", kind="article"),
        KnowledgeArticle(slug="reset-password", title="Reset your password", body=PASSWORD_ARTICLE,
                         category="account_issue", kind="article"),
    ]
    session.add_all(rows)
    session.commit()
    return rows


@pytest.fixture
def indexed(store, articles, make_ticket):
    """The three articles and one approved precedent, indexed."""
    from support_app.services import indexing

    for article in articles:
        indexing.index_article(article, store)
    ticket = make_ticket("Parcel stuck in transit", "Tracking has not moved for a week.", "shipping_issue",
                         "Opened a carrier investigation. If the tracking still does not move, check the "
                         "carrier's depot page for a held-parcel notice.", approved=True)
    indexing.index_ticket(ticket, store)
    return store
