"""A fake Gemini API server: real HTTP on 127.0.0.1, speaking the REST protocol google-genai uses.

Each test scripts the replies in order (`reply_json`, `error`, `slow`, `reply_text`,
`reply_thoughts_only`, ...). A request takes the next scripted reply; once the script is used up the
last reply repeats. Every request is recorded (path, headers, parsed body) so tests can assert call
counts and what was sent. `GET /v1*/models/<model>` (the SDK's `models.get`) answers from `models`
and refuses the keys in `refused_keys`, as Gemini does.
"""

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_PATH = re.compile(r"^/(?P<version>v1(?:beta|alpha)?)/models/(?P<model>[^/:]+):(?P<method>\w+)$")
_MODEL_PATH = re.compile(r"^/(?P<version>v1(?:beta|alpha)?)/models/(?P<model>[^/:]+)$")

_STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    delay_seconds: float = 0.0


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def model(self) -> str | None:
        match = _PATH.match(self.path.split("?")[0])
        return match["model"] if match else None

    @property
    def system_instruction(self) -> str:
        parts = (self.body.get("systemInstruction") or {}).get("parts") or []
        return "".join(part.get("text", "") for part in parts)

    @property
    def user_text(self) -> str:
        return "".join(
            part.get("text", "")
            for content in self.body.get("contents", [])
            for part in content.get("parts", [])
        )

    @property
    def generation_config(self) -> dict[str, Any]:
        return self.body.get("generationConfig") or {}

    @property
    def thinking_config(self) -> dict[str, Any]:
        """The thinking settings sent, keys in snake_case (the SDK sends them so; the API takes both)."""
        raw = self.generation_config.get("thinkingConfig") or {}
        return {re.sub(r"(?<!^)([A-Z])", r"_\1", key).lower(): value for key, value in raw.items()}


def generate_content_response(text: str, finish_reason: str = "STOP") -> dict[str, Any]:
    """The JSON body of a successful `models.generateContent` reply carrying `text`."""
    return {
        "candidates": [
            {
                "content": {"parts": [{"text": text}], "role": "model"},
                "finishReason": finish_reason,
                "index": 0,
            }
        ],
        "usageMetadata": {"promptTokenCount": 120, "candidatesTokenCount": 40, "totalTokenCount": 160},
        "modelVersion": "gemini-2.0-flash",
    }


def thoughts_only_response(thought_tokens: int, answer: str = "") -> dict[str, Any]:
    """What Gemini sends when thinking used up max_output_tokens: finish reason MAX_TOKENS, no (or a
    cut-off) answer, the thought tokens counted in usageMetadata."""
    content: dict[str, Any] = {"role": "model"}
    if answer:
        content["parts"] = [{"text": answer}]
    answer_tokens = len(answer) // 4
    return {
        "candidates": [{"content": content, "finishReason": "MAX_TOKENS", "index": 0}],
        "usageMetadata": {"promptTokenCount": 120, "candidatesTokenCount": answer_tokens,
                          "thoughtsTokenCount": thought_tokens,
                          "totalTokenCount": 120 + thought_tokens + answer_tokens},
        "modelVersion": "gemini-flash-latest",
    }


def model_info(model: str, display_name: str = "Gemini Flash", thinking: bool = True) -> dict[str, Any]:
    """The JSON body of `models.get` for a text model."""
    return {
        "name": f"models/{model}", "displayName": display_name, "version": "001",
        "inputTokenLimit": 1048576, "outputTokenLimit": 65536,
        "supportedGenerationMethods": ["generateContent", "countTokens"], "thinking": thinking,
    }


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"error": {"code": status, "message": message, "status": _STATUS_NAMES.get(status, "UNKNOWN")}}


@dataclass
class FakeGemini:
    """Start with `start()` (or as a context manager); `base_url` goes to the engine."""

    script: list[Reply] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)
    models: dict[str, dict[str, Any]] = field(
        default_factory=lambda: {m: model_info(m) for m in ("gemini-flash-latest", "gemini-2.5-flash")})
    refused_keys: set[str] = field(default_factory=set)
    lookup_error: int | None = None  # e.g. 503: every `models.get` fails with this status

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # Scripting -------------------------------------------------------------------------------
    def reply_json(self, payload: Any, delay_seconds: float = 0.0) -> "FakeGemini":
        """A structured-output reply: the model's text part is `payload` serialised as JSON."""
        return self.reply_text(json.dumps(payload), delay_seconds=delay_seconds)

    def reply_text(self, text: str, delay_seconds: float = 0.0) -> "FakeGemini":
        """A reply whose text part is `text` verbatim (use it for malformed JSON)."""
        body = json.dumps(generate_content_response(text)).encode()
        return self._push(Reply(200, body, delay_seconds))

    def reply_thoughts_only(self, thought_tokens: int, answer: str = "") -> "FakeGemini":
        """Thinking consumed the output budget: MAX_TOKENS with no answer (or a cut-off one)."""
        return self.reply_raw(200, thoughts_only_response(thought_tokens, answer))

    def reply_raw(self, status: int, payload: dict[str, Any]) -> "FakeGemini":
        return self._push(Reply(status, json.dumps(payload).encode()))

    def reply_body(self, status: int, body: bytes) -> "FakeGemini":
        """Any bytes at all, e.g. an HTML error page from a proxy."""
        return self._push(Reply(status, body))

    def error(self, status: int, message: str = "", delay_seconds: float = 0.0) -> "FakeGemini":
        message = message or f"fake error {status}"
        return self._push(Reply(status, json.dumps(error_body(status, message)).encode(), delay_seconds))

    def slow(self, delay_seconds: float, payload: Any | None = None) -> "FakeGemini":
        """Sleep `delay_seconds` before answering (past the client's timeout, typically)."""
        return self.reply_json(payload if payload is not None else {}, delay_seconds=delay_seconds)

    def _push(self, reply: Reply) -> "FakeGemini":
        with self._lock:
            self.script.append(reply)
        return self

    def _next_reply(self) -> Reply:
        with self._lock:
            if not self.script:
                return Reply(500, json.dumps(error_body(500, "fake server has no scripted reply")).encode())
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    # Inspection ------------------------------------------------------------------------------
    def calls(self, method: str = "generateContent") -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.split("?")[0].endswith(f":{method}")]

    def model_lookups(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.method == "GET"]

    # Lifecycle -------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the fake server first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeGemini":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                with fake._lock:
                    fake.requests.append(
                        RecordedRequest("GET", self.path, {k.lower(): v for k, v in self.headers.items()}, {})
                    )
                match = _MODEL_PATH.match(self.path.split("?")[0])
                if fake.lookup_error:
                    self._send(Reply(fake.lookup_error, json.dumps(error_body(fake.lookup_error, "fake")).encode()))
                elif self.headers.get("x-goog-api-key") in fake.refused_keys:
                    payload = error_body(400, "API key not valid. Please pass a valid API key.")
                    payload["error"]["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                                                    "reason": "API_KEY_INVALID"}]
                    self._send(Reply(400, json.dumps(payload).encode()))
                elif match and match["model"] in fake.models:
                    self._send(Reply(200, json.dumps(fake.models[match["model"]]).encode()))
                else:
                    message = f"models/{match['model'] if match else self.path} is not found for API version v1"
                    self._send(Reply(404, json.dumps(error_body(404, message)).encode()))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    body = {"_raw": raw.decode("utf-8", "replace")}
                with fake._lock:
                    fake.requests.append(
                        RecordedRequest("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                if not _PATH.match(self.path.split("?")[0]):
                    self._send(Reply(404, json.dumps(error_body(404, f"no route {self.path}")).encode()))
                    return
                reply = fake._next_reply()
                if reply.delay_seconds and fake._stopping.wait(reply.delay_seconds):
                    return
                self._send(reply)

            def _send(self, reply: Reply) -> None:
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json; charset=UTF-8")
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout); nothing to answer

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-gemini", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "FakeGemini":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
