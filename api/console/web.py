"""What every console page shares: the signed-in user, CSRF, templates, errors and diagrams.

A console page declares who may open it as the API's routes do (ADR 13): its caller
parameter is a :class:`~engine.users.SignedIn` marked :class:`~api.deps.Authenticated`
with the same rules of :mod:`engine.access`, read from the sign-in cookie instead of a
bearer token. Forms that change something carry the sign-in's CSRF token.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException

from engine import access, audit, users
from engine.db import unreachable
from engine.errors import (
    CaseNotRunning,
    ConcurrentUpdate,
    EngineError,
    FieldError,
    FourEyes,
    InvalidInput,
    NotFound,
    PermissionDenied,
    ProcessError,
    ProcessInvalid,
    TaskClaimed,
    TaskNotReady,
)
from engine.forms import FormField
from engine.identities import IdentityCache
from engine.users import SignedIn
from engine.vocabulary import Organisatie, Role

from ..deps import Authenticated, Credentials, identities
from ..limits import BodyTooLarge
from .problems_nl import dutch_problem

HERE = Path(__file__).resolve().parent
SIGN_IN_COOKIE = "procesregie_sessie"
LOGIN_CSRF_COOKIE = "procesregie_login"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

templates = Jinja2Templates(directory=HERE / "templates")
logger = logging.getLogger("procesregie.console")


class SignInRequired(Exception):
    """The console needs a (new) sign-in: the browser goes to the sign-in page and comes back."""


class FormExpired(Exception):
    """A form came without the CSRF token of the current sign-in (an old tab, or another site)."""


ERRORS = (SignInRequired, FormExpired)
"""The errors only the console raises."""


def cookie_signer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="procesregie-console")


@dataclass(frozen=True)
class SignInCookie(Credentials):
    """A console sign-in's secret from its signed cookie, and the CSRF token a form sent with it."""

    secret: str | None
    rule: access.Rule | None
    unsafe: bool
    csrf_token: str | None
    identities: IdentityCache

    def _load(self, session: Session) -> tuple[SignedIn, dt.datetime] | None:
        signed = users.signed_in(session, self.secret) if self.secret else None
        return None if signed is None else (signed, signed.expires_at)

    def authenticate(self, session: Session) -> SignedIn:
        signed = self.identities.get(session, "sign-in", self.secret, self._load) if self.secret else None
        if signed is None:
            raise SignInRequired()
        if self.unsafe and self.csrf_token != signed.csrf_token:
            raise FormExpired()
        if self.rule is not None:
            self.rule.check(signed.actor)
        return signed


def sign_in_cookie(rule: access.Rule | None) -> Callable[..., Awaitable[Credentials]]:
    """The dependency that reads the sign-in cookie and a form's CSRF token, for callers of ``rule``."""

    async def read(request: Request) -> Credentials:
        unsafe = request.method in UNSAFE_METHODS
        csrf = None
        if unsafe:
            csrf = request.headers.get("X-CSRF-Token")
            if csrf is None and "form" in request.headers.get("content-type", ""):
                value = (await request.form()).get("csrf_token")
                csrf = value if isinstance(value, str) else None
        return SignInCookie(read_sign_in_cookie(request), rule, unsafe, csrf, identities(request))

    return read


def read_sign_in_cookie(request: Request) -> str | None:
    """The sign-in secret in the request's cookie, if its signature holds and it has not expired."""
    value = request.cookies.get(SIGN_IN_COOKIE)
    if not value:
        return None
    signer: URLSafeTimedSerializer = request.app.state.cookie_signer
    try:
        secret = signer.loads(value, max_age=int(request.app.state.sign_in_lifetime.total_seconds()))
    except BadSignature:
        return None
    return secret if isinstance(secret, str) else None


def _signed_in(rule: access.Rule | None = None) -> Authenticated:
    return Authenticated(rule, read=sign_in_cookie)


Anyone = Annotated[SignedIn, _signed_in()]
"""Any signed-in user."""
Designer = Annotated[SignedIn, _signed_in(access.DEPLOY)]
UserManager = Annotated[SignedIn, _signed_in(access.MANAGE_USERS)]
AuditTrailReader = Annotated[SignedIn, _signed_in(access.READ_AUDIT_TRAIL)]
ReportReader = Annotated[SignedIn, _signed_in(access.READ_REPORTS)]


# -- pages ---------------------------------------------------------------------------------------

NAVIGATION: tuple[tuple[str, str, frozenset[Role] | None], ...] = (
    ("/ui/werkvoorraad", "Werkvoorraad", None),
    ("/ui/processen", "Processen", frozenset(Role)),
    ("/ui/regie", "Regie", access.READ_REPORTS.roles),
    ("/ui/audit", "Audit", access.READ_AUDIT_TRAIL.roles),
    ("/ui/beheer", "Beheer", access.MANAGE_USERS.roles),
)


def start_page(actor: users.Actor) -> str:
    """Where a user lands after signing in: their own work first."""
    if actor.lane_roles:
        return "/ui/werkvoorraad"
    for path, _, roles in NAVIGATION[2:]:
        if roles is not None and not actor.roles.isdisjoint(roles):
            return path
    return "/ui/processen"


def navigation(actor: users.Actor) -> list[tuple[str, str]]:
    """The pages the user may open, for the menu."""
    pages = []
    for path, label, roles in NAVIGATION:
        if roles is None:
            if actor.lane_roles or not actor.roles.isdisjoint(access.READ_REPORTS.roles):
                pages.append((path, label))
        elif not actor.roles.isdisjoint(roles):
            pages.append((path, label))
    return pages


def render(
    request: Request, template: str, signed: SignedIn | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """A page of the console, with the menu of the signed-in user and their CSRF token."""
    context |= {
        "signed": signed,
        "actor": signed.actor if signed else None,
        "csrf_token": signed.csrf_token if signed else None,
        "navigation": navigation(signed.actor) if signed else [],
        "path": request.url.path,
    }
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def redirect(url: str) -> RedirectResponse:
    """After a form that changed something: the browser loads the next page with GET."""
    return RedirectResponse(url, status_code=303)


def local_url(url: str | None, default: str = "/ui/") -> str:
    """A return address inside the console, never another site."""
    if url and url.startswith("/ui/") and not url.startswith("//"):
        return url
    return default


# -- errors --------------------------------------------------------------------------------------


async def error_response(request: Request, err: Exception) -> Response:
    """How the console answers an error of the engine or of the sign-in: a Dutch page, never a trace,
    inside the signed-in user's menu when the request came with a sign-in."""
    if isinstance(err, SignInRequired):
        return _to_sign_in(request)
    status, title, message = _explain(err)
    signed = None if unreachable(err) else await run_in_threadpool(_signed_in_for_error, request)
    page = render(request, "fout.html", signed, status_code=status, title=title, message=message)
    if from_htmx(request):
        # A button that swaps part of a page (the work queue's Oppakken): the error takes the place of
        # the page's content instead, as a page without htmx would show it (static/console.js swaps it).
        page.headers.update({"HX-Retarget": "#inhoud", "HX-Reswap": "outerHTML", "HX-Reselect": "#inhoud"})
    return page


def _to_sign_in(request: Request) -> Response:
    """To the sign-in page, and after it back to the page the user was on: the page itself, or for a
    form the page that held it (its address may take no GET: /ui/taken/{id}/oppakken). The sign-in
    page says why: a sign-in that has ended (its cookie came along), and a form that was not sent."""
    back = request.url.path
    if request.method != "GET":
        back = _local_referer(request) or "/ui/"
    to = f"/ui/login?volgende={quote(back)}"
    if request.cookies.get(SIGN_IN_COOKIE):
        to += "&verlopen=1"
    if request.method != "GET":
        to += "&niet_verstuurd=1"
    if from_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": to})
    return redirect(to)


def _local_referer(request: Request) -> str | None:
    """The console page a request came from (path and query), when the browser said so and it is one
    of this site's."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc and referer.netloc != request.url.netloc:
        return None
    if not referer.path.startswith("/ui/"):
        return None
    return referer.path + (f"?{referer.query}" if referer.query else "")


def from_htmx(request: Request) -> bool:
    """A request of htmx (a button of the work queue that swaps the task's row instead of loading a
    page), not of a page or form of its own."""
    return request.headers.get("HX-Request") == "true"


def _signed_in_for_error(request: Request) -> SignedIn | None:
    """Who the request's sign-in cookie belongs to, for the menu of an error page; None when nobody is
    signed in or the lookup itself fails (the error page is shown anyway, without the menu).

    The request's own transaction has ended (rolled back, or never begun: a 404 of the router), so the
    lookup has one of its own, through the same identity cache as every page."""
    secret = read_sign_in_cookie(request)
    if secret is None:
        return None
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    session = factory()
    try:
        return SignInCookie(secret, None, False, None, identities(request)).authenticate(session)
    except SignInRequired:
        return None
    except SQLAlchemyError:
        logger.warning("no menu on an error page: the sign-in could not be read", exc_info=True)
        return None
    finally:
        session.rollback()
        session.close()


def _explain(err: Exception) -> tuple[int, str, str]:
    if unreachable(err):
        return (
            503,
            "Database niet bereikbaar",
            "De database is even niet bereikbaar. Er is niets gewijzigd; probeer het over een paar "
            "seconden opnieuw.",
        )
    if isinstance(err, BodyTooLarge):
        return (
            413,
            "Te groot",
            f"Wat u verstuurde is groter dan {err.limit // 1_000_000} MB. Er is niets gewijzigd.",
        )
    if isinstance(err, StarletteHTTPException):
        if err.status_code == 404:
            return 404, "Niet gevonden", "Deze pagina bestaat niet."
        if err.status_code == 405:
            return (
                405,
                "Niet mogelijk",
                "Dit adres hoort bij een knop op een pagina, niet bij een pagina zelf. Ga terug en gebruik"
                " de knop; er is niets gewijzigd.",
            )
        return (
            err.status_code,
            "Niet mogelijk",
            "Dit verzoek kan niet worden verwerkt; er is niets gewijzigd.",
        )
    if isinstance(err, RequestValidationError):
        wrong = ", ".join(str(e["loc"][-1]) for e in err.errors())
        return 422, "Ongeldige invoer", f"Controleer: {wrong}."
    if isinstance(err, FormExpired):
        return (
            403,
            "Formulier verlopen",
            "Dit formulier hoort bij een eerdere aanmelding. Laad de pagina opnieuw.",
        )
    if isinstance(err, NotFound):
        return (
            404,
            "Niet gevonden",
            f"{_KINDS.get(err.kind, 'Dit')} bestaat niet, of u heeft er geen toegang toe.",
        )
    if isinstance(err, FourEyes):
        return (
            403,
            "Vier ogen",
            f"'{err.task_name}' controleert '{err.checked}', dat u in deze zaak deed; iemand anders moet"
            " deze taak doen. Er is niets gewijzigd.",
        )
    if isinstance(err, PermissionDenied):
        return 403, "Geen toegang", f"Dit mag u niet: {dutch(str(err))}."
    if isinstance(err, TaskClaimed):
        return 409, "Taak al opgepakt", f"Deze taak is opgepakt door {err.claimed_by}."
    if isinstance(err, TaskNotReady):
        return 409, "Taak niet meer open", "Deze taak is al afgerond of vervallen; er is niets gewijzigd."
    if isinstance(err, CaseNotRunning):
        return 409, "Zaak loopt niet meer", f"Deze zaak is {_STATUSES.get(err.status, err.status)}."
    if isinstance(err, ConcurrentUpdate):
        return (
            409,
            "Tegelijk gewijzigd",
            "Iemand anders wijzigde deze zaak op hetzelfde moment. Laad de pagina opnieuw.",
        )
    if isinstance(err, ProcessError):
        return (
            422,
            "Proces vastgelopen",
            f"Het proces liep vast bij {err.element}: {err.message}. Er is niets gewijzigd.",
        )
    if isinstance(err, ProcessInvalid):
        return 422, "Model niet in orde", "; ".join(f"{p.element}: {dutch(p.message)}" for p in err.problems)
    if isinstance(err, InvalidInput):
        return 422, "Ongeldige invoer", "; ".join(f"{e.field}: {e.message}" for e in err.errors)
    if isinstance(err, EngineError):
        return 409, "Niet mogelijk", dutch(str(err))
    return 500, "Er ging iets mis", "Er is niets gewijzigd. Probeer het opnieuw of meld het bij de beheerder."


_KINDS = {
    "case": "Deze zaak",
    "task": "Deze taak",
    "process": "Dit werkproces",
    "process version": "Deze procesversie",
    "user": "Deze gebruiker",
}
_STATUSES = {"running": "lopend", "completed": "afgerond", "cancelled": "beëindigd"}


# -- forms ---------------------------------------------------------------------------------------


async def form_data(request: Request) -> FormData:
    """A submitted form, read once (the CSRF check reads it too)."""
    return await request.form(max_fields=500)


# The engine's validation messages as the console says them.
MESSAGES = (
    (re.compile(r"^is required$"), "is verplicht"),
    (re.compile(r"^is not a field of this form$"), "hoort niet bij dit formulier"),
    (re.compile(r"^Input should be a valid integer"), "vul een geheel getal in"),
    (re.compile(r"^Input should be a valid boolean"), "kies ja of nee"),
    (re.compile(r"^Input should be a valid date"), "vul een geldige datum in (dd-mm-jjjj)"),
    (
        re.compile(r"^Decimal input should have no more than 2 decimal places"),
        "hoogstens 2 cijfers achter de komma",
    ),
    (
        re.compile(
            r"^(Input should be a valid decimal|Input should be a finite number|Value error, an amount)"
        ),
        "vul een bedrag in euro's in, bijvoorbeeld 1234,56",
    ),
    (re.compile(r"^Decimal input should have no more than \d+ digits"), "dit bedrag is te groot"),
    (re.compile(r"^Input should be greater than or equal to (\S+)"), r"moet minstens \1 zijn"),
    (re.compile(r"^Input should be less than or equal to (\S+)"), r"mag hoogstens \1 zijn"),
    (re.compile(r"^String should have at most (\d+) characters?"), r"mag hoogstens \1 tekens hebben"),
    (re.compile(r"^String should have at least (\d+) characters?"), r"moet minstens \1 tekens hebben"),
    (re.compile(r"^Input should be '.*"), "kies een van de opties"),
    (re.compile(r"^use lowercase letters"), "gebruik kleine letters, cijfers, '.', '_' of '-'"),
    (re.compile(r"^unknown role '(.*)'"), r"onbekende rol '\1'"),
    (re.compile(r"^give at least one role$"), "kies minstens één rol"),
    (
        re.compile(r"^give at least one gemeente$"),
        "vul minstens één gemeente in (alleen een ontwerper of beheerder kan zonder)",
    ),
    (re.compile(r"^not a gemeente of yours: (.*)"), r"u beheert deze gemeente niet: \1"),
    (re.compile(r"^give at least one gemeente of yours$"), "vul minstens één van uw gemeenten in"),
    (re.compile(r"^a beheerder needs a gemeente$"), "een beheerder heeft een gemeente nodig"),
    (
        re.compile(r"^another beheerder must give you a new role$"),
        "een andere beheerder moet u een nieuwe rol geven",
    ),
    (re.compile(r"^use at least (\d+) characters$"), r"gebruik minstens \1 tekens"),
    (
        re.compile(r"^you cannot take away your own role beheerder$"),
        "u kunt uw eigen rol beheerder niet weghalen",
    ),
    (re.compile(r"^you cannot disable yourself$"), "u kunt uzelf niet uitschakelen"),
    # Refusals of engine.access and the commands (PermissionDenied): who may do it instead.
    (re.compile(r"^only an ontwerper may deploy processes$"), "alleen een ontwerper publiceert processen"),
    (re.compile(r"^managing users needs the role beheerder$"), "gebruikers beheren vraagt de rol beheerder"),
    (re.compile(r"^the audit trail is for auditors$"), "de audit-gebeurtenissen zijn voor auditors"),
    (
        re.compile(r"^(reports|handovers) are for the procesregisseur and auditors$"),
        "de rapportages zijn voor de procesregisseur en auditors",
    ),
    (
        re.compile(r"^process mining exports are for auditors and the procesregisseur$"),
        "de exports voor procesmining zijn voor auditors en de procesregisseur",
    ),
    (
        re.compile(r"^reading every case of a gemeente is for the procesregisseur and auditors$"),
        "alle zaken van een gemeente lezen is voor de procesregisseur en auditors",
    ),
    (
        re.compile(r"^only the staff of its process, the procesregisseur and auditors read all of a case$"),
        "alleen de medewerkers van het proces, de procesregisseur en auditors lezen een hele zaak",
    ),
    (re.compile(r"^task '(.*)' is work for (.*)$"), r"taak '\1' is werk voor \2"),
    (re.compile(r"^task '(.*)' is assigned to (.*)$"), r"taak '\1' is toegewezen aan \2"),
    (
        re.compile(r"^vier ogen: '(.*)' checks '(.*)', which (.*) did; someone else must do it$"),
        r"vier ogen: '\1' controleert '\2', en dat deed \3; iemand anders moet dit doen",
    ),
    (re.compile(r"^you do not serve gemeente '(.*)'$"), r"u werkt niet voor gemeente '\1'"),
    (
        re.compile(r"^starting '(.*)' needs one of the roles (.*)$"),
        r"'\1' starten vraagt een van de rollen \2",
    ),
    (
        re.compile(r"^the case waits at (.*), which version (\d+) does not have$"),
        r"de zaak wacht bij \1, en versie \2 heeft dat niet",
    ),
    # Why a KPI has no value (engine.steering): its cell's title and the list under the tables.
    (
        re.compile(r"^no signal process sets a norm lead time"),
        "geen signaalproces heeft een normdoorlooptijd (proceseigenschap 'doorlooptijd'): de wet noch de "
        "modellen geven er een; een gemeente die er een vastlegt, krijgt deze KPI",
    ),
    (
        re.compile(r"^the invordering ends when verrekening with bijstand"),
        "de invordering eindigt wanneer verrekening met de bijstand (Pw 60a) of beslag begint: wat die"
        " maand na maand innen, wordt niet vastgelegd",
    ),
    (re.compile(r"^no gemeente ran this variant this month$"), "geen gemeente werkte deze maand zo"),
    (
        re.compile(r"^the (\d+) days after the uitstroom of this month have not all passed$"),
        r"de \1 dagen na de uitstroom in deze maand zijn nog niet allemaal voorbij",
    ),
)


def dutch(message: str) -> str:
    """One of the engine's messages as the console says it; a lint or deploy problem through the
    table of problems_nl."""
    for pattern, text in MESSAGES:
        match = pattern.match(message)
        if match:
            return match.expand(text)
    return dutch_problem(message)


def dutch_errors(errors: list[FieldError]) -> dict[str, str]:
    """The engine's messages per field (the first of each field), as the console says them."""
    shown: dict[str, str] = {}
    for error in errors:
        shown.setdefault(error.field.removeprefix("data."), dutch(error.message))
    return shown


# -- template helpers ----------------------------------------------------------------------------


def _local_time(value: dt.datetime | None, fmt: str = "%d-%m-%Y %H:%M") -> str:
    return value.astimezone(AMSTERDAM).strftime(fmt) if value else ""


def _organisation(value: str | None) -> str:
    """An organisation as people name it (SW-bedrijf); empty when none was recorded."""
    labels = {o.value: o.label for o in Organisatie}
    return labels.get(value or "", value or "")


def _duration(seconds: float | None) -> str:
    """A wait or lead time as people say it: 3 min, 5 u, 31,9 u, 2,5 d, 56 d."""
    if seconds is None:
        return "–"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{decimal(seconds / 3600)} u"
    return f"{decimal(seconds / 86400)} d"


def decimal(number: float, places: int = 1) -> str:
    """A number as Dutch readers write it, with a decimal comma: '31,9', '0,25'; a whole number of one
    place without it ('56', not '56,0')."""
    shown = f"{number:.{places}f}".replace(".", ",")
    return shown.removesuffix(",0") if places == 1 else shown


def diagram_attributes(
    bpmn_url: str,
    done: set[str] | frozenset[str] = frozenset(),
    active: set[str] | frozenset[str] = frozenset(),
    overlays: Mapping[str, str] | None = None,
    heat: Mapping[str, float] | None = None,
    problems: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The data attributes from which static/console.js draws a diagram with bpmn-js and marks it."""
    return {
        "data-bpmn": bpmn_url,
        "data-done": json.dumps(sorted(done)),
        "data-active": json.dumps(sorted(active)),
        "data-overlays": json.dumps(dict(overlays or {}), ensure_ascii=False),
        "data-heat": json.dumps(dict(heat or {})),
        "data-problems": json.dumps(dict(problems or {}), ensure_ascii=False),
    }


def shown_fields(fields: Iterable[FormField]) -> dict[str, FormField]:
    """Each form field by its id, so a value entered in it reads as the form showed it: an option of a
    choice field by its name ('Binnen de grens', not 'binnen_grens'), an amount in euros ('€ 1.250,50'),
    a date as Dutch readers write it ('18-01-2027')."""
    return {f.id: f for f in fields if f.options or f.type in ("bedrag", "date")}


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _show_value(value: Any, field: FormField | None = None) -> str:
    """A value of case data as Dutch readers see it, as its form field shows it where one is known; a
    date that a script computed (no form field: beslistermijn_tot) reads as a date field's would."""
    if field is None and isinstance(value, str) and ISO_DATE.fullmatch(value):
        return datum(value)
    if field is None or isinstance(value, bool):
        return audit.show(value)
    if isinstance(value, str) and value in (options := dict(field.options)):
        return options[value]
    if field.type == "bedrag" and isinstance(value, (int, float)):
        return euros(value)
    if field.type == "date" and isinstance(value, str):
        return datum(value)
    return audit.show(value)


def euros(amount: float) -> str:
    """An amount as Dutch readers write it: '€ 1.250,50', '€ -12,00'."""
    whole = f"{amount:,.2f}"
    return "€ " + whole.replace(",", " ").replace(".", ",").replace(" ", ".")


def datum(value: str) -> str:
    """A date of case data (ISO, as a date field stores it) as Dutch readers write it: '18-01-2027'; a
    value that is no date stays as it is."""
    try:
        return dt.date.fromisoformat(value).strftime("%d-%m-%Y")
    except ValueError:
        return value


MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def maand(value: str) -> str:
    """A calendar month as the reports key it ('2026-01') as Dutch readers write it: 'jan 2026'; a
    value that is no such month stays as it is."""
    year, _, month = value.partition("-")
    if year.isdigit() and month.isdigit() and 1 <= int(month) <= 12:
        return f"{MONTHS[int(month) - 1]} {year}"
    return value


def _query_without(params: Any, name: str) -> str:
    """The query string without ``name``, ready for ``name=...`` to follow."""
    kept = urlencode([(k, v) for k, v in params.multi_items() if k != name])
    return f"{kept}&" if kept else ""


templates.env.filters["tijd"] = _local_time
templates.env.filters["urlencode_without"] = _query_without
templates.env.filters["duur"] = _duration
templates.env.filters["decimaal"] = decimal
templates.env.filters["toon"] = _show_value
templates.env.filters["nl"] = dutch
templates.env.filters["maand"] = maand
templates.env.globals["STATUSES"] = _STATUSES
templates.env.globals["ORGANISATIES"] = list(Organisatie)
templates.env.filters["organisatie"] = _organisation
