from common import F, N, L

TARGET = "3-re-integratie-en-ontwikkeling/proefplaats.bpmn"

S = "StartEvent_proefplaats_aangeboden"
AM = "Task_proefplaatsafspraken_maken"
TK = "Task_toestemming_proefplaats_beoordelen"
GT = "Gateway_proefplaats_toegestaan"
EN = "EndEvent_proefplaats_niet_toegestaan"
KO = "Task_proefplaatsovereenkomst_ondertekenen"
T2 = "Timer_proefperiode_verstreken"
EW = "Task_proefplaats_evalueren"
GE = "Gateway_dienstverband_aangeboden"
BU = "Task_uitkering_afstemmen_op_dienstverband"
ED = "EndEvent_in_dienst_bij_werkgever"
WC = "Task_ervaring_verwerken_in_plan"
ET = "EndEvent_terug_naar_traject"

spec = dict(
    slug="proefplaats",
    process_id="proefplaats",
    name="Proefplaats",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "De klant met behoud van uitkering korte tijd onbeloond laten meewerken bij een "
        "werkgever die het voornemen heeft hem daarna in dienst te nemen, zodat twijfel "
        "over de geschiktheid wordt weggenomen en de klant uitstroomt naar werk.",
        "Aanleiding": "Een werkgever biedt via de accountmanager een proefplaats aan voor een "
        "kandidaat; de werkgever heeft de intentie een dienstverband van ten minste "
        "6 maanden aan te gaan als de proefplaats slaagt.",
        "Uitkomsten": "Klant in dienst bij de werkgever (uitkering afgestemd op het dienstverband); "
        "geen dienstverband, de werkcoach verwerkt de ervaring in het plan van "
        "aanpak; proefplaats niet toegestaan (geen baanintentie of geen toestemming).",
        "Wettelijke basis": "Pw art. 6 lid 1 onder h (begrip proefplaats: onbeloonde werkzaamheden "
        "voor beperkte duur gericht op arbeidsinschakeling bij die werkgever); "
        "Pw art. 8a (re-integratieverordening); duur van ten hoogste 2 maanden "
        "en intentie dienstverband van ten minste 6 maanden: gemeentelijke beleidsregels.",
    },
    lanes=["werkgever", "accountmanager", "klantmanager", "klant", "werkcoach", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Werkgever biedt proefplaats aan",
            "werkgever",
            0,
            form=[
                F("functie", "Functie", maxlength=200),
                F("gewenste_startdatum", "Gewenste startdatum", "date"),
            ],
        ),
        N(
            AM,
            "user",
            "Proefplaatsafspraken maken met werkgever",
            "accountmanager",
            1,
            form=[
                F("intentie_dienstverband", "Intentie dienstverband van ten minste 6 maanden", "boolean"),
                F("werkzaamheden_proefplaats", "Werkzaamheden", maxlength=1000),
                F("begeleider_werkgever", "Begeleider bij werkgever", maxlength=200),
            ],
        ),
        N(
            TK,
            "user",
            "Toestemming proefplaats met behoud van uitkering beoordelen",
            "klantmanager",
            2,
            form=[
                F("toestemming_proefplaats", "Toestemming verleend", "boolean"),
                F("motivering_toestemming", "Motivering", maxlength=2000),
            ],
        ),
        N(
            GT,
            "xor",
            "Proefplaats toegestaan?",
            "klantmanager",
            3,
            default="Flow_proefplaats_toegestaan_naar_proefplaats_niet_toegestaan",
        ),
        N(EN, "end", "Proefplaats niet toegestaan", "klantmanager", 4),
        N(
            KO,
            "user",
            "Proefplaatsovereenkomst ondertekenen",
            "klant",
            4,
            form=[
                F("datum_ondertekening", "Datum ondertekening", "date"),
                F("vragen_klant", "Vragen of opmerkingen", required=False, maxlength=1000),
            ],
        ),
        N(T2, "timer", "Proefperiode van 2 maanden verstreken", "klant", 5, duration="P2M"),
        N(
            EW,
            "user",
            "Proefplaats evalueren",
            "werkgever",
            6,
            form=[
                F("aanbod_dienstverband", "Dienstverband aangeboden", "boolean"),
                F("contractduur_maanden", "Contractduur in maanden", "long", min=0, max=60),
                F("toelichting_evaluatie", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            GE,
            "xor",
            "Dienstverband van 6 maanden of meer?",
            "werkgever",
            7,
            default="Flow_dienstverband_aangeboden_naar_ervaring_verwerken_in_plan",
        ),
        N(
            BU,
            "user",
            "Uitkering afstemmen op dienstverband",
            "backoffice",
            8,
            form=[
                F("ingangsdatum_dienstverband", "Ingangsdatum dienstverband", "date"),
                F("uitkering_beeindigd", "Uitkering volledig beëindigd", "boolean"),
            ],
        ),
        N(ED, "end", "In dienst bij werkgever", "backoffice", 9),
        N(
            WC,
            "user",
            "Ervaring verwerken in plan van aanpak",
            "werkcoach",
            8,
            form=[
                F("leerpunten", "Leerpunten uit de proefplaats", maxlength=2000),
                F(
                    "vervolgstap",
                    "Vervolgstap",
                    "enum",
                    values=[
                        ("andere_werkgever", "Andere werkgever zoeken"),
                        ("training", "Aanvullende training"),
                        ("werkervaringsplaats", "Werkervaringsplaats"),
                    ],
                ),
            ],
        ),
        N(ET, "end", "Terug naar re-integratietraject", "werkcoach", 9),
    ],
    flows=[
        L(S, AM),
        L(AM, TK),
        L(TK, GT),
        L(GT, KO, "toegestaan", "toestemming_proefplaats and intentie_dienstverband"),
        L(GT, EN, "niet toegestaan"),
        L(KO, T2),
        L(T2, EW),
        L(EW, GE),
        L(GE, BU, "in dienst", "aanbod_dienstverband and contractduur_maanden >= 6"),
        L(GE, WC, "geen dienstverband"),
        L(BU, ED),
        L(WC, ET),
    ],
)
