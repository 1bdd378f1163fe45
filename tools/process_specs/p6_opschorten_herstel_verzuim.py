from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/opschorten-en-herstel-verzuim.bpmn"

S = "StartEvent_gegevens_niet_verstrekt"
O = "Task_opschorten_hersteltermijn_stellen"
BO = "Task_betaling_opschorten"
M = "Gateway_hersteltermijn_loopt"
K = "Task_verzuim_herstellen"
TH = "Timer_hersteltermijn"
B = "Task_aangeleverde_gegevens_beoordelen"
G = "Gateway_verzuim_hersteld"
NB = "Task_opgeschorte_bijstand_nabetalen"
EN = "EndEvent_bijstand_hervat"
MI = "Gateway_naar_intrekking"
I = "Task_bijstand_intrekken_na_opschorting"
EI = "EndEvent_bijstand_ingetrokken"

spec = dict(
    slug="opschorten_en_herstel_verzuim",
    process_id="opschorten_en_herstel_verzuim",
    name="Opschorten en herstel verzuim",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "De klant die gevraagde gegevens niet levert met een opschorting en een "
        "hersteltermijn in staat stellen het verzuim te herstellen, en anders het recht "
        "zorgvuldig intrekken.",
        "Aanleiding": "De klant heeft gegevens of bewijsstukken die nodig zijn om het recht op "
        "bijstand vast te stellen niet, niet tijdig of onvolledig verstrekt.",
        "Uitkomsten": "Verzuim hersteld: bijstand hervat en opgeschorte bedragen nagebetaald; "
        "verzuim niet (tijdig) hersteld: bijstand ingetrokken per de datum van "
        "opschorting, na een belangenafweging. Bij gedeeltelijk herstel volgt een "
        "nieuwe hersteltermijn zolang de opschorting daarmee niet langer dan 8 weken duurt.",
        "Wettelijke basis": "Pw art. 54 lid 1 (opschorting en hersteltermijn) en lid 4 "
        "(intrekking bij niet herstellen); Pw art. 17 (inlichtingen- en "
        "medewerkingsplicht); Awb 3:4 (evenredigheid; CRvB 25 april 2023); "
        "opschorting ten hoogste 8 weken (DOMAIN-termijnentabel; "
        "gemeentelijke beleidsregels).",
    },
    lanes=["klant", ("inkomensconsulent", 2), "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Gevraagde gegevens niet verstrekt",
            "klant",
            0,
            form=[
                F("gevraagde_gegevens", "Gevraagde gegevens", maxlength=1000),
                F("datum_verzoek", "Datum verzoek om gegevens", "date"),
                F(
                    "aanleiding_verzoek",
                    "Aanleiding",
                    "enum",
                    values=[
                        ("heronderzoek", "Heronderzoek"),
                        ("wijziging", "Wijziging"),
                        ("signaal", "Signaal"),
                        ("inkomstenformulier", "Inkomstenformulier"),
                    ],
                ),
            ],
        ),
        N(
            O,
            "user",
            "Bijstand opschorten en hersteltermijn stellen",
            "inkomensconsulent",
            1,
            form=[
                F("opschorting_per", "Opschorting per", "date"),
                F("hersteltermijn_tot", "Hersteltermijn tot", "date"),
            ],
        ),
        N(
            BO,
            "user",
            "Betaling opschorten",
            "backoffice",
            2,
            form=[
                F("betaling_geblokkeerd_per", "Betaling geblokkeerd per", "date"),
            ],
        ),
        N(M, "xor", "Hersteltermijn loopt", "inkomensconsulent", 3),
        N(
            K,
            "user",
            "Verzuim herstellen",
            "klant",
            4,
            form=[
                F("aangeleverde_gegevens", "Aangeleverde gegevens", maxlength=1000),
                F("toelichting_klant", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            TH,
            "boundary",
            "Hersteltermijn van 2 weken verstreken",
            attached=K,
            duration="P2W",
            cancel=True,
            offset=0.75,
        ),
        N(
            B,
            "user",
            "Aangeleverde gegevens beoordelen",
            "inkomensconsulent",
            5,
            form=[
                F(
                    "herstel",
                    "Verzuim",
                    "enum",
                    values=[
                        ("hersteld", "Volledig hersteld"),
                        ("gedeeltelijk", "Gedeeltelijk hersteld"),
                        ("niet_hersteld", "Niet hersteld"),
                    ],
                ),
                F("weken_opgeschort", "Weken tot nu toe opgeschort", "long", min=0, max=8),
            ],
        ),
        N(
            G,
            "xor",
            "Verzuim hersteld?",
            "inkomensconsulent",
            6,
            default="Flow_verzuim_hersteld_naar_naar_intrekking",
        ),
        N(
            NB,
            "user",
            "Opgeschorte bijstand nabetalen",
            "backoffice",
            7,
            form=[
                F("nabetaald_bedrag", "Nagebetaald bedrag (euro)", "long", min=0, max=10000),
                F("nabetaaldatum", "Datum nabetaling", "date"),
            ],
        ),
        N(EN, "end", "Bijstand hervat en nagebetaald", "backoffice", 8),
        N(MI, "xor", "Naar intrekking", "inkomensconsulent", 7, row=1),
        N(
            I,
            "user",
            "Bijstand intrekken per opschortingsdatum",
            "inkomensconsulent",
            8,
            row=1,
            form=[
                F("intrekking_per", "Intrekking per", "date"),
                F("belangenafweging", "Belangenafweging (evenredigheid)", maxlength=2000),
            ],
        ),
        N(EI, "end", "Bijstand ingetrokken", "inkomensconsulent", 9, row=1),
    ],
    flows=[
        L(S, O),
        L(O, BO),
        L(BO, M),
        L(M, K),
        L(K, B),
        L(TH, MI),
        L(B, G),
        L(G, NB, "hersteld", 'herstel == "hersteld"'),
        L(G, M, "nieuwe hersteltermijn", 'herstel == "gedeeltelijk" and weken_opgeschort <= 6'),
        L(G, MI, "niet hersteld of 8 weken bereikt"),
        L(NB, EN),
        L(MI, I),
        L(I, EI),
    ],
)
