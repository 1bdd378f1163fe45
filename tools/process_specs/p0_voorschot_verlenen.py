from common import F, N, L

TARGET = "0-melding-en-poort/voorschot-verlenen.bpmn"

S = "StartEvent_aanvraag_ingediend"
VB = "Task_voorschot_beoordelen"
T4 = "Timer_voorschottermijn_verstreken"
SP = "Task_voorschot_met_spoed_regelen"
ESP = "EndEvent_termijnoverschrijding_afgehandeld"
GV = "Gateway_voorschot_verlenen"
EG = "EndEvent_geen_voorschot"
GJ = "Gateway_voorschot_betalen"
BT = "Task_voorschot_betalen"
TV = "Timer_volgende_voorschottermijn"
SA = "Task_stand_aanvraag_nagaan"
GS = "Gateway_besluit_op_aanvraag"
EV = "EndEvent_voorschot_verrekend"
ET = "EndEvent_voorschot_teruggevorderd"

spec = dict(
    slug="voorschot_verlenen",
    process_id="voorschot_verlenen",
    name="Voorschot verlenen",
    participant="Werkbedrijf",
    fase=0,
    stuurlijn="voorkomen",
    documentation={
        "Doel": "De aanvrager niet zonder inkomen laten zitten zolang het recht op bijstand nog "
        "niet is vastgesteld: uiterlijk 4 weken na de aanvraag en daarna telkens na "
        "4 weken ambtshalve een voorschot betalen.",
        "Aanleiding": "De klant heeft een aanvraag om algemene bijstand (levensonderhoud) "
        "ingediend; het voorschot hoeft niet apart te worden aangevraagd.",
        "Uitkomsten": "Voorschot betaald en na toekenning verrekend met de bijstand; voorschot "
        "betaald en na afwijzing teruggevorderd; geen voorschot omdat de klant "
        "verwijtbaar gegevens niet verstrekte of al duidelijk is dat er geen recht "
        "bestaat. Dreigt de termijn van 4 weken te verlopen zonder beoordeling, dan "
        "regelt de klantmanager het voorschot met spoed.",
        "Wettelijke basis": "Pw art. 52 lid 1 (voorschot binnen 4 weken na de aanvraag en daarna "
        "telkens na 4 weken, renteloze geldlening; uitzonderingen onder a en b); "
        "Pw art. 58 lid 2 (terugvordering van een voorschot als geen recht "
        "bestaat); Awb 4:13 (beslistermijn).",
    },
    lanes=["klant", "klantmanager", ("inkomensconsulent", 2), "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Aanvraag levensonderhoud ingediend",
            "klant",
            0,
            form=[
                F("datum_aanvraag", "Datum aanvraag", "date"),
                F(
                    "leefvorm",
                    "Opgegeven leefvorm",
                    "enum",
                    values=[
                        ("alleenstaand", "Alleenstaand"),
                        ("alleenstaande_ouder", "Alleenstaande ouder"),
                        ("gehuwd_samenwonend", "Gehuwd of samenwonend"),
                    ],
                ),
            ],
        ),
        N(
            VB,
            "user",
            "Recht op voorschot beoordelen",
            "inkomensconsulent",
            1,
            form=[
                F(
                    "gegevens_verwijtbaar_niet_verstrekt",
                    "Gegevens verwijtbaar niet (tijdig) verstrekt",
                    "boolean",
                ),
                F("kennelijk_geen_recht", "Nu al duidelijk dat geen recht bestaat", "boolean"),
                F("voorschotbedrag", "Voorschotbedrag (euro per 4 weken)", "long", min=0, max=3000),
            ],
        ),
        N(
            T4,
            "boundary",
            "4 weken na aanvraag verstreken",
            attached=VB,
            duration="P4W",
            cancel=False,
            offset=0.75,
            side="T",
        ),
        N(
            SP,
            "user",
            "Voorschot met spoed regelen",
            "klantmanager",
            2,
            form=[
                F("spoedbetaling_opdracht", "Spoedbetaling opgedragen", "boolean"),
                F("klant_geinformeerd", "Klant geïnformeerd", "boolean"),
            ],
        ),
        N(ESP, "end", "Termijnoverschrijding voorschot afgehandeld", "klantmanager", 3),
        N(
            GV,
            "xor",
            "Voorschot verlenen?",
            "inkomensconsulent",
            2,
            default="Flow_voorschot_verlenen_naar_geen_voorschot",
        ),
        N(EG, "end", "Geen voorschot verleend", "inkomensconsulent", 3, row=1),
        N(GJ, "xor", "Voorschot betalen", "backoffice", 3),
        N(
            BT,
            "user",
            "Voorschot betalen",
            "backoffice",
            4,
            form=[
                F("datum_betaling", "Datum betaling", "date"),
                F("bedrag_betaald", "Betaald bedrag (euro)", "long", min=0, max=3000),
            ],
        ),
        N(TV, "timer", "4 weken na voorschot", "backoffice", 5, duration="P4W"),
        N(
            SA,
            "user",
            "Stand van de aanvraag nagaan",
            "inkomensconsulent",
            6,
            row=1,
            form=[
                F(
                    "besluit_op_aanvraag",
                    "Besluit op aanvraag",
                    "enum",
                    values=[
                        ("nog_geen_besluit", "Nog geen besluit"),
                        ("toegekend", "Bijstand toegekend"),
                        ("afgewezen", "Aanvraag afgewezen"),
                    ],
                ),
                F("toelichting_stand", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            GS,
            "xor",
            "Besluit genomen?",
            "inkomensconsulent",
            7,
            row=1,
            default="Flow_besluit_op_aanvraag_naar_voorschot_betalen",
        ),
        N(EV, "end", "Voorschot verrekend met bijstand", "inkomensconsulent", 8, row=1),
        N(ET, "end", "Voorschot teruggevorderd", "inkomensconsulent", 8),
    ],
    flows=[
        L(S, VB),
        L(T4, SP),
        L(SP, ESP),
        L(VB, GV),
        L(
            GV,
            GJ,
            "voorschot verlenen",
            "not gegevens_verwijtbaar_niet_verstrekt and not kennelijk_geen_recht",
        ),
        L(GV, EG, "geen voorschot"),
        L(GJ, BT),
        L(BT, TV),
        L(TV, SA),
        L(SA, GS),
        L(GS, EV, "toegekend", 'besluit_op_aanvraag == "toegekend"'),
        L(GS, ET, "afgewezen", 'besluit_op_aanvraag == "afgewezen"', src_port="T"),
        L(GS, GJ, "nog geen besluit", src_port="B", tgt_port="B"),
    ],
)
