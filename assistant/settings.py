"""All configuration, read once from the environment, `.env` and `.streamlit/secrets.toml`."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent

LLMBackend = Literal["none", "openai", "openai-compatible", "fake"]


# ---------------------------------------------------------------- redaction
# Every credential any Settings instance was given, so text from anywhere (an error
# message, a log line, a notice saved in the plan database) can be cleaned before it shows.
_SECRETS: set[str] = set()
_URL_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]*):([^/\s@]+)@")
_URL_TOKEN = re.compile(r"(?i)([?&](?:api[_-]?key|key|token|access[_-]?token|password|passwd|secret|sig)=)[^&\s#]+")
_BEARER = re.compile(r"(?i)\b(bearer\s+|sk-)[A-Za-z0-9._\-]{8,}")
MASK = "***"


def _register(value: str | None) -> None:
    if value and len(value) >= 4:
        _SECRETS.add(value)


def redact(text: str) -> str:
    """`text` with every known credential and every password or token inside a URL masked."""
    text = _URL_PASSWORD.sub(lambda m: f"{m.group(1)}:{MASK}@", str(text))
    text = _URL_TOKEN.sub(lambda m: m.group(1) + MASK, text)
    text = _BEARER.sub(lambda m: m.group(1) + MASK, text)
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


_TRACEBACK_FORMATTER = logging.Formatter()


def install_log_redaction() -> None:
    """Mask credentials in every log record, whoever logs it (our code, httpx, openai, streamlit)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "_redacting", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:
            return record
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        # A traceback repeats whatever the exception said (a connection URL with its password, a
        # key in a request line). Formatters reuse `exc_text` when it is set, so formatting it here,
        # once and redacted, covers every handler (ours, Streamlit's, pytest's) without touching them.
        if record.exc_info and not record.exc_text:
            try:
                record.exc_text = redact(_TRACEBACK_FORMATTER.formatException(record.exc_info))
            except Exception:
                record.exc_text = "(traceback not shown: it could not be formatted)"
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return record

    factory._redacting = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


class Settings(BaseSettings):
    """Everything the assistant can be configured with.

    Precedence (highest first): constructor arguments, environment variables,
    `.env`, `.streamlit/secrets.toml`. Secrets are `SecretStr` so they never
    appear in reprs, logs or exports.
    """

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    # --- storage -----------------------------------------------------------
    data_dir: Path = Field(PROJECT_ROOT / ".data", description="Where the vector store, keyword index and plans live.")
    knowledge_dir: Path = Field(PROJECT_ROOT / "knowledge", description="Default folder for `ingest`.")
    collection_name: str = "lifecycle_knowledge"
    chroma_host: str | None = Field(
        None, description="Use a Chroma server (`chroma run`) instead of the embedded store."
    )
    chroma_port: int = 8000
    chroma_timeout_s: float = Field(10.0, gt=0, description="Deadline for every call to a Chroma server.")
    database_timeout_s: float = Field(
        15.0,
        gt=0,
        description="Deadline for connecting to and waiting on the plan database and the PostgreSQL knowledge "
        "record (statement_timeout; the ingest job's writes get 20 times as long).",
    )
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL for plans; with PostgreSQL also the knowledge record (manifest, passages, "
        "keyword index), so several app hosts share one knowledge base. SQLite in data_dir when unset.",
    )
    database_pool_size: int = Field(5, ge=1, le=100, description="PostgreSQL connections per host, per pool.")
    live_refresh_s: float = Field(
        2.0, gt=0, description="How often an open plan page checks for changes by other participants."
    )
    startup_retry_s: float = Field(
        10.0, ge=0, description="A page whose start-up failed tries again after this long (0: wait for a reload)."
    )
    uploads_dir: Path | None = Field(
        None,
        description="Folder (shared by all hosts) for the originals of uploaded documents; in the knowledge "
        "record's database (PostgreSQL with DATABASE_URL, else SQLite) when unset.",
    )
    onnx_model_dir: Path | None = Field(
        None,
        description="Where the ONNX export of the embedding model is kept; data_dir/models/all-MiniLM-L6-v2-onnx when unset.",
    )

    # --- login and workspaces -----------------------------------------------
    auth: dict[str, Any] | None = Field(
        None,
        repr=False,
        description="Streamlit's `[auth]` (OIDC: redirect_uri, cookie_secret, client_id, client_secret, "
        "server_metadata_url). When set, people log in and see only their workspaces.",
    )
    workspaces: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Workspace (team) -> members: e-mail addresses, or `@example.com` for a whole domain "
        "(`[workspaces]` in secrets.toml, or WORKSPACES as JSON). Only used with `[auth]`.",
    )
    default_workspace: str = Field(
        "default",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
        description="The one workspace of an app without `[auth]`; plans saved before workspaces existed belong to it.",
    )

    # --- retrieval ---------------------------------------------------------
    top_k: int = Field(5, ge=1, le=20, description="Passages returned per question.")
    candidate_k: int = Field(20, ge=5, le=100, description="Candidates taken from each retriever before fusion.")
    relevance_threshold: float = Field(
        0.42,
        ge=0.0,
        le=1.0,
        description="Cosine similarity of the best passage that on its own makes a question covered.",
    )
    weak_relevance_threshold: float = Field(
        0.33,
        ge=0.0,
        le=1.0,
        description="Lower similarity that counts only when the passages also contain most of the question's words.",
    )
    keyword_coverage: float = Field(
        0.75,
        ge=0.0,
        le=1.0,
        description="Share of the question's content words the passages must contain at the weak threshold.",
    )
    passage_threshold: float = Field(
        0.28, ge=0.0, le=1.0, description="Cosine similarity below which a passage is not shown as a source."
    )
    typical_question_threshold: float = Field(
        0.55,
        ge=0.0,
        le=1.0,
        description="Similarity to one of a section's typical questions (its `Questions:` line) that makes a "
        "question covered although its wording is far from the section's own text.",
    )

    # --- LLM ---------------------------------------------------------------
    llm_backend: LLMBackend | None = Field(
        None, description="Force a back-end; inferred from the keys below when unset."
    )
    openai_api_key: SecretStr | None = None
    llm_base_url: str | None = Field(
        None, description="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 for Ollama."
    )
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = Field(60.0, gt=0)
    llm_temperature: float = Field(0.0, ge=0.0, le=2.0)
    llm_fake_replies: list[str] = Field(
        default_factory=list,
        description="With LLM_BACKEND=fake: scripted replies (a JSON list), used in order before the fake's fixed rule.",
    )

    # --- chat --------------------------------------------------------------
    max_message_chars: int = Field(4000, ge=100)
    messages_per_minute: int = Field(
        20, ge=1, description="Per browser session; more within a minute are refused with a clear message."
    )

    # --- uploads (hostile input) ---------------------------------------------
    max_upload_bytes: int = Field(20 * 1024 * 1024, ge=1024, description="Largest file accepted.")
    max_documents_per_upload: int = Field(50, ge=1, description="Files in one upload batch.")
    uploads_per_minute: int = Field(5, ge=1, description="Upload batches per browser session per minute.")
    max_chunks_per_document: int = Field(
        1500, ge=10, description="Passages one document may add; longer documents are refused with a message."
    )
    max_pdf_pages: int = Field(2000, ge=1)
    parse_timeout_s: float = Field(
        60.0, gt=0, description="Deadline for reading one uploaded file (in a worker process)."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        secrets = TomlConfigSettingsSource(settings_cls, toml_file=Path(".streamlit") / "secrets.toml")
        return init_settings, env_settings, dotenv_settings, secrets

    def model_post_init(self, context: Any, /) -> None:
        for key in (self.openai_api_key, self.llm_api_key):
            _register(key.get_secret_value() if key is not None else None)
        for name, value in _flatten(self.auth or {}):
            if name.endswith(("secret", "password", "key")) and isinstance(value, str):
                _register(value)
        for name in self.workspaces:
            check_workspace(name)
        for url in (self.llm_base_url, self.database_url):
            match = _URL_PASSWORD.search(url or "")
            if match:
                _register(match.group(2))
            for token in _URL_TOKEN.finditer(url or ""):
                _register(token.group(0).split("=", 1)[1])

    # --- derived -----------------------------------------------------------
    @property
    def login_required(self) -> bool:
        """`[auth]` is configured: people log in, and each sees only the workspaces they belong to."""
        return bool(self.auth)

    def workspaces_of(self, email: str | None) -> list[str]:
        """The workspaces a logged-in person belongs to, by address or by domain (`@example.com`), sorted."""
        address = (email or "").strip().lower()
        if "@" not in address:
            return []
        domain = "@" + address.rsplit("@", 1)[1]
        return sorted(
            name
            for name, members in self.workspaces.items()
            if any(m.strip().lower() in (address, domain) for m in members)
        )

    @property
    def active_backend(self) -> LLMBackend:
        if self.llm_backend is not None:
            return self.llm_backend
        if self.llm_base_url:
            return "openai-compatible"
        if self.openai_api_key is not None and self.openai_api_key.get_secret_value():
            return "openai"
        return "none"

    @property
    def effective_model(self) -> str | None:
        if self.active_backend == "openai":
            return self.llm_model or "gpt-4o-mini"
        if self.active_backend == "openai-compatible":
            return self.llm_model
        if self.active_backend == "fake":
            return "fake"
        return None

    def describe_backend(self) -> str:
        """One line for people: which LLM answers, never any key."""
        backend = self.active_backend
        if backend == "none":
            return "No LLM configured: answers are quoted from the knowledge base."
        if backend == "openai":
            return f"OpenAI ({self.effective_model})"
        if backend == "fake":
            return "Fake LLM (deterministic, for tests and demos): it quotes the first passage it is given."
        return (
            f"OpenAI-compatible endpoint {redact(self.llm_base_url or '')} ({self.effective_model or 'model not set'})"
        )

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def keyword_db_path(self) -> Path:
        return self.data_dir / "knowledge.sqlite3"

    @property
    def embedding_export_dir(self) -> Path:
        return self.onnx_model_dir or self.data_dir / "models" / "all-MiniLM-L6-v2-onnx"

    @property
    def plans_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'plans.sqlite3'}"


_WORKSPACE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
# Files every workspace sees: the shipped lifecycle documents and anything ingested without a workspace.
SHARED_WORKSPACE = ""


def check_workspace(name: str) -> str:
    """`name` if it can name a workspace (letters, digits, '-', '_', '.'; up to 64), else ValueError."""
    if not _WORKSPACE_NAME.fullmatch(name or ""):
        raise ValueError(f"workspace name {name!r}: use letters, digits, '-', '_' or '.' (up to 64)")
    return name


def _flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            out += _flatten(value, f"{prefix}{key}.")
        else:
            out.append((f"{prefix}{key}".lower(), value))
    return out


def load_settings(**overrides: object) -> Settings:
    """Read settings now; callers hold on to the result instead of re-reading."""
    return Settings(**overrides)  # type: ignore[arg-type]
