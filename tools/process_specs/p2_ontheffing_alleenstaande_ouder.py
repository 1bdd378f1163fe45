from common import F, N, L

TARGET = "2-intake-diagnose-en-plan/ontheffing-alleenstaande-ouder.bpmn"

S = "StartEvent_verzoek_ontheffing_ouder_ingediend"
VT = "Task_voorwaarden_ontheffing_toetsen"
GV = "Gateway_voorwaarden_vervuld"
SP = "Task_scholings_en_reintegratieafspraken_maken"
TB = "Timer_beslistermijn_verzoek"
TI = "Task_klant_informeren_vertraging"
ETI = "EndEvent_klant_geinformeerd_vertraging"
OV = "Task_ontheffing_verlenen"
EO = "EndEvent_ontheffing_verleend"
AW = "Task_afwijzing_beschikken"
EA = "EndEvent_verzoek_afgewezen"

spec = dict(
    slug="ontheffing_alleenstaande_ouder",
    process_id="ontheffing_alleenstaande_ouder",
    name="Ontheffing arbeidsplicht alleenstaande ouder",
    participant="Werkbedrijf",
    fase=2,
    stuurlijn="werken en meedoen",
    documentation={
        "Doel": "Een alleenstaande ouder met de volledige zorg voor een kind onder de 5 jaar op "
        "verzoek ontheffen van de arbeidsplicht, met afspraken over scholing en "
        "re-integratie zodat de afstand tot de arbeidsmarkt niet groter wordt.",
        "Aanleiding": "De alleenstaande ouder dient een verzoek om ontheffing in.",
        "Uitkomsten": "Ontheffing verleend tot het jongste kind 5 jaar wordt (ten hoogste 6 jaar), "
        "met scholings- en re-integratieafspraken; of verzoek afgewezen (bijvoorbeeld "
        "geen volledige zorg, kind al 5 jaar, ontheffing eerder gebruikt, of "
        "ondubbelzinnige weigering om mee te werken aan re-integratie). Verloopt de "
        "beslistermijn van 8 weken, dan wordt de klant geïnformeerd terwijl de "
        "afspraken worden afgerond.",
        "Wettelijke basis": "Pw art. 9a lid 1 (ontheffing op verzoek van de plicht uit art. 9 lid 1 "
        "onder a), lid 2 (eenmalig), lid 3 (weigering re-integratie), lid 4 "
        "(tot het jongste kind 5 jaar is, ten hoogste 6 jaar) en lid 5 "
        "(opschorting); Pw art. 9 lid 1 onder b (re-integratieplicht blijft); "
        "Awb 4:13 (beslistermijn 8 weken).",
    },
    lanes=["klant", "werkcoach", ("klantmanager", 3)],
    nodes=[
        N(
            S,
            "start",
            "Verzoek om ontheffing ingediend",
            "klant",
            0,
            form=[
                F("datum_verzoek", "Datum verzoek", "date"),
                F("geboortedatum_jongste_kind", "Geboortedatum jongste kind", "date"),
                F("co_ouderschap", "Co-ouderschap", "boolean"),
            ],
        ),
        N(
            VT,
            "user",
            "Voorwaarden ontheffing toetsen",
            "klantmanager",
            1,
            form=[
                F("voorwaarden_vervuld", "Aan de voorwaarden van art. 9a voldaan", "boolean"),
                F(
                    "afwijzingsgrond",
                    "Afwijzingsgrond",
                    "enum",
                    required=False,
                    values=[
                        ("geen_alleenstaande_ouder", "Geen alleenstaande ouder"),
                        ("geen_volledige_zorg", "Geen volledige zorg"),
                        ("kind_vijf_of_ouder", "Jongste kind is 5 jaar of ouder"),
                        ("eerder_verleend", "Ontheffing eerder verleend"),
                        ("weigert_reintegratie", "Weigert mee te werken aan re-integratie"),
                    ],
                ),
            ],
        ),
        N(
            GV,
            "xor",
            "Voorwaarden vervuld?",
            "klantmanager",
            2,
            default="Flow_voorwaarden_vervuld_naar_afwijzing_beschikken",
        ),
        N(
            SP,
            "user",
            "Scholings- en re-integratieafspraken maken",
            "werkcoach",
            3,
            form=[
                F("startkwalificatie", "Klant heeft een startkwalificatie", "boolean"),
                F("scholing_afspraken", "Afspraken over scholing of opleiding", maxlength=1000),
                F("kinderopvang_nodig", "Kinderopvang nodig voor scholing", "boolean"),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=SP,
            duration="P8W",
            cancel=False,
            offset=0.75,
            side="B",
        ),
        N(
            OV,
            "user",
            "Ontheffing verlenen en beschikken",
            "klantmanager",
            4,
            form=[
                F("ontheffing_ingangsdatum", "Ingangsdatum ontheffing", "date"),
                F("ontheffing_einddatum", "Einddatum (jongste kind 5 jaar, uiterlijk 6 jaar)", "date"),
            ],
        ),
        N(EO, "end", "Ontheffing verleend tot jongste kind 5 jaar", "klantmanager", 5),
        N(
            TI,
            "user",
            "Klant informeren over vertraging",
            "klantmanager",
            4,
            row=1,
            form=[
                F("klant_geinformeerd", "Klant schriftelijk geïnformeerd", "boolean"),
                F("nieuwe_beslisdatum", "Nieuwe beslisdatum", "date"),
            ],
        ),
        N(ETI, "end", "Klant geïnformeerd over vertraging", "klantmanager", 5, row=1),
        N(
            AW,
            "user",
            "Afwijzing beschikken",
            "klantmanager",
            3,
            row=2,
            form=[
                F("datum_afwijzing", "Datum beschikking", "date"),
                F("motivering_afwijzing", "Motivering", maxlength=2000),
            ],
        ),
        N(EA, "end", "Verzoek om ontheffing afgewezen", "klantmanager", 4, row=2),
    ],
    flows=[
        L(S, VT),
        L(VT, GV),
        L(GV, SP, "voorwaarden vervuld", "voorwaarden_vervuld == True"),
        L(GV, AW, "niet vervuld"),
        L(SP, OV),
        L(TB, TI),
        L(TI, ETI),
        L(OV, EO),
        L(AW, EA),
    ],
)
