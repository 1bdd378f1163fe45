"""Policy profiles: a gemeente's policy choices ("couleur locale"), one TOML file per gemeente.

The profile of a case's gemeente is copied into the case data under ``profiel`` when
the case starts, so gateway conditions can branch on it (``profiel.lks_breed``) and
the audit trail shows the policy the case ran under.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .config import get_settings
from .errors import Problem, ProcessInvalid


class Profile(BaseModel):
    """The policy choices of one gemeente that the work processes branch on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    gemeente: str = Field(description="gemeente id as used in cases (lowercase)")
    naam: str = Field(description="display name")
    diagnose_vooraf: bool = Field(
        True, description="diagnose for every client (true) or only for guided trajects (false)"
    )
    poortaanpak: Literal["direct_aanvragen", "snelle_uitstroom"] = Field(
        "direct_aanvragen",
        description="a client of 27 or over applies straight away, or is first mediated to work",
    )
    lks_breed: bool = Field(
        False, description="loonkostensubsidie for the whole target group (true) or a defined group only"
    )
    plafond_trajecten: int | None = Field(
        None, ge=0, description="at most this many new re-integration trajects a year"
    )
    overdracht: Literal["taakgericht", "regiegericht"] = Field(
        "regiegericht",
        description="the matchbare kandidaat passes werkcoach, klantmanager, begeleider and accountmanager "
        "in turn (taakgericht), or goes from the werkcoach straight to the accountmanager while the "
        "klantmanager is informed (regiegericht)",
    )
    doelgroepen: Literal["wet", "werkgeversvraag"] = Field(
        "wet", description="target groups by law or by employer demand"
    )
    kandidaatbeoordeling: Literal["loonwaarde", "time_to_market"] = Field(
        "loonwaarde", description="judge candidates on earning capacity or on time to market"
    )
    time_to_market_maanden: int = Field(
        12, ge=1, le=36, description="months within which a candidate must be able to work"
    )
    zittend_bestand: Literal["zelfde_proces", "tweede_poort"] = Field(
        "zelfde_proces", description="long-term caseload through the same process or a structured second gate"
    )
    aanpak: Literal["individueel", "groep"] = Field("individueel", description="1:1 or group approach")
    uitvoering: Literal["zelf", "uitbesteed"] = Field("zelf", description="do it yourself or contract it out")
    nazorg_maanden: int = Field(3, ge=0, le=24, description="months of aftercare after placement")
    vier_ogen_vanaf_bedrag: int | None = Field(
        None,
        ge=0,
        description="a toekenning of at least this many euros decided under mandaat is checked by a second "
        "person (four eyes); absent: no check",
    )
    adviescommissie_bezwaar: bool = Field(
        False,
        description="bezwaren are heard by an adviescommissie (Awb 7:13): the decision term is 12 weeks "
        "instead of 6 (Awb 7:10 lid 1)",
    )


REMOVED: dict[str, str] = {
    "beschut_werk_vorm": "was removed: beschut werk is a dienstbetrekking the college must offer (Pw 10b), "
    "dagbesteding is no alternative route and no process read the key; delete the line",
    "plafond_beschut_werk": "was removed: the beschut-werk taakstelling (Pw 10b) is a minimum, not a "
    "maximum, and no process read the key; delete the line",
}
"""Keys an older profile file may still hold, with what the beheerder does about each."""
RENAMED_VALUES: dict[tuple[str, str], str] = {
    ("poortaanpak", "zoektermijn_met_huiswerk"): "direct_aanvragen",
}
"""Values renamed to say what they do: nobody of 27 or over is sent away with homework (Pw 41 lid 4)."""

PROFILE_KEYS = frozenset(Profile.model_fields)
CEILING_KEYS = frozenset(k for k in PROFILE_KEYS if k.startswith("plafond_"))


class Profiles:
    """The profiles of all gemeenten; a gemeente without its own file gets the defaults."""

    def __init__(self, profiles: dict[str, Profile]) -> None:
        self._profiles = profiles

    def get(self, gemeente: str) -> Profile:
        return self._profiles.get(gemeente) or Profile(gemeente=gemeente, naam=gemeente)

    def all(self) -> list[Profile]:
        return sorted(self._profiles.values(), key=lambda p: p.gemeente)

    @classmethod
    def load(cls, directory: Path) -> Profiles:
        """Read and validate every ``*.toml`` in a directory.

        Raises:
            ProcessInvalid: a file is not valid TOML or breaks the schema; names file and key.
        """
        profiles: dict[str, Profile] = {}
        problems: list[Problem] = []
        for path in sorted(directory.glob("*.toml")) if directory.is_dir() else []:
            try:
                content = tomllib.loads(path.read_text())
            except tomllib.TOMLDecodeError as err:
                problems.append(Problem(path.name, "toml", str(err)))
                continue
            outdated = _outdated(content)
            if outdated:
                problems.extend(Problem(path.name, key, message) for key, message in outdated)
                continue
            try:
                profile = Profile.model_validate(content)
            except ValidationError as err:
                problems.extend(
                    Problem(path.name, ".".join(str(p) for p in e["loc"]) or "-", e["msg"])
                    for e in err.errors()
                )
                continue
            if path.stem != profile.gemeente:
                problems.append(
                    Problem(
                        path.name,
                        "gemeente",
                        f"the file of gemeente '{profile.gemeente}' must be named {profile.gemeente}.toml",
                    )
                )
            profiles[profile.gemeente] = profile
        if problems:
            raise ProcessInvalid(problems)
        return cls(profiles)


@functools.cache
def _loaded(directory: Path) -> Profiles:
    return Profiles.load(directory)


def service_profiles() -> Profiles:
    """The profiles the service runs with (``settings.profiles_dir``), read once per worker: for an
    engine function whose caller has none at hand (a follow-up case started by the timer worker)."""
    return _loaded(get_settings().profiles_dir)


def _outdated(content: dict[str, object]) -> list[tuple[str, str]]:
    """Keys and values of an older profile file, each with what to write instead.

    Refused rather than read over: a gemeente's policy changes only by an edit someone made.
    """
    found = [(key, message) for key, message in REMOVED.items() if key in content]
    for (key, old), new in RENAMED_VALUES.items():
        if content.get(key) == old:
            found.append((key, f"'{old}' was renamed: write {key} = \"{new}\""))
    return found
