"""Tables: process versions (definitions) apart from cases (running instances)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    and_,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship
from sqlalchemy.sql.elements import ColumnElement

from .db import Base, JSONType
from .vocabulary import OPEN_TASK_STATUSES


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC (tests move it with time-machine)."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every database (SQLite stores no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return (
            value.astimezone(dt.UTC)
            if dialect.name == "postgresql"
            else value.astimezone(dt.UTC).replace(tzinfo=None)
        )

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # HMAC-SHA256 of the bearer token under the token key (engine/users.py, ADR 17); "sha256:..." an
    # unsalted hash from before migration 0010, "revoked:..." no token.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # None: revoked
    roles: Mapped[list[str]] = mapped_column(JSONType)
    gemeenten: Mapped[list[str]] = mapped_column(JSONType)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_hash: Mapped[str | None] = mapped_column(String(200))  # argon2; None: no console sign-in
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # neither token nor sign-in works
    # UserSource: "builtin" (password and bearer token of procesregie) or "oidc" (signs in through the
    # OpenID Connect provider, which gives the roles and gemeenten; ADR 20)
    source: Mapped[str] = mapped_column(String(10), default="builtin", server_default="builtin")
    # vocabulary.Organisatie: the organisation that employs the user (sociale dienst, SW-bedrijf, ...)
    organisatie: Mapped[str | None] = mapped_column(String(40))


class SignIn(Base):
    """A user signed in to the console: the cookie holds the secret, the table only its hash."""

    __tablename__ = "sign_ins"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the cookie's secret
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class UsersGeneration(Base):
    """One row whose number a trigger raises at every change of users or sign-ins (migration 0020):
    a worker's identity cache reads it to learn that what it keeps may be stale (ADR 27)."""

    __tablename__ = "users_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(BigInteger, default=0)


class ProcessFile(Base):
    """A BPMN file, stored once by content hash."""

    __tablename__ = "process_files"

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    content: Mapped[str] = mapped_column(Text)


class ProcessVersion(Base):
    """One deployed version of one process: its files pinned by content hash."""

    __tablename__ = "process_versions"
    __table_args__ = (
        # Keeps the name it got when the column was called `version`: SQLite cannot rename a constraint
        # without rebuilding the table, which the cases referring to it forbid (migration 0007).
        UniqueConstraint("process_id", "content_hash", name="uq_process_versions_process_id_version"),
        UniqueConstraint("process_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(200), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))  # of its files, in file name order
    number: Mapped[int] = mapped_column(Integer)  # the version number: 1, 2, ...
    name: Mapped[str] = mapped_column(String(300))
    phase: Mapped[str | None] = mapped_column(String(20))
    roles: Mapped[list[str]] = mapped_column(JSONType)
    files: Mapped[dict[str, str]] = mapped_column(JSONType)  # file name -> content hash
    summary: Mapped[dict[str, Any]] = mapped_column(JSONType)
    deployed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    deployed_by: Mapped[str] = mapped_column(String(100))
    # No new cases start on a retired version; its running cases go on (engine/versions.py).
    retired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


@dataclass(frozen=True, slots=True)
class Version:
    """What a worker keeps of a process version (:func:`engine.processes.kept_version`): the columns of its
    row that never change once it is deployed. Not its ``phase`` nor ``retired_at``, which may change (a
    rollback retires and un-retires versions), nor its file list and catalogue summary, read where used."""

    id: int
    process_id: str
    content_hash: str
    number: int
    name: str
    roles: list[str]
    deployed_at: dt.datetime
    deployed_by: str

    @classmethod
    def of(cls, row: Any) -> Version:
        """The kept content of a version's row (a :class:`ProcessVersion` or a row with its columns)."""
        return cls(*(getattr(row, field.name) for field in fields(cls)))


class ProcessVersionChange(Base):
    """Who rolled a process back, retired a version or moved cases between versions, when and why."""

    __tablename__ = "process_version_changes"
    __table_args__ = (Index("ix_process_version_changes_process_id_at", "process_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    process_id: Mapped[str] = mapped_column(String(200))
    number: Mapped[int] = mapped_column(Integer)  # the version the change is about
    action: Mapped[str] = mapped_column(String(20))  # vocabulary.VersionAction
    reason: Mapped[str] = mapped_column(String(500))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)


class Pilot(Base):
    """A version of a process tried on a share of the new cases of some gemeenten (engine/pilots.py)."""

    __tablename__ = "pilots"
    __table_args__ = (Index("ix_pilots_process_id_started_at", "process_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(200))
    number: Mapped[int] = mapped_column(Integer)  # the version tried
    share: Mapped[float] = mapped_column(Float)  # of the new cases, 0 < share < 1
    gemeenten: Mapped[list[str]] = mapped_column(JSONType)
    reason: Mapped[str] = mapped_column(String(500))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    started_by: Mapped[str] = mapped_column(String(100))
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ended_by: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))  # vocabulary.PilotStatus


RUNNING_PILOT = "ended_at IS NULL"


class PilotGemeente(Base):
    """A gemeente of a pilot: at most one running pilot per process and gemeente (the partial unique
    index), and the row a case start looks up."""

    __tablename__ = "pilot_gemeenten"
    __table_args__ = (
        Index(
            "ix_pilot_gemeenten_running",
            "process_id",
            "gemeente",
            unique=True,
            postgresql_where=text(RUNNING_PILOT),
            sqlite_where=text(RUNNING_PILOT),
        ),
    )

    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id"), primary_key=True)
    gemeente: Mapped[str] = mapped_column(String(100), primary_key=True)
    process_id: Mapped[str] = mapped_column(String(200))
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


_OPEN_VALUES = [s.value for s in OPEN_TASK_STATUSES]


class Case(Base):
    """One client in one process. ``state`` is the workflow without spec and finished history."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_status_next_timer_at", "status", "next_timer_at"),
        # The steering KPIs: the cases of a few processes that ended, or started, in a month (and
        # those running at a month's end, from the second index alone).
        Index("ix_cases_process_id_ended_at", "process_id", "ended_at"),
        Index("ix_cases_process_id_started_at", "process_id", "started_at", "gemeente", "ended_at"),
        # The outcome report counts the cases that ended, and started, in a period per gemeente, from
        # the indexes alone: they hold every column it groups and times by (migration 0021).
        Index(
            "ix_cases_ended",
            "status",
            "gemeente",
            "ended_at",
            "process_id",
            "process_version_id",
            "outcome_type",
            "started_at",
        ),
        Index("ix_cases_gemeente_started_at", "gemeente", "started_at", "process_id", "process_version_id"),
        # A client's cases in a gemeente over time: did the client come back after an uitstroom (KPIs).
        Index("ix_cases_client_ref_gemeente_started_at", "client_ref", "gemeente", "started_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    process_version_id: Mapped[int] = mapped_column(ForeignKey("process_versions.id"), index=True)
    process_id: Mapped[str] = mapped_column(String(200), index=True)
    gemeente: Mapped[str] = mapped_column(String(100), index=True)
    client_ref: Mapped[str] = mapped_column(String(100))
    bsn_hash: Mapped[str | None] = mapped_column(
        String(64), index=True
    )  # keyed hash; the BSN itself is not stored
    status: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(Text)
    serializer_version: Mapped[str] = mapped_column(String(20))
    lock_version: Mapped[int] = mapped_column(Integer)
    next_timer_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    last_role: Mapped[str | None] = mapped_column(String(50))
    last_actor: Mapped[str | None] = mapped_column(String(100))
    last_task_id: Mapped[str | None] = mapped_column(String(36))
    last_task_name: Mapped[str | None] = mapped_column(String(300))
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    audit_head: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_by: Mapped[str] = mapped_column(String(100))
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The pilot whose draw chose the case's version (engine/pilots.py, ADR 31); None: no pilot ran. No
    # foreign key: SQLite would have to rebuild the cases table, which the tables referring to it forbid.
    pilot_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # The end event that ended a completed case and its outcome type (vocabulary.Uitkomst; None for an
    # end without one): never an escalation branch's end (engine/outcomes.py).
    outcome_element: Mapped[str | None] = mapped_column(String(200))
    outcome_type: Mapped[str | None] = mapped_column(String(40))
    # How many timer_fired events the case has (engine/store.py counts each as it fires), so a report
    # asks the case, not its history, whether a term passed (the pilot report, migration 0021).
    timers_fired: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The case whose end started this one as its follow-up (an end event's vervolgproces, ADR 40); None
    # for a case someone started. No foreign key, as for pilot_id.
    origin_case_id: Mapped[str | None] = mapped_column(String(36), index=True)

    # Read from the database on first use; a step sets it to the tasks it left open, without a query.
    open_tasks: Mapped[list[CaseTask]] = relationship(
        primaryjoin=f"and_(Case.id == foreign(CaseTask.case_id), CaseTask.status.in_({_OPEN_VALUES}))",
        order_by="(CaseTask.ready_at, CaseTask.id)",
        viewonly=True,
        lazy="select",
    )

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def process_version(self) -> Version:
        """The content of the case's version, kept once per worker (:func:`engine.processes.kept_version`):
        a case is read without its version's row, and a step needs only what never changes of it."""
        kept: Version | None = self.__dict__.get("_process_version")
        if kept is None or kept.id != self.process_version_id:
            from .processes import kept_version  # processes imports this module

            session = object_session(self)
            assert session is not None, "a new case is given its version when it is made"
            kept = self.__dict__["_process_version"] = kept_version(session, self.process_version_id)
        return kept

    @process_version.setter
    def process_version(self, version: Version) -> None:
        self.__dict__["_process_version"] = version


# Written out literally so that both databases' planners can match queries to the partial index.
OPEN_TASK = f"status IN ({', '.join(repr(s.value) for s in OPEN_TASK_STATUSES)})"


class CaseTask(Base):
    """A user task of a case as the work queue sees it (the workflow state is the truth)."""

    __tablename__ = "case_tasks"
    __table_args__ = (
        # Per-task statistics of a process: the tasks of the parts of months at a period's edges (the
        # whole months are counted, engine/task_counts.py); no (status, gemeente) index, which would lure
        # SQLite's planner away from walking the open tasks in ready_at order.
        Index("ix_case_tasks_process_id_gemeente_ready_at", "process_id", "gemeente", "ready_at"),
        # A case's open tasks are read on every step; a long-running case has many done ones.
        Index("ix_case_tasks_case_id_status", "case_id", "status"),
        # The work queue walks open tasks oldest first and stops after a page.
        Index(
            "ix_case_tasks_open_ready_at",
            "ready_at",
            "id",
            postgresql_where=text(OPEN_TASK),
            sqlite_where=text(OPEN_TASK),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    process_id: Mapped[str] = mapped_column(String(200))
    gemeente: Mapped[str] = mapped_column(String(100))
    element_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str | None] = mapped_column(String(50))
    assignee: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))  # ready, claimed, completed, cancelled
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ready_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    completed_by: Mapped[str | None] = mapped_column(String(100))
    organisatie: Mapped[str | None] = mapped_column(String(40))  # of its lane (vocabulary.Organisatie)

    # The roles whose work queue shows the task, fixed when it becomes ready. Kept on the row for reading;
    # case_task_roles holds the same roles one per row so the work queue can find tasks by role.
    roles: Mapped[list[str]] = mapped_column(JSONType, server_default=text("'[]'"))


class CaseTaskRole(Base):
    """A role whose work queue shows the task: its candidate groups, else its lane's role."""

    __tablename__ = "case_task_roles"

    role: Mapped[str] = mapped_column(String(50), primary_key=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("case_tasks.id"), primary_key=True, index=True)


class AuditEvent(Base):
    """Append-only record of every change to a case; each links to the previous by hash."""

    __tablename__ = "audit_events"
    __table_args__ = (
        UniqueConstraint("case_id", "seq"),
        Index("ix_audit_events_at_id", "at", "id"),
        Index("ix_audit_events_process_id_at", "process_id", "at"),
        Index("ix_audit_events_actor_at", "actor", "at"),
        Index("ix_audit_events_type_at", "type", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(40))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    role: Mapped[str | None] = mapped_column(String(50))
    process_id: Mapped[str] = mapped_column(String(200))
    process_version_hash: Mapped[str] = mapped_column(String(64))
    task_id: Mapped[str | None] = mapped_column(String(36))
    task_name: Mapped[str | None] = mapped_column(String(300))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditSeal(Base):
    """A seal over the heads of every case, chained to the previous seal (docs/auditor.md#seals).

    Deleting a whole case with its events leaves no broken link in any case's chain; the seal still
    names the case, with the count and head it had. Append-only, like audit events.
    """

    __tablename__ = "audit_seals"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    cases: Mapped[int] = mapped_column(Integer)
    events: Mapped[int] = mapped_column(Integer)  # the sum of the cases' event counts
    heads_hash: Mapped[str] = mapped_column(String(64))  # over (id, event_count, audit_head) in id order
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditSealHeads(Base):
    """The case heads the latest seal covers, one line per case (zlib); older seals keep only their hash."""

    __tablename__ = "audit_seal_heads"

    seal_seq: Mapped[int] = mapped_column(
        ForeignKey("audit_seals.seq"), primary_key=True, autoincrement=False
    )
    heads: Mapped[bytes] = mapped_column(LargeBinary)


WAITING_HANDOVER = "picked_up_at IS NULL AND withdrawn_at IS NULL"


class Handover(Base):
    """Work passing from one role to another within a case; picked up when the receiver acts."""

    __tablename__ = "handovers"
    __table_args__ = (
        Index("ix_handovers_process_id_handed_over_at", "process_id", "handed_over_at"),
        # Covers the handover report: counts and waits per process, gemeente and pair of roles
        # from the index alone.
        Index(
            "ix_handovers_report",
            "process_id",
            "gemeente",
            "from_role",
            "to_role",
            "handed_over_at",
            "picked_up_at",
            "withdrawn_at",
        ),
        # The steering KPIs: per gemeente and month the handovers and their waits, from the index alone.
        Index(
            "ix_handovers_gemeente_handed_over_at",
            "gemeente",
            "handed_over_at",
            "process_id",
            "picked_up_at",
            "withdrawn_at",
        ),
        # The handovers still waiting, for the /metrics gauge and `?waiting=true`.
        Index(
            "ix_handovers_waiting",
            "to_role",
            "handed_over_at",
            postgresql_where=text(WAITING_HANDOVER),
            sqlite_where=text(WAITING_HANDOVER),
        ),
        # The overdue list of the handover report: the oldest still waiting, read in the index's order
        # and filtered on its gemeente and process, up to its limit (migration 0025).
        Index(
            "ix_handovers_waiting_oldest",
            "handed_over_at",
            "id",
            "gemeente",
            "process_id",
            postgresql_where=text(WAITING_HANDOVER),
            sqlite_where=text(WAITING_HANDOVER),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    process_id: Mapped[str] = mapped_column(String(200))
    process_version_hash: Mapped[str] = mapped_column(String(64))
    gemeente: Mapped[str] = mapped_column(String(100))
    from_role: Mapped[str | None] = mapped_column(String(50))
    to_role: Mapped[str | None] = mapped_column(String(50))
    # the organisations of the lanes it leaves and reaches (vocabulary.Organisatie), when the model names them
    from_organisatie: Mapped[str | None] = mapped_column(String(40))
    to_organisatie: Mapped[str | None] = mapped_column(String(40))
    from_user: Mapped[str | None] = mapped_column(String(100))
    from_task_name: Mapped[str | None] = mapped_column(String(300))
    to_task_id: Mapped[str] = mapped_column(String(36), index=True)
    to_task_name: Mapped[str] = mapped_column(String(300))
    handed_over_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    picked_up_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    picked_up_by: Mapped[str | None] = mapped_column(String(100))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    """When the receiving task was withdrawn before anyone picked it up; the handover waits no more."""
    withdrawn_reason: Mapped[str | None] = mapped_column(String(50))
    """Why: ``task_withdrawn`` (a boundary event, event-based gateway or event subprocess took the
    case elsewhere), ``case_cancelled`` or ``case_completed`` (the case ended with the task open)."""

    @classmethod
    def waiting(cls) -> ColumnElement[bool]:
        """Neither picked up nor withdrawn: the receiving role still has to act."""
        return and_(cls.picked_up_at.is_(None), cls.withdrawn_at.is_(None))


class AccessLog(Base):
    """A read of a case's personal data: who, when, which case, what and why (ZGW `toelichting`)."""

    __tablename__ = "access_log"
    __table_args__ = (
        Index("ix_access_log_case_id_at", "case_id", "at"),
        Index("ix_access_log_actor_at", "actor", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(100))
    roles: Mapped[list[str]] = mapped_column(JSONType)
    case_id: Mapped[str] = mapped_column(String(36))
    gemeente: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))  # case, tasks, history
    reason: Mapped[str | None] = mapped_column(String(500))


class IdempotencyKey(Base):
    """The response to a POST sent with an ``Idempotency-Key``, replayed to a retry (engine/idempotency)."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_name", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_name: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of method, path with query, body
    # NULL only inside the transaction that claimed the key, until its response is stored
    status_code: Mapped[int | None] = mapped_column(Integer)
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


class Deployment(Base):
    """A deployment through the Camunda 7 REST API (``/engine-rest``): its name, source and tenant
    (a gemeente) as the Modeler sends them, and the process versions it made (ADR 22)."""

    __tablename__ = "deployments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(300))
    source: Mapped[str | None] = mapped_column(String(300))
    tenant_id: Mapped[str | None] = mapped_column(String(100))
    deployed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    deployed_by: Mapped[str] = mapped_column(String(100))


class DeploymentVersion(Base):
    """A process version a deployment made; a version is made by one deployment at most."""

    __tablename__ = "deployment_versions"

    deployment_id: Mapped[str] = mapped_column(ForeignKey("deployments.id"), primary_key=True)
    process_version_id: Mapped[int] = mapped_column(
        ForeignKey("process_versions.id"), primary_key=True, unique=True
    )


class HandoverCount(Base):
    """The handovers counted as they happen (ADR 36, amended): per gemeente, calendar month in
    Amsterdam of the handover, process, pair of roles and pair of lane organisations ('' for none),
    a count by name: ``handed_over``, ``picked_up``, ``withdrawn``, the picked-up ones per bucket of
    their wait (``wait.<lower bound in seconds>``), their summed wait (``wait.sum``) and the longest
    (``wait.max``, a maximum, not a sum). engine/handover_counts.py writes it in the transaction of the
    step that hands over, picks up or withdraws; the handover report reads it for whole months."""

    __tablename__ = "handover_counts"

    gemeente: Mapped[str] = mapped_column(String(100), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    process_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    from_role: Mapped[str] = mapped_column(String(50), primary_key=True)
    to_role: Mapped[str] = mapped_column(String(50), primary_key=True)
    from_organisatie: Mapped[str] = mapped_column(String(40), primary_key=True)
    to_organisatie: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[float] = mapped_column(Float)


class TaskCount(Base):
    """The user tasks counted as they happen (ADR 37, amended): per process, gemeente, calendar month in
    Amsterdam of the moment the task became ready, element and the task's name, a sum by name: ``ready``
    (every task), ``open`` (ready or claimed now), ``completed``, and of the completed ones the time from
    ready to done, its whole seconds (``seconds``) and the microseconds beyond them (``microseconds``), so
    the sum stays exact. engine/task_counts.py writes it in the transaction of the step that makes, completes
    or cancels a task; the per-task statistics read it for whole months."""

    __tablename__ = "task_counts"

    process_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    gemeente: Mapped[str] = mapped_column(String(100), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    element_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    task_name: Mapped[str] = mapped_column(String(300), primary_key=True)
    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[float] = mapped_column(Float)


class ReportCount(Base):
    """A count the reports read instead of the cases (ADR 39): per gemeente, calendar month in Amsterdam,
    process version and name (``started``, ``completed``, ``uitkomst.toegekend``, a KPI's numerator
    ``aanvragen_binnen_termijn`` and denominator ``aanvragen_binnen_termijn:d``, a lead-time bucket
    ``doorloop.86400``, a fired term ``timer.Timer_beslistermijn``, ...). engine/rollup.py writes it in
    the transaction of the step that changes it; a name ending in ``.max`` keeps a maximum, others a sum."""

    __tablename__ = "report_counts"
    __table_args__ = (Index("ix_report_counts_month", "month", "gemeente", "process_id", "name", "value"),)

    gemeente: Mapped[str] = mapped_column(String(100), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    process_version_id: Mapped[int] = mapped_column(ForeignKey("process_versions.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(250), primary_key=True)
    process_id: Mapped[str] = mapped_column(String(200))
    value: Mapped[float] = mapped_column(Float)
