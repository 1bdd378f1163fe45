"""Whether this database can serve requests: reachable, migrated to this version's head, processes deployed.

The checks read only; on SQLite they do not queue for the write lock. Their details name
revisions and counts, never a URL, a host, a user or an error message of the driver.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from . import migrate
from .db import READ_ONLY
from .models import ProcessVersion

logger = logging.getLogger("procesregie.health")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def readiness(engine: Engine) -> list[Check]:
    """The database, migrations and processes checks, in that order; each fails when the one before did."""
    head = migrate.head()
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(**{READ_ONLY: True})
            revision = migrate.current(connection)
            processes = 0
            if revision == head:
                count = select(func.count(func.distinct(ProcessVersion.process_id)))
                processes = connection.execute(count).scalar_one()
    except SQLAlchemyError as err:
        # The driver's message may name the host and the user: it goes to the log, not to the caller.
        logger.warning("readiness: the database cannot be reached: %s", err.__class__.__name__, exc_info=True)
        return no_database("cannot be reached")
    if revision == head:
        migrations = Check("migrations", True, f"at {head}, the head of this version")
    elif revision is None:
        migrations = Check("migrations", False, f"not migrated; run `procesregie migrate` (head {head})")
    else:
        migrations = Check(
            "migrations", False, f"at {revision}, this version needs {head}; run `procesregie migrate`"
        )
    if not migrations.ok:
        deployed = Check("processes", False, "not checked: migrations not at head")
    elif processes == 0:
        deployed = Check("processes", False, "none deployed; run `procesregie deploy`")
    else:
        deployed = Check("processes", True, f"{processes} deployed")
    return [Check("database", True, "reachable"), migrations, deployed]


def no_database(detail: str) -> list[Check]:
    """The checks when the database cannot be reached or does not answer, as ``detail`` says."""
    return [
        Check("database", False, detail),
        Check("migrations", False, "not checked: no database"),
        Check("processes", False, "not checked: no database"),
    ]
