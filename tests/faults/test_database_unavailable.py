"""With its database unreachable the API answers 503 with Retry-After (retry the same request),
not a 500: a real PostgreSQL URL on a port where nothing listens."""

from fastapi.testclient import TestClient

from tests.resilience.servers import free_port


def test_the_api_answers_503_with_retry_after_when_the_database_is_unreachable(tmp_path, monkeypatch):
    from tests.conftest import _clear_caches

    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/postgres")
    monkeypatch.setenv("CHROMA_PERSIST_DIRECTORY", str(tmp_path / "chroma"))
    _clear_caches()
    from support_app.api.app import root_app

    try:
        with TestClient(root_app(), raise_server_exceptions=False) as client:
            response = client.post("/api/tickets", json={"email": "a@example.com", "subject": "Hello",
                                                         "description": "Where is my order?"},
                                   headers={"Authorization": "Bearer not-checked-yet", "Idempotency-Key": "k1"})
    finally:
        _clear_caches()
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "2"
    assert response.json()["error"]["code"] == "database_unavailable"
    assert "127.0.0.1" not in response.text  # no connection details leak to the client
