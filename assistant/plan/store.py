"""Saved plan sessions: SQLite file by default, PostgreSQL when given a postgresql+psycopg:// URL.

The state is opaque JSON produced elsewhere; this module never looks inside it.

Concurrent writers (two Streamlit servers, a CLI) are handled with optimistic
concurrency: every write is a single ``UPDATE ... WHERE id = :id AND version = :expected``
that bumps the version, so a stale writer matches no row and gets ``VersionConflict``
instead of overwriting someone else's work. Every version is also kept in
``plan_versions`` so nothing saved is ever lost, not even by a delete.

Versions are stored as changes: a version is a JSON Patch (RFC 6902, the `jsonpatch` library)
against the version before it, and a full snapshot is written only once the patches since the
last snapshot add up to the size of the state itself. Storage then grows with what each turn
changes, not with the size of the whole conversation at every turn (full copies made 1,766 long
turns into 6.7 GB), and reading any version replays at most a state's worth of patches.
Rows written before patches existed have no patch: they are snapshots, so old databases stay
readable as they are (``compact`` rewrites them as patches to win the space back).
"""

from __future__ import annotations

import builtins
import copy
import json
import logging
import random
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

import jsonpatch
from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import CursorResult, Dialect, Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
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


class AlreadyApplied(RuntimeError):
    """The inbox message was applied by another run (or another page) first; nothing was saved."""


class InboxMessage(BaseModel):
    """A chat message recorded the moment it arrived, before its turn runs (see ``PlanStore.enqueue``)."""

    model_config = ConfigDict(from_attributes=True)

    seq: int
    message_id: str
    plan_id: str
    sender: str
    author: str
    text: str
    seen_stage: str | None
    received_at: datetime


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
    # The whole state for a snapshot; `{}` when `delta` holds the change instead.
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    # JSON Patch from the previous version; NULL (SQL NULL, hence none_as_null) marks a snapshot.
    delta: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON(none_as_null=True), default=None)


class _Inbox(_Base):
    """Chat messages as they arrive, so a turn interrupted by the next message is finished, not lost.

    Streamlit cuts a running turn short when the same page submits another message; the message
    is recorded here first (one small INSERT), and every run applies the plan's waiting messages
    oldest first. `applied_version` is set in the same transaction that saves the turn, so a
    message is applied exactly once however many runs or pages try it.
    """

    __tablename__ = "plan_inbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(String(32), unique=True)
    plan_id: Mapped[str] = mapped_column(String(32), index=True)
    sender: Mapped[str] = mapped_column(String(32))
    author: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    seen_stage: Mapped[str | None] = mapped_column(String(32), default=None)
    received_at: Mapped[datetime] = mapped_column(_UTCDateTime())
    applied_version: Mapped[int | None] = mapped_column(Integer, default=None)
    # Why a message was given up on (its turn failed with an error the sender was shown).
    failed: Mapped[str | None] = mapped_column(String(200), default=None)


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


def _size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":")))


def _chain(s: Session, plan_id: str, version: int) -> builtins.list[Any]:
    """The rows needed to rebuild `version`: the last snapshot at or before it, then its patches in order."""
    snapshot = s.scalar(
        select(func.max(_PlanVersion.version)).where(
            _PlanVersion.plan_id == plan_id, _PlanVersion.version <= version, _PlanVersion.delta.is_(None)
        )
    )
    if snapshot is None:
        return []
    query = (
        select(_PlanVersion.version, _PlanVersion.state, _PlanVersion.delta)
        .where(_PlanVersion.plan_id == plan_id, _PlanVersion.version.between(snapshot, version))
        .order_by(_PlanVersion.version)
    )
    return builtins.list(s.execute(query))


def _replay(rows: builtins.list[Any]) -> dict[str, Any]:
    # Rows are fresh from the database, so patching in place changes nothing anyone else holds.
    state: dict[str, Any] = rows[0].state
    for row in rows[1:]:
        state = jsonpatch.apply_patch(state, row.delta, in_place=True)
    return state


def _as_change(previous: dict[str, Any] | None, pending: int, new_state: dict[str, Any]) -> Any:
    """The patch from `previous` to `new_state`, or None when a new snapshot is due instead.

    `pending` is the size of the patches since the last snapshot. A snapshot is due once they would
    outweigh the state: snapshots then take no more room than patches, so the total stays linear in
    what turns change, and rebuilding a version replays at most about one state's worth of patches.
    """
    if previous is None:
        return None
    patch = jsonpatch.make_patch(previous, new_state).patch
    if pending + _size(patch) >= _size(new_state):
        return None
    return patch


def _pending(rows: builtins.list[Any]) -> int:
    return sum(_size(row.delta) for row in rows if row.delta is not None)


def _add_delta_column(engine: Engine) -> None:
    """Databases made before versions were stored as patches get the (empty) `delta` column."""
    if "delta" in {c["name"] for c in inspect(engine).get_columns("plan_versions")}:
        return
    try:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE plan_versions ADD COLUMN delta JSON"))
    except DBAPIError:
        # Another process added it first.
        if "delta" not in {c["name"] for c in inspect(engine).get_columns("plan_versions")}:
            raise


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
        _add_delta_column(self._engine)

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

    def save(
        self,
        plan_id: str,
        state: dict[str, Any],
        expected_version: int,
        title: str | None = None,
        inbox_id: str | None = None,
    ) -> StoredPlan:
        """Save a new version; with `inbox_id`, also mark that inbox message applied (or raise AlreadyApplied)."""
        if not isinstance(state, dict):
            raise TypeError("a plan state is a dict")
        values: dict[str, Any] = {"state": state}
        if title is not None:
            values["title"] = _clean_title(title)
        return _retrying(lambda: self._write(plan_id, values, expected_version, inbox_id), "save the turn")

    # ---------------------------------------------------------------- inbox
    def enqueue(
        self, plan_id: str, message_id: str, text: str, author: str, sender: str, seen_stage: str | None
    ) -> bool:
        """Record an incoming chat message; False when `message_id` was recorded already (a replayed submit)."""
        _check_id(plan_id)
        row = _Inbox(
            message_id=message_id[:32],
            plan_id=plan_id,
            sender=sender[:32],
            author=author[:80],
            text=text,
            seen_stage=seen_stage,
            received_at=_now(),
        )

        def insert() -> bool:
            try:
                with Session(self._engine) as s, s.begin():
                    s.add(row)
            except IntegrityError:
                return False
            return True

        return _retrying(insert, "record the message")

    def pending(self, plan_id: str) -> builtins.list[InboxMessage]:
        """Messages of the plan not yet applied (nor given up on), in the order they arrived."""
        query = (
            select(_Inbox)
            .where(_Inbox.plan_id == plan_id, _Inbox.applied_version.is_(None), _Inbox.failed.is_(None))
            .order_by(_Inbox.seq)
        )
        with Session(self._engine) as s, s.begin():
            return [InboxMessage.model_validate(row) for row in s.scalars(query)]

    def failed(self, plan_id: str) -> builtins.list[str]:
        """Why each of the plan's given-up messages failed, oldest first."""
        query = select(_Inbox.failed).where(_Inbox.plan_id == plan_id, _Inbox.failed.is_not(None)).order_by(_Inbox.seq)
        with Session(self._engine) as s, s.begin():
            return [str(reason) for reason in s.scalars(query)]

    def give_up(self, message_id: str, reason: str) -> None:
        """A message whose turn failed (the sender is shown why) leaves the queue instead of blocking it."""
        with Session(self._engine) as s, s.begin():
            s.execute(
                update(_Inbox)
                .where(_Inbox.message_id == message_id, _Inbox.applied_version.is_(None))
                .values(failed=reason[:200]),
                execution_options=_NO_SYNC,
            )

    def rename(self, plan_id: str, title: str, expected_version: int | None = None) -> StoredPlan:
        values = {"title": _clean_title(title)}
        return _retrying(lambda: self._write(plan_id, values, expected_version, None), "rename the plan")

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
        query = _versions_of(plan_id, self.workspace).where(_PlanVersion.version == _check_version(version))
        with Session(self._engine) as s, s.begin():
            row = s.execute(query).one_or_none()
            if row is None:
                raise PlanNotFound(f"no version {version} of plan {plan_id!r}")
            state = _replay(_chain(s, plan_id, version))
        return StoredPlan.model_validate({**row._mapping, "state": state})

    def compact(self) -> int:
        """Rewrite the snapshots that older databases hold for every version as patches; returns rows rewritten.

        Each plan is rewritten in its own transaction, oldest version first, with the same rule new
        versions follow. SQLite only returns the space to the file system after a ``VACUUM``.
        """
        with Session(self._engine) as s:
            plan_ids = builtins.list(s.scalars(select(_PlanVersion.plan_id).distinct()))
        rewritten = 0
        for plan_id in plan_ids:
            rewritten += _retrying(lambda: self._compact(plan_id), "compact the plan history")  # noqa: B023
        return rewritten

    def _compact(self, plan_id: str) -> int:
        rewritten = 0
        previous: dict[str, Any] | None = None  # the full state of the version before
        pending = 0  # patch bytes since the last snapshot
        columns = (_PlanVersion.version, _PlanVersion.state, _PlanVersion.delta)
        with Session(self._engine) as s, s.begin():
            numbers = s.scalars(
                select(_PlanVersion.version).where(_PlanVersion.plan_id == plan_id).order_by(_PlanVersion.version)
            ).all()
            for number in numbers:
                where = (_PlanVersion.plan_id == plan_id, _PlanVersion.version == number)
                row = s.execute(select(*columns).where(*where)).one()
                if row.delta is not None:
                    assert previous is not None, "a patch always follows a snapshot"
                    previous = jsonpatch.apply_patch(previous, row.delta, in_place=True)
                    pending += _size(row.delta)
                    continue
                delta = _as_change(previous, pending, row.state)
                previous = row.state
                if delta is None:
                    pending = 0
                    continue
                s.execute(update(_PlanVersion).where(*where).values(state={}, delta=delta), execution_options=_NO_SYNC)
                pending += _size(delta)
                rewritten += 1
        return rewritten

    def _write(
        self, plan_id: str, values: dict[str, Any], expected_version: int | None, inbox_id: str | None
    ) -> StoredPlan:
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
            if inbox_id is not None:
                claimed = s.execute(
                    update(_Inbox)
                    .where(_Inbox.message_id == inbox_id, _Inbox.applied_version.is_(None))
                    .values(applied_version=plan.version),
                    execution_options=_NO_SYNC,
                )
                if cast(CursorResult[Any], claimed).rowcount != 1:
                    # Leaving the block rolls the whole version back: the message is in the plan once.
                    raise AlreadyApplied(inbox_id)
            # Still inside the write transaction: the version before ours is the one we replaced.
            chain = _chain(s, plan_id, plan.version - 1)
            delta = _as_change(_replay(chain) if chain else None, _pending(chain), plan.state)
            state = plan.state if delta is None else {}
            s.add(
                _PlanVersion(
                    plan_id=plan.id, version=plan.version, saved_at=now, title=plan.title, state=state, delta=delta
                )
            )
            return StoredPlan.model_validate(plan)
