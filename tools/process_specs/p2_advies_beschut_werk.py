from common import F, N, L

TARGET = "2-intake-diagnose-en-plan/advies-beschut-werk-aanvragen.bpmn"

S = "StartEvent_aangemeld_voor_beschut_werk"
VA = "Task_adviesaanvraag_voorbereiden"
UA = "Task_beschut_werk_beoordelen"
TB = "Timer_beslistermijn_beschut_werk"
TO = "Task_klant_informeren_vertraging"
ETO = "EndEvent_klant_geinformeerd_vertraging"
BS = "Task_besluit_beschut_werk_nemen"
GB = "Gateway_besluit_beschut_werk"
ET = "EndEvent_doelgroep_beschut_werk"
AR = "Task_alternatieve_route_bepalen"
EA = "EndEvent_andere_route"

spec = dict(
    slug="advies_beschut_werk_aanvragen",
    process_id="advies_beschut_werk_aanvragen",
    name="Advies beschut werk aanvragen",
    participant="Werkbedrijf",
    fase=2,
    stuurlijn="werken en meedoen",
    documentation={
        "Doel": "Met een advies van UWV vaststellen of de klant uitsluitend in een beschutte "
        "omgeving, met aanpassingen en begeleiding die een gewone werkgever niet kan "
        "bieden, kan werken (doelgroep beschut werk), en anders een passende andere route "
        "afspreken.",
        "Aanleiding": "De werkcoach meldt de klant aan voor beschut werk (bijvoorbeeld na de "
        "diagnose of vanuit praktijkonderwijs/VSO), of de klant vraagt zelf een "
        "advies beschut werk aan bij UWV; de gemeente levert haar bevindingen aan.",
        "Uitkomsten": "Klant behoort tot de doelgroep beschut werk (door naar plaatsing of "
        "wachtlijst); of geen beschut werk en een andere route (loonkostensubsidie bij "
        "een reguliere werkgever, ontwikkeltraject of participatie/dagbesteding). "
        "Verloopt de beslistermijn van 8 weken tijdens de UWV-beoordeling, dan wordt "
        "de klant geïnformeerd.",
        "Wettelijke basis": "Pw art. 10b lid 1 (beschut werk, vaststelling door het college), lid 2 "
        "en 3 (advies van UWV, ook op verzoek van de persoon zelf); Besluit "
        "advisering beschut werk; Awb 4:13 (beslistermijn 8 weken); Awb 3:9 "
        "(zorgvuldig advies).",
    },
    lanes=["klant", "werkcoach", ("klantmanager", 2), "uwv"],
    nodes=[
        N(
            S,
            "start",
            "Aangemeld voor beschut werk",
            "klant",
            0,
            form=[
                F("datum_aanmelding", "Datum aanmelding", "date"),
                F(
                    "aanvraag_door",
                    "Advies aangevraagd door",
                    "enum",
                    values=[("gemeente", "Gemeente"), ("klant_zelf", "Klant zelf bij UWV")],
                ),
            ],
        ),
        N(
            VA,
            "user",
            "Adviesaanvraag voorbereiden",
            "werkcoach",
            1,
            form=[
                F("begeleidingsbehoefte", "Begeleidingsbehoefte", maxlength=1000),
                F("aanpassingen_werkplek", "Benodigde aanpassingen werkplek", maxlength=1000),
                F("verslag_school_of_stage", "Verslag school of stage bijgevoegd", "boolean"),
            ],
        ),
        N(
            UA,
            "user",
            "Arbeidsvermogen en beschut werk beoordelen",
            "uwv",
            2,
            form=[
                F(
                    "advies_uwv",
                    "Advies",
                    "enum",
                    values=[
                        ("positief", "Positief: uitsluitend beschut werk"),
                        ("negatief_regulier", "Negatief: kan bij gewone werkgever werken"),
                        ("negatief_geen_arbeidsvermogen", "Negatief: geen arbeidsvermogen"),
                    ],
                ),
                F("toelichting_advies_uwv", "Toelichting", maxlength=2000),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=UA,
            duration="P8W",
            cancel=False,
            offset=0.25,
            side="T",
        ),
        N(
            TO,
            "user",
            "Klant informeren over vertraging",
            "klantmanager",
            2,
            row=1,
            form=[
                F("klant_geinformeerd", "Klant schriftelijk geïnformeerd", "boolean"),
                F("nieuwe_beslisdatum", "Nieuwe beslisdatum", "date"),
            ],
        ),
        N(ETO, "end", "Klant geïnformeerd over vertraging", "klantmanager", 3, row=1),
        N(
            BS,
            "user",
            "Besluit doelgroep beschut werk nemen",
            "klantmanager",
            4,
            form=[
                F(
                    "besluit_beschut_werk",
                    "Besluit",
                    "enum",
                    values=[
                        ("toekennen", "Behoort tot doelgroep beschut werk"),
                        ("afwijzen", "Behoort niet tot doelgroep beschut werk"),
                    ],
                ),
                F("motivering_besluit", "Motivering (bij afwijken van advies verplicht)", maxlength=2000),
            ],
        ),
        N(
            GB,
            "xor",
            "Doelgroep beschut werk?",
            "klantmanager",
            5,
            default="Flow_besluit_beschut_werk_naar_alternatieve_route_bepalen",
        ),
        N(ET, "end", "Doelgroep beschut werk vastgesteld", "klantmanager", 6),
        N(
            AR,
            "user",
            "Alternatieve route met klant bepalen",
            "werkcoach",
            6,
            form=[
                F(
                    "alternatieve_route",
                    "Route",
                    "enum",
                    values=[
                        ("loonkostensubsidie", "Werk met loonkostensubsidie"),
                        ("ontwikkeltraject", "Ontwikkeltraject"),
                        ("participatie", "Participatie of dagbesteding"),
                    ],
                ),
                F("afspraken_route", "Afspraken", maxlength=1000),
            ],
        ),
        N(EA, "end", "Geen beschut werk, andere route afgesproken", "werkcoach", 7),
    ],
    flows=[
        L(S, VA),
        L(VA, UA),
        L(UA, BS),
        L(TB, TO),
        L(TO, ETO),
        L(BS, GB),
        L(GB, ET, "toegekend", 'besluit_beschut_werk == "toekennen"'),
        L(GB, AR, "afgewezen"),
        L(AR, EA),
    ],
)
