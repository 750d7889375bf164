import ssl

import pytest

from support_app.services.ai.gemini_engine import GeminiEngine

from .fake_gemini import FakeGemini

API_KEY = "AIzaFAKE-test-key-0123456789abcdef"


_default_ssl_context = ssl.create_default_context
_ssl_contexts: dict[tuple, ssl.SSLContext] = {}


@pytest.fixture(autouse=True)
def _reuse_ssl_contexts(monkeypatch):
    """Each genai.Client loads the CA bundle three times (~0.2 s); these tests build one client each."""

    def cached(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        if key not in _ssl_contexts:
            _ssl_contexts[key] = _default_ssl_context(*args, **kwargs)
        return _ssl_contexts[key]

    monkeypatch.setattr(ssl, "create_default_context", cached)


@pytest.fixture
def fake_gemini():
    with FakeGemini() as fake:
        yield fake


@pytest.fixture
def sleeps() -> list[float]:
    """Backoff delays the engine asked for (recorded instead of slept)."""
    return []


@pytest.fixture
def make_engine(fake_gemini, sleeps):
    engines = []

    def make(**overrides) -> GeminiEngine:
        options = dict(
            api_key=API_KEY,
            model="gemini-flash-latest",
            base_url=fake_gemini.base_url,
            timeout_seconds=2.0,
            max_retries=2,
            backoff_seconds=0.05,
            sleep=sleeps.append,
        )
        options.update(overrides)
        engine = GeminiEngine(**options)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.close()
