from common import F, N, L

TARGET = "3-re-integratie-en-ontwikkeling/kinderopvang-sociaal-medische-indicatie.bpmn"

S = "StartEvent_kinderopvang_smi_aangevraagd"
GR = "Gateway_grond_indicatie"
MV = "Task_medisch_advies_aanvragen"
MA = "Event_medisch_advies_ontvangen"
SB = "Task_sociale_situatie_onderzoeken"
GM = "Gateway_indicatie_onderzocht"
BS = "Task_besluit_op_aanvraag_smi"
TB = "Timer_beslistermijn_smi"
VT = "Task_klant_informeren_over_vertraging"
EVT = "EndEvent_klant_geinformeerd_vertraging"
GB = "Gateway_smi_toegekend"
KO = "Task_kinderopvang_regelen_en_betalen"
ET = "EndEvent_kinderopvang_geregeld"
EA = "EndEvent_aanvraag_smi_afgewezen"

spec = dict(
    slug="kinderopvang_sociaal_medische_indicatie",
    process_id="kinderopvang_sociaal_medische_indicatie",
    name="Kinderopvang op sociaal-medische indicatie",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="werken en meedoen",
    messages=["medisch_advies_ontvangen"],
    documentation={
        "Doel": "Kinderopvang vergoeden wanneer een ouder om medische of sociale redenen "
        "tijdelijk niet voor zijn kinderen kan zorgen, zodat de ouder kan herstellen en "
        "zijn traject naar werk of participatie kan voortzetten en de kinderen veilig zijn.",
        "Aanleiding": "De ouder vraagt een tegemoetkoming in de kosten van kinderopvang aan op "
        "grond van een sociaal-medische indicatie (SMI), bijvoorbeeld bij ziekte of "
        "een crisis in het gezin; kinderopvangtoeslag is niet mogelijk omdat geen "
        "sprake is van werk of een traject.",
        "Uitkomsten": "Kinderopvang geregeld en betaald voor een bepaalde periode en een aantal "
        "uren; aanvraag afgewezen. Een medische grond wordt beoordeeld op advies van "
        "een onafhankelijk medisch adviseur, een sociale grond samen met het wijkteam. "
        "Verloopt de beslistermijn van 8 weken, dan wordt de klant geïnformeerd.",
        "Wettelijke basis": "Pw art. 35 lid 1 (bijzondere bijstand) of een gemeentelijke "
        "subsidieregeling, met beleidsregels SMI (Awb 4:81); Wet kinderopvang "
        "(kinderopvangtoeslag als voorliggende voorziening, Pw art. 15); "
        "Awb 4:13 (beslistermijn 8 weken).",
    },
    lanes=["klant", ("klantmanager", 2), "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Kinderopvang op sociaal-medische indicatie aangevraagd",
            "klant",
            0,
            form=[
                F(
                    "grond_indicatie",
                    "Grond",
                    "enum",
                    values=[("medisch", "Medische grond"), ("sociaal", "Sociale grond")],
                ),
                F("aantal_kinderen", "Aantal kinderen", "long", min=1, max=8),
                F("datum_aanvraag", "Datum aanvraag", "date"),
            ],
        ),
        N(
            GR,
            "xor",
            "Grond van de indicatie?",
            "klantmanager",
            1,
            default="Flow_grond_indicatie_naar_sociale_situatie_onderzoeken",
        ),
        N(
            MV,
            "user",
            "Medisch advies aanvragen",
            "klantmanager",
            2,
            form=[
                F("medisch_adviseur", "Medisch adviseur", maxlength=200),
                F("vraagstelling_advies", "Vraagstelling", maxlength=1000),
            ],
        ),
        N(MA, "message", "Medisch advies ontvangen", "klantmanager", 3, message="medisch_advies_ontvangen"),
        N(
            SB,
            "user",
            "Sociale situatie onderzoeken met wijkteam",
            "klantmanager",
            2,
            row=1,
            form=[
                F("noodzaak_bevestigd", "Noodzaak opvang bevestigd door wijkteam", "boolean"),
                F("bevindingen", "Bevindingen", maxlength=2000),
            ],
        ),
        N(GM, "xor", "Indicatie onderzocht", "klantmanager", 4),
        N(
            BS,
            "user",
            "Besluit op aanvraag nemen",
            "klantmanager",
            5,
            form=[
                F(
                    "besluit_smi",
                    "Besluit",
                    "enum",
                    values=[("toekennen", "Toekennen"), ("afwijzen", "Afwijzen")],
                ),
                F("uren_per_week", "Uren opvang per week", "long", min=0, max=50),
                F("einddatum_indicatie", "Einddatum indicatie", "date"),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=BS,
            duration="P8W",
            cancel=False,
            offset=0.75,
        ),
        N(
            VT,
            "user",
            "Klant informeren over overschrijding beslistermijn",
            "klantmanager",
            6,
            row=1,
            form=[
                F("klant_geinformeerd", "Klant geïnformeerd over vertraging", "boolean"),
                F("nieuwe_beslisdatum", "Nieuwe beslisdatum", "date"),
            ],
        ),
        N(EVT, "end", "Klant geïnformeerd over vertraging", "klantmanager", 7, row=1),
        N(
            GB,
            "xor",
            "Toegekend?",
            "klantmanager",
            7,
            default="Flow_smi_toegekend_naar_aanvraag_smi_afgewezen",
        ),
        N(
            KO,
            "user",
            "Kinderopvang contracteren en betalen",
            "backoffice",
            8,
            form=[
                F("kinderopvangorganisatie", "Kinderopvangorganisatie", maxlength=200),
                F("startdatum_opvang", "Startdatum opvang", "date"),
            ],
        ),
        N(ET, "end", "Kinderopvang geregeld", "backoffice", 9),
        N(EA, "end", "Aanvraag afgewezen", "klant", 8),
    ],
    flows=[
        L(S, GR),
        L(GR, MV, "medisch", 'grond_indicatie == "medisch"'),
        L(GR, SB, "sociaal"),
        L(MV, MA),
        L(MA, GM),
        L(SB, GM),
        L(GM, BS),
        L(TB, VT),
        L(VT, EVT),
        L(BS, GB),
        L(GB, KO, "toegekend", 'besluit_smi == "toekennen"'),
        L(GB, EA, "afgewezen"),
        L(KO, ET),
    ],
)
