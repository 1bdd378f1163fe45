from common import F, N, L

TARGET = "9-rechtsbescherming/ingebrekestelling-en-dwangsom-niet-tijdig-beslissen.bpmn"

S = "StartEvent_ingebrekestelling_ingediend"
IB = "Task_ingebrekestelling_beoordelen"
GT = "Gateway_beslistermijn_verstreken"
EP = "EndEvent_ingebrekestelling_prematuur"
AB = "Task_alsnog_beslissen"
T2 = "Timer_twee_weken_na_ingebrekestelling"
ET = "EndEvent_alsnog_tijdig_beslist"
DL = "Task_beslissen_dwangsom_loopt"
DV = "Task_dwangsom_vaststellen"
GD = "Gateway_dwangsom_verschuldigd"
DB = "Task_dwangsom_uitbetalen"
EB = "EndEvent_dwangsom_betaald"
EG = "EndEvent_geen_dwangsom_verschuldigd"

spec = dict(
    slug="ingebrekestelling_en_dwangsom_niet_tijdig_beslissen",
    process_id="ingebrekestelling_en_dwangsom_niet_tijdig_beslissen",
    name="Ingebrekestelling en dwangsom bij niet tijdig beslissen",
    participant="Werkbedrijf",
    fase=9,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Na een ingebrekestelling alsnog binnen 2 weken beslissen, zodat geen dwangsom "
        "verbeurt; lukt dat niet, dan de verbeurde dwangsom zelf vaststellen en betalen.",
        "Aanleiding": "De klant heeft het college schriftelijk in gebreke gesteld omdat niet "
        "binnen de beslistermijn op zijn aanvraag of bezwaar is beslist.",
        "Uitkomsten": "Ingebrekestelling prematuur (beslistermijn nog niet verstreken); alsnog "
        "binnen 2 weken beslist, geen dwangsom; te laat beslist en dwangsom "
        "vastgesteld en betaald (maximaal 42 dagen, 23/35/45 euro per dag, ten "
        "hoogste 1.442 euro); te laat beslist maar geen dwangsom verschuldigd "
        "(Awb 4:17 lid 6).",
        "Wettelijke basis": "Awb 4:13 en 7:10 (beslistermijnen); Awb 4:17 (dwangsom vanaf 2 weken "
        "na ontvangst van de ingebrekestelling, ten hoogste 42 dagen; "
        "uitzonderingen lid 6); Awb 4:18 (vaststelling binnen 2 weken na de "
        "laatste dag); Awb 6:12 en 8:55b (beroep niet tijdig beslissen).",
    },
    lanes=["klant", ("jurist", 2), ("klantmanager", 2), "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Ingebrekestelling ingediend",
            "klant",
            0,
            form=[
                F("datum_ingebrekestelling", "Datum ontvangst ingebrekestelling", "date"),
                F(
                    "soort_zaak",
                    "Niet tijdig beslist op",
                    "enum",
                    values=[("aanvraag", "Aanvraag"), ("bezwaar", "Bezwaar")],
                ),
                F("datum_aanvraag_of_bezwaar", "Datum aanvraag of bezwaarschrift", "date"),
            ],
        ),
        N(
            IB,
            "user",
            "Ingebrekestelling beoordelen",
            "jurist",
            1,
            form=[
                F("beslistermijn_verstreken", "Beslistermijn verstreken", "boolean"),
                F("behandelaar", "Behandelaar van de zaak", maxlength=200),
            ],
        ),
        N(
            GT,
            "xor",
            "Beslistermijn verstreken?",
            "jurist",
            2,
            default="Flow_beslistermijn_verstreken_naar_alsnog_beslissen",
        ),
        N(EP, "end", "Ingebrekestelling prematuur", "klant", 3),
        N(
            AB,
            "user",
            "Alsnog beslissen binnen 2 weken",
            "klantmanager",
            3,
            form=[
                F("datum_besluit", "Datum besluit", "date"),
                F(
                    "besluit",
                    "Besluit",
                    "enum",
                    values=[("toegekend", "Toegekend of gegrond"), ("afgewezen", "Afgewezen of ongegrond")],
                ),
            ],
        ),
        N(
            T2,
            "boundary",
            "2 weken na ingebrekestelling verstreken",
            attached=AB,
            duration="P2W",
            cancel=True,
            offset=0.75,
        ),
        N(ET, "end", "Alsnog tijdig beslist, geen dwangsom", "klantmanager", 4),
        N(
            DL,
            "user",
            "Beslissen, dwangsom loopt",
            "klantmanager",
            4,
            row=1,
            form=[
                F("datum_besluit", "Datum besluit", "date"),
                F(
                    "besluit",
                    "Besluit",
                    "enum",
                    values=[("toegekend", "Toegekend of gegrond"), ("afgewezen", "Afgewezen of ongegrond")],
                ),
                F("dagen_in_gebreke", "Dagen in gebreke", "long", min=1, max=42),
            ],
        ),
        N(
            DV,
            "user",
            "Dwangsom vaststellen",
            "jurist",
            5,
            row=1,
            form=[
                F(
                    "dwangsom_verschuldigd",
                    "Dwangsom verschuldigd (geen uitzondering Awb 4:17 lid 6)",
                    "boolean",
                ),
                F("dwangsom_bedrag", "Bedrag dwangsom (euro)", "long", min=0, max=1442),
                F("datum_vaststelling", "Datum vaststellingsbeschikking", "date"),
            ],
        ),
        N(
            GD,
            "xor",
            "Dwangsom verschuldigd?",
            "jurist",
            6,
            row=1,
            default="Flow_dwangsom_verschuldigd_naar_geen_dwangsom_verschuldigd",
        ),
        N(EG, "end", "Te laat beslist, geen dwangsom verschuldigd", "jurist", 7, row=1),
        N(
            DB,
            "user",
            "Dwangsom uitbetalen",
            "backoffice",
            7,
            form=[
                F("datum_betaling", "Datum betaling", "date"),
                F("betaald_bedrag", "Betaald bedrag (euro)", "long", min=0, max=1442),
            ],
        ),
        N(EB, "end", "Te laat beslist, dwangsom betaald", "backoffice", 8),
    ],
    flows=[
        L(S, IB),
        L(IB, GT),
        L(GT, EP, "nog niet verstreken", "not beslistermijn_verstreken", src_port="T"),
        L(GT, AB, "verstreken", src_port="B"),
        L(AB, ET),
        L(T2, DL),
        L(DL, DV),
        L(DV, GD),
        L(GD, DB, "verschuldigd", "dwangsom_verschuldigd and dwangsom_bedrag > 0", src_port="B"),
        L(GD, EG, "niet verschuldigd"),
        L(DB, EB),
    ],
)
