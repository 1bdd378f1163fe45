from __future__ import annotations

from engine import audit, cases
from engine.errors import NotFound
from engine.models import utcnow

from ..deps import ApiRoute, CurrentActor, SessionDep
from ..routing import PrefixRouter
from ..schemas.clients import JourneyRead
from .cases import Reason

router = PrefixRouter(prefix="/clients", tags=["cases"], route_class=ApiRoute)


@router.get(
    "/{client_ref}/journey",
    response_model=JourneyRead,
    summary="A client's journey: every case of the client reference you may read, in order (logged)",
)
def get_journey(
    session: SessionDep, actor: CurrentActor, client_ref: str, reason: Reason = None
) -> JourneyRead:
    """The cases of one client across processes (melding, aanvraag, plan, re-integratie, werk, nazorg),
    with each case's outcome, lead time and handovers. Cases you may not read are left out; a client
    of whom you read no case does not exist for you (404)."""
    steps = cases.client_journey(session, actor, client_ref)
    if not steps:
        raise NotFound("client", client_ref.strip())
    for step in steps:
        audit.log_access(session, actor, step.case, "journey", reason)
    return JourneyRead.of(client_ref.strip(), steps, utcnow())
