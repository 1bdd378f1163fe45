from common import F, N, L

TARGET = "5-instrumenten/lks-beschikking-afgeven.bpmn"

S = "StartEvent_loonwaarde_bekend"
BE = "Task_besluit_loonkostensubsidie"
TB = "Timer_beslistermijn_lks"
TO = "Task_termijnoverschrijding_melden"
ETO = "EndEvent_werkgever_geinformeerd_vertraging"
GB = "Gateway_besluit_lks"
BV = "Task_hoogte_berekenen_en_beschikking_verzenden"
EV = "EndEvent_lks_verleend"
AF = "Task_afwijzing_verzenden"
EA = "EndEvent_lks_afgewezen"
IN = "Task_werkgever_informeren"

spec = dict(
    slug="lks_beschikking_afgeven",
    process_id="lks_beschikking_afgeven",
    name="LKS-beschikking afgeven",
    participant="Werkbedrijf",
    fase=5,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Binnen 5 weken nadat de loonwaarde bekend is beslissen over de "
        "loonkostensubsidie, zodat de werkgever zekerheid heeft en de werknemer in dienst blijft.",
        "Aanleiding": "De loonwaarde van de werknemer is op de werkplek vastgesteld en door de "
        "werkgever ondertekend; daarmee gaat de beslistermijn van 5 weken lopen.",
        "Uitkomsten": "Loonkostensubsidie verleend: hoogte berekend (verschil tussen wettelijk "
        "minimumloon en loonwaarde plus vergoeding werkgeverslasten, begrensd) en "
        "beschikking aan de werkgever verzonden; of loonkostensubsidie afgewezen. "
        "Dreigt de termijn van 5 weken te verlopen, dan informeert de accountmanager "
        "de werkgever terwijl het besluit doorloopt.",
        "Wettelijke basis": "Pw art. 10d lid 1, lid 3 en lid 4 (hoogte, werkgeverslasten); "
        "Pw art. 10d lid 12 (besluit binnen 5 weken na vaststelling loonwaarde); "
        "Awb 3:46 en 4:2 e.v. (motivering, beschikking).",
    },
    lanes=["klantmanager", ("backoffice", 2), "accountmanager"],
    nodes=[
        N(
            S,
            "start",
            "Loonwaarde vastgesteld",
            "klantmanager",
            0,
            form=[
                F("datum_loonwaarde_vastgesteld", "Datum loonwaarde vastgesteld", "date"),
                F("loonwaarde_percentage", "Loonwaarde (%)", "long", min=0, max=99),
                F("uren_per_week", "Uren per week", "long", min=1, max=40),
            ],
        ),
        N(
            BE,
            "user",
            "Besluit over loonkostensubsidie nemen",
            "klantmanager",
            1,
            form=[
                F(
                    "besluit_lks",
                    "Besluit",
                    "enum",
                    values=[("verlenen", "Loonkostensubsidie verlenen"), ("afwijzen", "Afwijzen")],
                ),
                F("looptijd_maanden", "Looptijd (maanden)", "long", required=False, min=1, max=60),
                F("motivering_besluit", "Motivering", maxlength=2000),
            ],
        ),
        N(
            TB,
            "boundary",
            "5 weken na vaststelling loonwaarde",
            attached=BE,
            duration="P5W",
            cancel=False,
            offset=0.75,
        ),
        N(
            TO,
            "user",
            "Werkgever informeren over termijnoverschrijding",
            "accountmanager",
            2,
            form=[
                F("werkgever_geinformeerd", "Werkgever geïnformeerd", "boolean"),
                F("verwachte_beslisdatum", "Verwachte beslisdatum", "date"),
            ],
        ),
        N(ETO, "end", "Werkgever geïnformeerd over vertraging", "accountmanager", 3),
        N(GB, "xor", "Besluit?", "klantmanager", 2, default="Flow_besluit_lks_naar_afwijzing_verzenden"),
        N(
            BV,
            "user",
            "Hoogte berekenen en beschikking verzenden",
            "backoffice",
            3,
            form=[
                F("lks_per_maand", "Loonkostensubsidie per maand (euro)", "long", min=1, max=5000),
                F("ingangsdatum_lks", "Ingangsdatum", "date"),
                F("datum_verzending_beschikking", "Datum verzending beschikking", "date"),
            ],
        ),
        N(
            IN,
            "user",
            "Werkgever informeren over de subsidie",
            "accountmanager",
            5,
            form=[
                F(
                    "afspraken_werkgever",
                    "Afspraken met werkgever (loonstroken, begeleiding)",
                    maxlength=1000,
                ),
                F("datum_herbeoordeling", "Datum herbeoordeling loonwaarde", "date"),
            ],
        ),
        N(EV, "end", "Loonkostensubsidie verleend", "accountmanager", 6),
        N(
            AF,
            "user",
            "Afwijzingsbeschikking verzenden",
            "backoffice",
            3,
            row=1,
            form=[
                F(
                    "afwijzingsgrond",
                    "Afwijzingsgrond",
                    "enum",
                    values=[
                        ("geen_dienstbetrekking", "Geen dienstbetrekking tot stand gekomen"),
                        ("geen_doelgroep", "Geen doelgroep loonkostensubsidie"),
                        ("loonwaarde_voldoende", "Loonwaarde voldoende voor minimumloon"),
                    ],
                ),
                F("datum_verzending_afwijzing", "Datum verzending", "date"),
            ],
        ),
        N(EA, "end", "Loonkostensubsidie afgewezen", "backoffice", 4, row=1),
    ],
    flows=[
        L(S, BE),
        L(TB, TO),
        L(TO, ETO),
        L(BE, GB),
        L(GB, BV, "verlenen", 'besluit_lks == "verlenen"'),
        L(GB, AF, "afwijzen"),
        L(BV, IN),
        L(IN, EV),
        L(AF, EA),
    ],
)
