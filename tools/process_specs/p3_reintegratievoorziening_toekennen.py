from common import F, N, L

TARGET = "3-re-integratie-en-ontwikkeling/re-integratievoorziening-toekennen.bpmn"

S = "StartEvent_om_voorziening_gevraagd"
NB = "Task_noodzaak_voorziening_beoordelen"
BE = "Task_besluit_op_verzoek_nemen"
TB = "Timer_beslistermijn_voorziening"
VT = "Task_klant_informeren_over_vertraging"
EVT = "EndEvent_klant_geinformeerd_vertraging"
GB = "Gateway_besluit_en_plafond"
EA = "EndEvent_voorziening_afgewezen"
WL = "Task_op_wachtlijst_plaatsen"
EW = "EndEvent_op_wachtlijst_geplaatst"
GU = "Gateway_uitvoering"
IP = "Task_traject_intern_inplannen"
EI = "EndEvent_traject_gestart_werkbedrijf"
IK = "Task_opdracht_reintegratiebedrijf_verstrekken"
EU = "EndEvent_traject_gestart_reintegratiebedrijf"

spec = dict(
    slug="reintegratievoorziening_toekennen",
    process_id="reintegratievoorziening_toekennen",
    name="Re-integratievoorziening toekennen",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="uitstromen",
    properties={"plafond": "plafond_trajecten"},
    documentation={
        "Doel": "Op een verzoek van de klant binnen de beslistermijn beslissen of een "
        "re-integratievoorziening (werkfittraject, sollicitatietraining, jobhunting, "
        "coaching) noodzakelijk is, en een toegekende voorziening meteen laten starten, "
        "in eigen beheer of bij een gecontracteerd re-integratiebedrijf.",
        "Aanleiding": "De klant vraagt om ondersteuning bij arbeidsinschakeling in de vorm van "
        "een re-integratievoorziening. De werkcoach beoordeelt de noodzaak, de "
        "klantmanager beslist. Heeft de gemeente een jaarplafond voor trajecten "
        "(profiel.plafond_trajecten) en is dat bereikt, dan komt de klant op de wachtlijst.",
        "Uitkomsten": "Traject gestart bij het eigen werkbedrijf (profiel.uitvoering = zelf) of "
        "bij een re-integratiebedrijf (uitbesteed); voorziening toegekend maar klant "
        "op de wachtlijst (plafond bereikt); voorziening afgewezen. Verloopt de "
        "beslistermijn van 8 weken, dan informeert de klantmanager de klant terwijl "
        "de beoordeling doorloopt.",
        "Wettelijke basis": "Pw art. 7 lid 1 onder a en art. 10 (ondersteuning en voorzieningen "
        "gericht op arbeidsinschakeling); Pw art. 8a (re-integratieverordening, "
        "budgetplafond); Awb 4:13 (beslistermijn 8 weken).",
    },
    lanes=["klant", "werkcoach", ("klantmanager", 2), ("backoffice", 2)],
    nodes=[
        N(
            S,
            "start",
            "Om re-integratievoorziening gevraagd",
            "klant",
            0,
            form=[
                F(
                    "gevraagde_voorziening",
                    "Gevraagde voorziening",
                    "enum",
                    values=[
                        ("werkfittraject", "Werkfittraject"),
                        ("sollicitatietraining", "Sollicitatietraining"),
                        ("jobhunting", "Jobhunting"),
                        ("coaching", "Coaching op maat"),
                    ],
                ),
                F("datum_verzoek", "Datum verzoek", "date"),
            ],
        ),
        N(
            NB,
            "user",
            "Noodzaak voorziening beoordelen",
            "werkcoach",
            1,
            form=[
                F("voorziening_noodzakelijk", "Voorziening noodzakelijk voor arbeidsinschakeling", "boolean"),
                F("onderbouwing_noodzaak", "Onderbouwing", maxlength=2000),
                F("geraamde_kosten", "Geraamde kosten (euro)", "long", min=0, max=25000),
            ],
        ),
        N(
            BE,
            "user",
            "Besluit op verzoek nemen",
            "klantmanager",
            2,
            form=[
                F(
                    "besluit",
                    "Besluit",
                    "enum",
                    values=[("toekennen", "Toekennen"), ("afwijzen", "Afwijzen")],
                ),
                F("motivering_besluit", "Motivering besluit", maxlength=2000),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=BE,
            duration="P8W",
            cancel=False,
            offset=0.75,
        ),
        N(
            VT,
            "user",
            "Klant informeren over overschrijding beslistermijn",
            "klantmanager",
            3,
            row=1,
            form=[
                F("klant_geinformeerd", "Klant geïnformeerd over vertraging", "boolean"),
                F("nieuwe_beslisdatum", "Nieuwe beslisdatum", "date"),
            ],
        ),
        N(EVT, "end", "Klant geïnformeerd over vertraging", "klantmanager", 4, row=1),
        N(
            GB,
            "xor",
            "Besluit en trajectplafond?",
            "klantmanager",
            5,
            default="Flow_besluit_en_plafond_naar_voorziening_afgewezen",
        ),
        N(EA, "end", "Voorziening afgewezen", "klant", 5),
        N(
            WL,
            "user",
            "Op wachtlijst plaatsen",
            "backoffice",
            5,
            row=1,
            form=[
                F("wachtlijstpositie", "Positie op wachtlijst", "long", min=1, max=500),
                F("verwachte_startdatum", "Verwachte startdatum", "date"),
            ],
        ),
        N(EW, "end", "Toegekend, op wachtlijst geplaatst", "backoffice", 6, row=1),
        N(
            GU,
            "xor",
            "Zelf uitvoeren of uitbesteden?",
            "klantmanager",
            6,
            default="Flow_uitvoering_naar_traject_intern_inplannen",
        ),
        N(
            IP,
            "user",
            "Traject intern inplannen",
            "werkcoach",
            7,
            form=[
                F("startdatum_traject", "Startdatum traject", "date"),
                F("trajectbegeleider", "Trajectbegeleider", maxlength=200),
            ],
        ),
        N(EI, "end", "Traject gestart bij werkbedrijf", "werkcoach", 8),
        N(
            IK,
            "user",
            "Opdracht verstrekken aan re-integratiebedrijf",
            "backoffice",
            7,
            form=[
                F("reintegratiebedrijf", "Re-integratiebedrijf", maxlength=200),
                F("opdrachtbedrag", "Opdrachtbedrag (euro)", "long", min=0, max=25000),
                F("startdatum_traject", "Startdatum traject", "date"),
            ],
        ),
        N(EU, "end", "Traject gestart bij re-integratiebedrijf", "backoffice", 8),
    ],
    flows=[
        L(S, NB),
        L(NB, BE),
        L(TB, VT),
        L(VT, EVT),
        L(BE, GB),
        L(GB, GU, "toegekend", 'besluit == "toekennen" and not plafond_bereikt'),
        L(GB, WL, "toegekend, plafond bereikt", 'besluit == "toekennen" and plafond_bereikt'),
        L(GB, EA, "afgewezen"),
        L(WL, EW),
        L(GU, IK, "uitbesteed", 'profiel.uitvoering == "uitbesteed"'),
        L(GU, IP, "zelf"),
        L(IP, EI),
        L(IK, EU),
    ],
)
