from common import F, N, L

TARGET = "9-rechtsbescherming/bezwaar-behandelen.bpmn"

S = "StartEvent_bezwaar_ingediend"
ON = "Task_ontvankelijkheid_beoordelen"
GO = "Gateway_ontvankelijk"
HE = "Task_besluit_heroverwegen"
HZ = "Task_hoorzitting_houden"
MB = "Gateway_beslissing_voorbereiden"
BS = "Task_beslissing_op_bezwaar_nemen"
TB = "Timer_beslistermijn_bezwaar"
VD = "Task_beslistermijn_verdagen"
EVD = "EndEvent_klant_geinformeerd_verdaging"
GU = "Gateway_uitkomst_bezwaar"
EON = "EndEvent_bezwaar_ongegrond"
ENO = "EndEvent_bezwaar_niet_ontvankelijk"
NB = "Task_nieuw_besluit_nemen"
EG = "EndEvent_bezwaar_gegrond"

spec = dict(
    slug="bezwaar_behandelen",
    process_id="bezwaar_behandelen",
    name="Bezwaar behandelen",
    participant="Werkbedrijf",
    fase=9,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Het bezwaar van de klant tegen een besluit zorgvuldig en binnen de wettelijke "
        "termijn heroverwegen en daarop beslissen.",
        "Aanleiding": "De klant heeft een bezwaarschrift ingediend tegen een besluit van het "
        "college (bijvoorbeeld een afwijzing, maatregel of terugvordering).",
        "Uitkomsten": "Bezwaar gegrond en besluit herzien; bezwaar ongegrond, besluit blijft in "
        "stand; bezwaar niet-ontvankelijk verklaard. Dreigt de beslistermijn van "
        "6 weken te verlopen, dan wordt de beslissing verdaagd en de klant "
        "geïnformeerd, terwijl de behandeling doorloopt.",
        "Wettelijke basis": "Awb 6:6 en 6:7 (herstel verzuim, bezwaartermijn); Awb 7:2 en 7:3 "
        "(horen, afzien van horen); Awb 7:10 (beslistermijn 6 weken, "
        "verdaging); Awb 7:11 en 7:12 (heroverweging, motivering).",
    },
    lanes=["klant", "jurist", ("klantmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "Bezwaarschrift ingediend",
            "klant",
            0,
            form=[
                F("datum_bezwaarschrift", "Datum bezwaarschrift", "date"),
                F("datum_bekendmaking_besluit", "Datum bekendmaking bestreden besluit", "date"),
                F("bestreden_besluit", "Bestreden besluit", maxlength=200),
            ],
        ),
        N(
            ON,
            "user",
            "Ontvankelijkheid beoordelen",
            "jurist",
            1,
            form=[
                F("ontvankelijk", "Bezwaar ontvankelijk", "boolean"),
                F(
                    "reden_niet_ontvankelijk",
                    "Reden niet-ontvankelijk",
                    "enum",
                    required=False,
                    values=[
                        ("termijn_overschreden", "Bezwaartermijn overschreden"),
                        ("geen_besluit", "Geen besluit in de zin van de Awb"),
                        ("verzuim_niet_hersteld", "Verzuim niet hersteld"),
                    ],
                ),
            ],
        ),
        N(
            GO,
            "xor",
            "Bezwaar ontvankelijk?",
            "jurist",
            2,
            default="Flow_ontvankelijk_naar_beslissing_voorbereiden",
        ),
        N(
            HE,
            "user",
            "Bestreden besluit heroverwegen",
            "klantmanager",
            3,
            form=[
                F(
                    "standpunt_klantmanager",
                    "Standpunt",
                    "enum",
                    values=[("handhaven", "Besluit handhaven"), ("herzien", "Besluit herzien")],
                ),
                F("toelichting_standpunt", "Toelichting", maxlength=2000),
            ],
        ),
        N(
            HZ,
            "user",
            "Hoorzitting houden",
            "jurist",
            4,
            form=[
                F("klant_gehoord", "Klant gehoord", "boolean"),
                F("verslag_hoorzitting", "Verslag hoorzitting", required=False, maxlength=4000),
            ],
        ),
        N(MB, "xor", "Beslissing voorbereiden", "jurist", 5),
        N(
            BS,
            "user",
            "Beslissing op bezwaar nemen",
            "jurist",
            6,
            form=[
                F(
                    "beslissing_op_bezwaar",
                    "Beslissing op bezwaar",
                    "enum",
                    values=[
                        ("gegrond", "Gegrond"),
                        ("ongegrond", "Ongegrond"),
                        ("niet_ontvankelijk", "Niet-ontvankelijk"),
                    ],
                ),
                F("motivering_beslissing", "Motivering", maxlength=4000),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 6 weken verstreken",
            attached=BS,
            duration="P6W",
            cancel=False,
            offset=0.75,
        ),
        N(
            VD,
            "user",
            "Beslistermijn verdagen en klant informeren",
            "klantmanager",
            7,
            row=1,
            form=[
                F("verdaagd_tot", "Verdaagd tot", "date"),
                F("klant_geinformeerd", "Klant schriftelijk geïnformeerd", "boolean"),
            ],
        ),
        N(EVD, "end", "Klant geïnformeerd over verdaging", "klantmanager", 8, row=1),
        N(
            GU,
            "xor",
            "Uitkomst bezwaar?",
            "jurist",
            7,
            default="Flow_uitkomst_bezwaar_naar_bezwaar_ongegrond",
        ),
        N(EON, "end", "Bezwaar ongegrond, besluit blijft in stand", "jurist", 8),
        N(ENO, "end", "Bezwaar niet-ontvankelijk verklaard", "klant", 8),
        N(
            NB,
            "user",
            "Nieuw besluit nemen",
            "klantmanager",
            8,
            form=[
                F("datum_nieuw_besluit", "Datum nieuw besluit", "date"),
                F("nabetaling_nodig", "Nabetaling nodig", "boolean"),
            ],
        ),
        N(EG, "end", "Bezwaar gegrond, besluit herzien", "klantmanager", 9),
    ],
    flows=[
        L(S, ON),
        L(ON, GO),
        L(GO, HE, "ontvankelijk", "ontvankelijk == True"),
        L(GO, MB, "niet ontvankelijk"),
        L(HE, HZ),
        L(HZ, MB),
        L(MB, BS),
        L(TB, VD),
        L(VD, EVD),
        L(BS, GU),
        L(GU, NB, "gegrond", 'beslissing_op_bezwaar == "gegrond"'),
        L(GU, ENO, "niet-ontvankelijk", 'beslissing_op_bezwaar == "niet_ontvankelijk"'),
        L(GU, EON, "ongegrond"),
        L(NB, EG),
    ],
)
