"""Saved plan sessions: SQLite file by default, PostgreSQL when given a postgresql+psycopg:// URL.

The state is opaque JSON produced elsewhere; this module never looks inside it.

Concurrent writers (two Streamlit servers, a CLI) are handled with optimistic
concurrency: every write is a single ``UPDATE ... WHERE id = :id AND version = :expected``
that bumps the version, so a stale writer matches no row and gets ``VersionConflict``
instead of overwriting someone else's work. Every version is also kept in
``plan_versions`` so nothing saved is ever lost, not even by a delete.
"""

from __future__ import annotations

import builtins
import copy
import logging
import random
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    String,
    create_engine,
    event,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import CursorResult, Dialect, Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

from assistant.errors import PlanNotFound, PlanStoreError

log = logging.getLogger(__name__)
_T = TypeVar("_T")

TITLE_MAX = 120
# Plans saved before workspaces existed (and every plan of an app without login) belong here.
DEFAULT_WORKSPACE = "default"
_ID = re.compile(r"[0-9a-f]{32}")
# Long enough to ride out another process's commit, short enough that a stuck lock surfaces as an error.
_SQLITE_BUSY_TIMEOUT_MS = 15_000
# A write that still meets a lock after the busy timeout is retried, with growing jittered
# pauses, for up to this long in all: a busy workshop waits a little, it never sees an error.
_LOCK_RETRY_S = 60.0
# Nothing is loaded before an UPDATE, and syncing could add a SELECT ahead of it (see PlanStore).
_NO_SYNC = {"synchronize_session": False}


class VersionConflict(RuntimeError):
    """Someone else saved first; re-read, merge and save again with ``current_version``."""

    def __init__(self, current_version: int, plan_id: str | None = None, expected_version: int | None = None) -> None:
        self.current_version = current_version
        self.plan_id = plan_id
        self.expected_version = expected_version
        super().__init__(
            f"plan {plan_id} is at version {current_version}, not {expected_version}; re-read it and save again"
        )


class PlanSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str
    version: int
    created_at: datetime
    updated_at: datetime


class StoredPlan(PlanSummary):
    state: dict[str, Any]


class _UTCDateTime(TypeDecorator[datetime]):
    """SQLite has no time zones, so store naive UTC on every backend and hand back aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class _Base(DeclarativeBase):
    pass


class _Plan(_Base):
    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), default=DEFAULT_WORKSPACE, index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    version: Mapped[int] = mapped_column(Integer)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(_UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(_UTCDateTime(), index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(_UTCDateTime(), default=None)


class _Presence(_Base):
    """Who has a plan open: each open page checks in every few seconds (the live board)."""

    __tablename__ = "plan_presence"

    plan_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    participant: Mapped[str] = mapped_column(String(80), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(_UTCDateTime())


class _PlanVersion(_Base):
    __tablename__ = "plan_versions"

    plan_id: Mapped[str] = mapped_column(ForeignKey("plans.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    saved_at: Mapped[datetime] = mapped_column(_UTCDateTime())
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    state: Mapped[dict[str, Any]] = mapped_column(JSON)


def _now() -> datetime:
    return datetime.now(UTC)


def _clean_title(title: str) -> str:
    cleaned = title.strip() if isinstance(title, str) else ""
    if not 1 <= len(cleaned) <= TITLE_MAX:
        raise ValueError(f"a plan title needs 1 to {TITLE_MAX} characters")
    return cleaned


def _check_id(plan_id: str) -> str:
    # A malformed id can never exist; answering "not found" keeps callers to one error path.
    if not isinstance(plan_id, str) or not _ID.fullmatch(plan_id):
        raise PlanNotFound(f"no plan {plan_id!r}")
    return plan_id


def _check_version(version: int) -> int:
    if isinstance(version, bool) or not isinstance(version, int):
        raise TypeError("a version is an int")
    return version


def _live(plan_id: str, workspace: str) -> tuple[ColumnElement[bool], ...]:
    # A plan of another workspace is, to this one, a plan that does not exist.
    return (_Plan.id == plan_id, _Plan.deleted_at.is_(None), _Plan.workspace == workspace)


def _add_workspace_column(engine: Engine) -> None:
    """Plans saved before workspaces existed belong to the default workspace (an in-place migration)."""
    if "workspace" in {c["name"] for c in inspect(engine).get_columns("plans")}:
        return
    try:
        with engine.begin() as db:
            db.execute(
                text(f"ALTER TABLE plans ADD COLUMN workspace VARCHAR(64) NOT NULL DEFAULT '{DEFAULT_WORKSPACE}'")
            )
            db.execute(text("CREATE INDEX IF NOT EXISTS ix_plans_workspace ON plans (workspace)"))
    except DBAPIError:
        # Another host migrated first.
        if "workspace" not in {c["name"] for c in inspect(engine).get_columns("plans")}:
            raise


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        # busy_timeout first: switching to WAL itself needs a lock another process may hold.
        cursor.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_TIMEOUT_MS}")
        # WAL lets readers in one process run while another process writes.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    return engine


def _is_busy(exc: OperationalError) -> bool:
    text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    return "locked" in text or "busy" in text or "could not serialize" in text or "deadlock" in text


def _retrying(action: Callable[[], _T], what: str) -> _T:
    """Run a write, retrying while the database reports it busy (SQLite's lock, PostgreSQL's serialisation)."""
    deadline = time.monotonic() + _LOCK_RETRY_S
    attempt = 0
    while True:
        try:
            return action()
        except OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise PlanStoreError(f"could not {what}: the plan database stayed busy; please try again") from exc
            attempt += 1
            log.info("plan database busy (%s), retry %d", what, attempt)
            time.sleep(random.uniform(0.01, min(0.5, 0.02 * 2**attempt)))


def _versions_of(plan_id: str, workspace: str, *extra: Any) -> Select[Any]:
    """Saved versions of one plan, shaped like a PlanSummary (plus `extra` columns)."""
    return (
        select(
            _PlanVersion.plan_id.label("id"),
            _PlanVersion.title,
            _PlanVersion.version,
            _Plan.created_at,
            _PlanVersion.saved_at.label("updated_at"),
            *extra,
        )
        .join(_Plan, _Plan.id == _PlanVersion.plan_id)
        .where(_PlanVersion.plan_id == plan_id, _Plan.workspace == workspace)
    )


class PlanStore:
    """Plan sessions in a database shared safely by several processes.

    Every write method starts its transaction with the UPDATE/INSERT: on SQLite a
    transaction that reads first and writes later cannot wait for another writer
    (it fails at once with "database is locked"), whereas one that writes first
    simply waits out the busy timeout.
    """

    def __init__(self, url: str, workspace: str = DEFAULT_WORKSPACE) -> None:
        self.workspace = workspace
        if make_url(url).get_backend_name() == "sqlite":
            self._engine = _sqlite_engine(url)
        else:
            # Long-lived servers outlive database restarts; re-check pooled connections.
            self._engine = create_engine(url, pool_pre_ping=True)
        try:
            _Base.metadata.create_all(self._engine)
        except DBAPIError:
            # Two processes starting on a fresh database can race to create the same
            # table; the loser's second look finds it already there.
            _Base.metadata.create_all(self._engine)
        _add_workspace_column(self._engine)

    def for_workspace(self, workspace: str) -> PlanStore:
        """The same database seen from one workspace: it lists, opens and changes only that workspace's plans."""
        if workspace == self.workspace:
            return self
        scoped = copy.copy(self)
        scoped.workspace = workspace
        return scoped

    def close(self) -> None:
        self._engine.dispose()

    def create(self, title: str, state: dict[str, Any]) -> StoredPlan:
        return _retrying(lambda: self._create(title, state), "create the plan")

    def _create(self, title: str, state: dict[str, Any]) -> StoredPlan:
        title = _clean_title(title)
        now = _now()
        plan = _Plan(
            id=uuid.uuid4().hex,
            workspace=self.workspace,
            title=title,
            version=1,
            state=state,
            created_at=now,
            updated_at=now,
        )
        with Session(self._engine) as s, s.begin():
            s.add(plan)
            s.flush()
            s.add(_PlanVersion(plan_id=plan.id, version=1, saved_at=now, title=title, state=state))
            return StoredPlan.model_validate(plan)

    def get(self, plan_id: str) -> StoredPlan:
        _check_id(plan_id)
        with Session(self._engine) as s, s.begin():
            plan = s.scalars(select(_Plan).where(*_live(plan_id, self.workspace))).one_or_none()
            if plan is None:
                raise PlanNotFound(f"no plan {plan_id!r}")
            return StoredPlan.model_validate(plan)

    def version(self, plan_id: str) -> int:
        """The plan's current version, without loading its state: what the live board polls."""
        _check_id(plan_id)
        with Session(self._engine) as s, s.begin():
            version = s.scalar(select(_Plan.version).where(*_live(plan_id, self.workspace)))
        if version is None:
            raise PlanNotFound(f"no plan {plan_id!r}")
        return version

    def check_in(self, plan_id: str, participant: str) -> None:
        _check_id(plan_id)
        name = participant.strip()[:80] or "team"
        with Session(self._engine) as s, s.begin():
            row = s.get(_Presence, (plan_id, name))
            if row is None:
                s.add(_Presence(plan_id=plan_id, participant=name, seen_at=_now()))
            else:
                row.seen_at = _now()

    def present(self, plan_id: str, within_s: float) -> builtins.list[str]:
        """Participants whose page checked in within the last `within_s` seconds."""
        from datetime import timedelta

        since = _now() - timedelta(seconds=within_s)
        with Session(self._engine) as s, s.begin():
            rows = s.scalars(
                select(_Presence.participant)
                .join(_Plan, _Plan.id == _Presence.plan_id)
                .where(_Presence.plan_id == plan_id, _Presence.seen_at >= since, _Plan.workspace == self.workspace)
                .order_by(_Presence.participant)
            )
            return builtins.list(rows)

    def list(self) -> list[PlanSummary]:
        query = (
            select(_Plan.id, _Plan.title, _Plan.version, _Plan.created_at, _Plan.updated_at)
            .where(_Plan.deleted_at.is_(None), _Plan.workspace == self.workspace)
            .order_by(_Plan.updated_at.desc(), _Plan.created_at.desc(), _Plan.id)
        )
        with Session(self._engine) as s, s.begin():
            return [PlanSummary.model_validate(row) for row in s.execute(query)]

    def save(self, plan_id: str, state: dict[str, Any], expected_version: int, title: str | None = None) -> StoredPlan:
        if not isinstance(state, dict):
            raise TypeError("a plan state is a dict")
        values: dict[str, Any] = {"state": state}
        if title is not None:
            values["title"] = _clean_title(title)
        return _retrying(lambda: self._write(plan_id, values, expected_version), "save the turn")

    def rename(self, plan_id: str, title: str, expected_version: int | None = None) -> StoredPlan:
        values = {"title": _clean_title(title)}
        return _retrying(lambda: self._write(plan_id, values, expected_version), "rename the plan")

    def delete(self, plan_id: str) -> None:
        _check_id(plan_id)
        with Session(self._engine) as s, s.begin():
            result = s.execute(
                update(_Plan).where(*_live(plan_id, self.workspace)).values(deleted_at=_now()),
                execution_options=_NO_SYNC,
            )
            if cast(CursorResult[Any], result).rowcount != 1:
                raise PlanNotFound(f"no plan {plan_id!r}")

    def versions(self, plan_id: str) -> builtins.list[PlanSummary]:
        """Every saved version, oldest first; still readable after the plan is deleted."""
        _check_id(plan_id)
        query = _versions_of(plan_id, self.workspace).order_by(_PlanVersion.version)
        with Session(self._engine) as s, s.begin():
            rows = [PlanSummary.model_validate(row) for row in s.execute(query)]
        if not rows:
            raise PlanNotFound(f"no plan {plan_id!r}")
        return rows

    def get_version(self, plan_id: str, version: int) -> StoredPlan:
        _check_id(plan_id)
        query = _versions_of(plan_id, self.workspace, _PlanVersion.state).where(
            _PlanVersion.version == _check_version(version)
        )
        with Session(self._engine) as s, s.begin():
            row = s.execute(query).one_or_none()
        if row is None:
            raise PlanNotFound(f"no version {version} of plan {plan_id!r}")
        return StoredPlan.model_validate(row)

    def _write(self, plan_id: str, values: dict[str, Any], expected_version: int | None) -> StoredPlan:
        """Bump the version with ``values`` applied, record it, or explain why no row matched."""
        _check_id(plan_id)
        where = list(_live(plan_id, self.workspace))
        if expected_version is not None:
            where.append(_Plan.version == _check_version(expected_version))
        now = _now()
        with Session(self._engine) as s, s.begin():
            result = s.execute(
                update(_Plan).where(*where).values(version=_Plan.version + 1, updated_at=now, **values),
                execution_options=_NO_SYNC,
            )
            if cast(CursorResult[Any], result).rowcount != 1:
                # Still inside the write transaction, so this is the version that beat us.
                current = s.scalar(select(_Plan.version).where(*_live(plan_id, self.workspace)))
                if current is None:
                    raise PlanNotFound(f"no plan {plan_id!r}")
                raise VersionConflict(current, plan_id=plan_id, expected_version=expected_version)
            plan = s.scalars(select(_Plan).where(_Plan.id == plan_id)).one()
            s.add(_PlanVersion(plan_id=plan.id, version=plan.version, saved_at=now, title=plan.title, state=plan.state))
            return StoredPlan.model_validate(plan)
