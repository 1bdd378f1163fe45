"""case outcomes: the end event that ended a case and its outcome type

A completed case records the end event that ended it (``outcome_element``) and that end's
``uitkomst`` (``outcome_type``), for the outcome report; ``ix_cases_gemeente_ended_at`` serves the
report's period. Cases completed before are filled in from their ``case_completed`` event, which
names the end event: by that name among the ends of the case's version that can be its outcome
(engine/outcomes.py, the rule the engine applies). A name that is no such end (an escalation
branch's end that finished last, as the engine used to record) or that several ends share stays
empty rather than guessed.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06
"""

from collections import defaultdict

import sqlalchemy as sa
from alembic import op
from lxml import etree
from sqlalchemy.dialects.postgresql import JSONB

from engine import outcomes

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

BPMN_PROCESS = "{http://www.omg.org/spec/BPMN/20100524/MODEL}process"
JSON = sa.JSON().with_variant(JSONB(), "postgresql")
EVENTS = sa.table("audit_events", sa.column("case_id"), sa.column("type"), sa.column("data", JSON))
CASES = sa.table(
    "cases",
    sa.column("id"),
    sa.column("status"),
    sa.column("process_version_id"),
    sa.column("outcome_element"),
    sa.column("outcome_type"),
)
VERSIONS = sa.table("process_versions", sa.column("id"), sa.column("process_id"), sa.column("files", JSON))
FILES = sa.table("process_files", sa.column("hash"), sa.column("content"))


def upgrade() -> None:
    # Not in batch mode: on SQLite that would copy the cases table, which the tasks' foreign keys forbid.
    op.add_column("cases", sa.Column("outcome_element", sa.String(length=200), nullable=True))
    op.add_column("cases", sa.Column("outcome_type", sa.String(length=40), nullable=True))
    op.create_index("ix_cases_gemeente_ended_at", "cases", ["gemeente", "ended_at"], unique=False)
    _backfill(op.get_bind())


def _backfill(connection: sa.Connection) -> None:
    by_name: dict[tuple[int, str], list[str]] = defaultdict(list)
    for case_id, version_id, data in connection.execute(
        sa.select(CASES.c.id, CASES.c.process_version_id, EVENTS.c.data)
        .join(EVENTS, EVENTS.c.case_id == CASES.c.id)
        .where(CASES.c.status == "completed", EVENTS.c.type == "case_completed")
    ):
        name = (data or {}).get("outcome")
        if name:
            by_name[(version_id, name)].append(case_id)
    ends = {version_id: _ends(connection, version_id) for version_id in {v for v, _ in by_name}}
    for (version_id, name), case_ids in by_name.items():
        named = [e for e in ends[version_id] if e.name == name]
        if len(named) != 1 or named[0].escalation:
            continue
        for start in range(0, len(case_ids), 500):
            connection.execute(
                CASES.update()
                .where(CASES.c.id.in_(case_ids[start : start + 500]))
                .values(outcome_element=named[0].element, outcome_type=named[0].type)
            )


def _ends(connection: sa.Connection, version_id: int) -> list[outcomes.End]:
    """The ends of a version's process, read from its stored files."""
    process_id, files = connection.execute(
        sa.select(VERSIONS.c.process_id, VERSIONS.c.files).where(VERSIONS.c.id == version_id)
    ).one()
    hashes = list((files or {}).values())
    for (content,) in connection.execute(sa.select(FILES.c.content).where(FILES.c.hash.in_(hashes))):
        root = etree.fromstring(content.encode(), etree.XMLParser(resolve_entities=False, no_network=True))
        for process in root.iter(BPMN_PROCESS):
            if process.get("id") == process_id:
                return outcomes.ends(process)
    return []


def downgrade() -> None:
    op.drop_index("ix_cases_gemeente_ended_at", table_name="cases")
    op.drop_column("cases", "outcome_type")
    op.drop_column("cases", "outcome_element")
