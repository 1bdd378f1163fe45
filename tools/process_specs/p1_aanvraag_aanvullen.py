from common import F, N, L

TARGET = "1-aanvraag-en-recht/aanvraag-aanvullen-hersteltermijn.bpmn"

S = "StartEvent_aanvraag_onvolledig_ingediend"
MT = "Gateway_hersteltermijn_bieden"
HT = "Task_hersteltermijn_vaststellen"
K = "Task_ontbrekende_stukken_aanleveren"
TH = "Timer_hersteltermijn_verstreken"
R = "Task_ingekomen_stukken_registreren"
B = "Task_aangeleverde_stukken_beoordelen"
GB = "Gateway_aanvraag_compleet"
EC = "EndEvent_behandeling_hervat"
MV = "Gateway_aanvraag_blijft_onvolledig"
V = "Task_vervolg_onvolledige_aanvraag_bepalen"
GV = "Gateway_vervolg"
EBB = "EndEvent_buiten_behandeling"
EAF = "EndEvent_afgewezen_recht_niet_vast_te_stellen"
EBG = "EndEvent_beslissen_op_beschikbare_gegevens"

spec = dict(
    slug="aanvraag_aanvullen_hersteltermijn",
    process_id="aanvraag_aanvullen_hersteltermijn",
    name="Aanvraag aanvullen (hersteltermijn)",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "De klant een redelijke termijn geven om een onvolledige aanvraag aan te vullen, de "
        "opschorting van de beslistermijn juist vastleggen (dag van verzoek tot dag van "
        "ontvangst) en na afloop zorgvuldig kiezen tussen verder behandelen, buiten "
        "behandeling stellen en afwijzen.",
        "Aanleiding": "Bij de volledigheidstoets blijkt dat de aanvraag niet compleet is: bewijsstukken "
        "of gegevens ontbreken.",
        "Uitkomsten": "Aanvraag compleet, behandeling hervat (beslistermijn loopt weer vanaf de dag van "
        "ontvangst); aanvraag buiten behandeling gesteld; aanvraag afgewezen omdat het "
        "recht niet is vast te stellen; beslissen op de beschikbare gegevens omdat het "
        "ontbrekende niet doorslaggevend is. De consulent bepaalt de lengte van de "
        "hersteltermijn (in dagen); de timer volgt die keuze.",
        "Wettelijke basis": "Awb 4:2 lid 2 en 4:4 (gegevens en bescheiden bij de aanvraag); Awb 4:5 "
        "(hersteltermijn, buiten behandeling stellen); Awb 4:15 lid 1 onder a "
        "(opschorting beslistermijn); Pw art. 17 lid 1 (inlichtingenplicht) en "
        "art. 43 (aanvraag).",
    },
    lanes=[("inkomensconsulent", 3), "klant", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Aanvraag onvolledig ingediend",
            "klant",
            0,
            form=[
                F("datum_aanvraag", "Datum aanvraag", "date"),
                F("ontbrekende_gegevens", "Ontbrekende gegevens volgens volledigheidstoets", maxlength=1000),
            ],
        ),
        N(MT, "xor", "Hersteltermijn bieden", "inkomensconsulent", 1),
        N(
            HT,
            "user",
            "Hersteltermijn vaststellen en verzuimbrief sturen",
            "inkomensconsulent",
            2,
            form=[
                F("hersteltermijn_dagen", "Hersteltermijn (dagen)", "long", min=5, max=28),
                F("gevraagde_stukken", "Gevraagde stukken", maxlength=1000),
                F("datum_verzuimbrief", "Datum verzuimbrief", "date"),
            ],
        ),
        N(
            K,
            "user",
            "Ontbrekende stukken aanleveren",
            "klant",
            3,
            form=[
                F("aangeleverde_stukken", "Aangeleverde stukken", maxlength=1000),
                F("toelichting_klant", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            TH,
            "boundary",
            "Hersteltermijn verstreken",
            attached=K,
            duration='"P" + str(hersteltermijn_dagen) + "D"',
            cancel=True,
            offset=0.8,
            side="T",
        ),
        N(
            R,
            "user",
            "Ingekomen stukken registreren",
            "backoffice",
            4,
            form=[
                F("datum_ontvangst_stukken", "Datum ontvangst (einde opschorting)", "date"),
                F("stukken_gekoppeld", "Stukken aan dossier gekoppeld", "boolean"),
            ],
        ),
        N(
            B,
            "user",
            "Aangeleverde stukken beoordelen",
            "inkomensconsulent",
            5,
            form=[
                F("aanvraag_compleet", "Aanvraag nu compleet", "boolean"),
                F("nieuwe_termijn_bieden", "Nieuwe hersteltermijn bieden", "boolean"),
                F("nog_ontbrekend", "Nog ontbrekend", required=False, maxlength=1000),
            ],
        ),
        N(
            GB,
            "xor",
            "Aanvraag compleet?",
            "inkomensconsulent",
            6,
            default="Flow_aanvraag_compleet_naar_aanvraag_blijft_onvolledig",
        ),
        N(EC, "end", "Aanvraag compleet, behandeling hervat", "inkomensconsulent", 7),
        N(MV, "xor", "Aanvraag blijft onvolledig", "inkomensconsulent", 6, row=1),
        N(
            V,
            "user",
            "Vervolg onvolledige aanvraag bepalen",
            "inkomensconsulent",
            7,
            row=1,
            form=[
                F(
                    "vervolg",
                    "Vervolg",
                    "enum",
                    values=[
                        ("buiten_behandeling", "Buiten behandeling stellen (Awb 4:5)"),
                        ("afwijzen", "Afwijzen: recht niet vast te stellen"),
                        ("beslissen", "Beslissen op beschikbare gegevens"),
                    ],
                ),
                F("motivering_vervolg", "Motivering", maxlength=2000),
            ],
        ),
        N(
            GV,
            "xor",
            "Vervolg?",
            "inkomensconsulent",
            8,
            row=1,
            default="Flow_vervolg_naar_beslissen_op_beschikbare_gegevens",
        ),
        N(EBB, "end", "Aanvraag buiten behandeling gesteld", "inkomensconsulent", 9),
        N(EAF, "end", "Aanvraag afgewezen, recht niet vast te stellen", "inkomensconsulent", 9, row=1),
        N(EBG, "end", "Aanvraag behandeld op beschikbare gegevens", "inkomensconsulent", 9, row=2),
    ],
    flows=[
        L(S, MT),
        L(MT, HT),
        L(HT, K),
        L(K, R),
        L(TH, MV),
        L(R, B),
        L(B, GB),
        L(GB, EC, "compleet", "aanvraag_compleet"),
        L(GB, MT, "nieuwe termijn", "not aanvraag_compleet and nieuwe_termijn_bieden"),
        L(GB, MV, "blijft onvolledig"),
        L(MV, V),
        L(V, GV),
        L(GV, EBB, "buiten behandeling", 'vervolg == "buiten_behandeling"'),
        L(GV, EAF, "afwijzen", 'vervolg == "afwijzen"'),
        L(GV, EBG, "beslissen"),
    ],
)
