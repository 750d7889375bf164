"""The one Settings object: every environment variable the README documents lives here."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # Storage
    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'data' / 'support.db'}",
        description="SQLAlchemy URL of the source-of-truth database.",
    )
    chroma_persist_directory: Path = PROJECT_ROOT / "data" / "chroma"
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_ef_search: int = 400
    documents_directory: Path = Field(
        default=PROJECT_ROOT / "data" / "documents",
        description="Uploaded company documents (outside the web root; never served back).")
    document_max_bytes: int = Field(default=20 * 1024 * 1024, description="largest document upload")
    classifier_cache_dir: Path | None = Field(
        default=None,
        description="Embeddings and fitted model of the local classifier (a cache, rebuilt when missing); "
                    "default: a `classifier` folder beside CHROMA_PERSIST_DIRECTORY.",
    )
    classifier_max_train_rows: int = 6000

    # AI engines
    google_api_key: str | None = Field(default=None, repr=False)
    gemini_model: str = "gemini-flash-latest"  # Google's alias for the current Flash model
    gemini_base_url: str | None = None
    gemini_timeout_seconds: float = 20.0
    gemini_max_retries: int = 3
    gemini_backoff_seconds: float = 1.0  # first retry delay; doubles per retry (429/5xx)
    confidence_threshold: float = 0.7
    escalation_threshold: float = 0.3

    # Tickets and SLA (hours per priority)
    subject_max_length: int = 200
    description_max_length: int = 5000
    sla_first_response_hours: dict[str, float] = {"urgent": 1, "high": 4, "medium": 8, "low": 24}
    sla_resolution_hours: dict[str, float] = {"urgent": 8, "high": 24, "medium": 72, "low": 120}

    # Abuse limits and triage (services/tickets.py, services/deflection.py, services/triage.py)
    submit_ip_limit: int = 10  # tickets per client address per window
    submit_email_limit: int = 5  # tickets per email address per window
    submit_window_seconds: int = 600
    preview_limit: int = 60  # live previews per browser per window
    preview_window_seconds: int = 60
    triage_claim_timeout_seconds: int = 300  # a claim older than this is taken over (its worker died)

    # Background jobs (services/jobs.py, services/job_queue.py)
    job_queue_url: str | None = Field(default=None, repr=False,
                                      description="redis://host:6379/0: jobs go through Redis (scale-out); "
                                                  "default: a SQLite queue file in the data folder")
    job_queue_name: str = "support-desk"
    job_queue_path: Path | None = Field(default=None, description="the embedded queue's SQLite file; default: "
                                                                  "`jobs.db` beside CHROMA_PERSIST_DIRECTORY")
    job_queue_immediate: bool = False  # run each job at once in the caller (tests of code that is not the queue)
    job_workers: int = 2  # consumer threads in each app process (0: only `python -m support_app.cli.worker`)
    job_max_attempts: int = 5  # then the job is listed as failed on /jobs
    job_backoff_seconds: float = 5.0  # first retry delay; doubles per attempt
    job_lease_seconds: int = 300  # a running job whose worker is silent this long is run again
    job_sweep_seconds: float = 30.0  # how often workers re-enqueue due or abandoned jobs
    reconcile_seconds: float = 3600.0  # how often the SQL -> Chroma reconcile job runs (0: only on demand)

    # Web app
    app_port: int = 3000
    live_timings: bool = Field(default=False, description="print `live-timing` marks of the live-update path "
                                                           "(submit, signal, queue re-query) for cli.bench_live")
    app_base_url: str | None = Field(default=None, description="the app's address, for links in mails; "
                                                                "default http://localhost:<APP_PORT>")

    # Accounts, sessions and abuse limits (services/auth.py, services/rate_limit.py)
    support_env: str = Field(default="development", description="`production` refuses demo passwords and seeding")
    login_max_attempts: int = 5  # failed log-ins per email per window
    login_ip_max_attempts: int = 20  # failed log-ins per client IP per window (password spraying)
    login_window_seconds: int = 300
    register_ip_max: int = 5  # registrations per IP per hour
    reset_ip_max: int = 5  # password-reset (and verification) mails requested per IP per hour
    session_days: int = 14  # absolute expiry of a log-in session
    session_idle_hours: float = 8.0  # agents and admins are logged out after this long idle
    customer_session_idle_hours: float = 72.0
    email_token_hours: float = 24.0  # verification and password-reset links expire after this

    # Outgoing mail (services/mail.py): unset = the outbox table only, shown to admins on /outbox
    smtp_url: str | None = Field(default=None, repr=False, description="smtp[s]://user:pass@host:port?starttls=1")
    mail_from: str = "Support Desk <support@localhost>"
    mail_max_attempts: int = 5
    # REST API and webhooks (support_app/api, services/api_tokens.py, services/webhooks.py)
    api_token_rate_limit: int = 600  # requests per token per minute
    api_ip_rate_limit: int = 1200  # requests per client address per minute
    api_gemini_daily_budget: int = 500  # Gemini-backed AI calls per token per day; then the local engine
    webhook_timeout_seconds: float = 5.0
    webhook_max_attempts: int = 8
    webhook_backoff_seconds: float = 30.0  # first retry delay; doubles per attempt
    webhook_allow_private_addresses: bool = Field(
        default=False,
        description="Allow webhook URLs on loopback/private/link-local addresses (SSRF guard off); tests only.",
    )
    cors_allowed_origins: str = Field(
        default="",
        description="Comma-separated origins allowed to call the backend and open its websocket; "
                    "default: the app's own origin (http://localhost:APP_PORT and http://127.0.0.1:APP_PORT).",
    )

    @field_validator("confidence_threshold", "escalation_threshold")
    @classmethod
    def _unit_interval(cls, value: float) -> float:
        if not 0.0 <= value <= 1.0:
            raise ValueError("thresholds must lie between 0 and 1")
        return value

    @field_validator("support_env")
    @classmethod
    def _known_env(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in ("development", "production"):
            raise ValueError("SUPPORT_ENV is `development` or `production`")
        return value

    @property
    def job_queue_file(self) -> Path:
        return self.job_queue_path or self.chroma_persist_directory.parent / "jobs.db"

    @property
    def base_url(self) -> str:
        return (self.app_base_url or f"http://localhost:{self.app_port}").rstrip("/")

    @property
    def is_production(self) -> bool:
        return self.support_env == "production"

    @property
    def use_gemini(self) -> bool:
        return bool(self.google_api_key)

    @property
    def allowed_origins(self) -> list[str]:
        configured = [o.strip().rstrip("/") for o in self.cors_allowed_origins.split(",") if o.strip()]
        return configured or [f"http://localhost:{self.app_port}", f"http://127.0.0.1:{self.app_port}"]


@lru_cache
def get_settings() -> Settings:
    return Settings()

