"""Policy profiles: a gemeente's policy choices ("couleur locale"), one TOML file per gemeente.

The profile of a case's gemeente is copied into the case data under ``profiel`` when
the case starts, so gateway conditions can branch on it (``profiel.lks_breed``) and
the audit trail shows the policy the case ran under.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import Problem, ProcessInvalid


class Profile(BaseModel):
    """The policy choices of one gemeente that the work processes branch on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    gemeente: str = Field(description="gemeente id as used in cases (lowercase)")
    naam: str = Field(description="display name")
    diagnose_vooraf: bool = Field(
        True, description="diagnose for every client (true) or only for guided trajects (false)"
    )
    poortaanpak: Literal["zoektermijn_met_huiswerk", "snelle_uitstroom"] = Field(
        "zoektermijn_met_huiswerk",
        description="capacity at the gate (search period with homework) or speed to outflow",
    )
    lks_breed: bool = Field(
        False, description="loonkostensubsidie for the whole target group (true) or a defined group only"
    )
    beschut_werk_vorm: Literal["dienstverband", "dagbesteding"] = Field(
        "dienstverband", description="beschut werk with an employment contract, or income with day activities"
    )
    plafond_beschut_werk: int | None = Field(
        None, ge=0, description="at most this many new beschut-werk places a year"
    )
    plafond_trajecten: int | None = Field(
        None, ge=0, description="at most this many new re-integration trajects a year"
    )
    doelgroepen: Literal["wet", "werkgeversvraag"] = Field(
        "wet", description="target groups by law or by employer demand"
    )
    kandidaatbeoordeling: Literal["loonwaarde", "time_to_market"] = Field(
        "loonwaarde", description="judge candidates on earning capacity or on time to market"
    )
    time_to_market_maanden: int = Field(
        12, ge=1, le=60, description="months within which a candidate must be able to work"
    )
    zittend_bestand: Literal["zelfde_proces", "tweede_poort"] = Field(
        "zelfde_proces", description="long-term caseload through the same process or a structured second gate"
    )
    aanpak: Literal["individueel", "groep"] = Field("individueel", description="1:1 or group approach")
    uitvoering: Literal["zelf", "uitbesteed"] = Field("zelf", description="do it yourself or contract it out")
    nazorg_maanden: int = Field(3, ge=0, le=24, description="months of aftercare after placement")


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
                profile = Profile.model_validate(tomllib.loads(path.read_text()))
            except tomllib.TOMLDecodeError as err:
                problems.append(Problem(path.name, "toml", str(err)))
                continue
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
