from common import F, N, L

TARGET = "3-re-integratie-en-ontwikkeling/vergoedingen-bij-re-integratie.bpmn"

S = "StartEvent_declaratie_ingediend"
GS = "Gateway_soort_kosten"
KT = "Task_kinderopvangtoeslag_toetsen"
GM = "Gateway_declaratie_beoordelen"
PS = "Gateway_beoordeling_splitsen"
NV = "Task_noodzaak_voor_traject_bevestigen"
BC = "Task_bewijsstukken_en_tarieven_controleren"
PJ = "Gateway_beoordeling_samenvoegen"
GT = "Gateway_vergoedbaar"
UB = "Task_vergoeding_uitbetalen"
EU = "EndEvent_vergoeding_uitbetaald"
AF = "Task_afwijzing_beschikken"
EA = "EndEvent_vergoeding_afgewezen"

spec = dict(
    slug="vergoedingen_bij_reintegratie",
    process_id="vergoedingen_bij_reintegratie",
    name="Vergoedingen bij re-integratie",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Kosten die de klant maakt om aan zijn re-integratietraject deel te nemen "
        "(reiskosten, kinderopvang, werkkleding en gereedschap) snel en rechtmatig "
        "vergoeden, zodat geld geen drempel is om mee te doen.",
        "Aanleiding": "De klant dient een declaratie in voor kosten die hij maakte voor een "
        "activiteit uit zijn plan van aanpak.",
        "Uitkomsten": "Vergoeding uitbetaald; vergoeding (deels) afgewezen met een beschikking, "
        "bijvoorbeeld omdat de kosten niet noodzakelijk waren, bewijsstukken "
        "ontbreken of een voorliggende voorziening (kinderopvangtoeslag) de kosten dekt. "
        "Werkcoach en backoffice beoordelen tegelijk.",
        "Wettelijke basis": "Pw art. 10 en art. 8a (voorzieningen en re-integratieverordening: "
        "vergoeding van noodzakelijke kosten); Pw art. 15 lid 1 (voorliggende "
        "voorziening); Wet kinderopvang (kinderopvangtoeslag voor ouders in een "
        "traject naar werk); gemeentelijke beleidsregels (tarieven).",
    },
    lanes=["klant", "werkcoach", ("klantmanager", 2), "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Declaratie re-integratiekosten ingediend",
            "klant",
            0,
            form=[
                F(
                    "soort_kosten",
                    "Soort kosten",
                    "enum",
                    values=[
                        ("reiskosten", "Reiskosten"),
                        ("kinderopvang", "Kinderopvang"),
                        ("werkkleding_gereedschap", "Werkkleding en gereedschap"),
                    ],
                ),
                F("gedeclareerd_bedrag", "Gedeclareerd bedrag (euro)", "long", min=1, max=5000),
                F("datum_declaratie", "Datum declaratie", "date"),
            ],
        ),
        N(GS, "xor", "Kinderopvang?", "klant", 1, default="Flow_soort_kosten_naar_declaratie_beoordelen"),
        N(
            KT,
            "user",
            "Kinderopvangtoeslag als voorliggende voorziening toetsen",
            "klantmanager",
            2,
            row=1,
            form=[
                F("toeslag_aangevraagd", "Kinderopvangtoeslag aangevraagd", "boolean"),
                F("niet_gedekt_deel", "Niet door toeslag gedekt deel (euro)", "long", min=0, max=5000),
            ],
        ),
        N(GM, "xor", "Declaratie beoordelen", "klantmanager", 3),
        N(PS, "and", "Beoordeling splitsen", "klantmanager", 4),
        N(
            NV,
            "user",
            "Noodzaak voor traject bevestigen",
            "werkcoach",
            5,
            form=[
                F("kosten_noodzakelijk", "Kosten noodzakelijk voor activiteit in plan van aanpak", "boolean"),
                F("toelichting_noodzaak", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            BC,
            "user",
            "Bewijsstukken en tarieven controleren",
            "backoffice",
            5,
            form=[
                F("bewijs_compleet", "Bewijsstukken compleet", "boolean"),
                F("vergoedbaar_bedrag", "Vergoedbaar bedrag (euro)", "long", min=0, max=5000),
            ],
        ),
        N(PJ, "and", "Beoordeling samenvoegen", "klantmanager", 6),
        N(GT, "xor", "Vergoedbaar?", "klantmanager", 7, default="Flow_vergoedbaar_naar_afwijzing_beschikken"),
        N(
            UB,
            "user",
            "Vergoeding uitbetalen",
            "backoffice",
            8,
            form=[
                F("uitbetaald_bedrag", "Uitbetaald bedrag (euro)", "long", min=1, max=5000),
                F("betaaldatum", "Betaaldatum", "date"),
            ],
        ),
        N(EU, "end", "Vergoeding uitbetaald", "backoffice", 9),
        N(
            AF,
            "user",
            "Afwijzing motiveren en beschikken",
            "klantmanager",
            8,
            row=1,
            form=[
                F(
                    "afwijzingsgrond",
                    "Afwijzingsgrond",
                    "enum",
                    values=[
                        ("niet_noodzakelijk", "Kosten niet noodzakelijk"),
                        ("bewijs_ontbreekt", "Bewijsstukken ontbreken"),
                        ("voorliggende_voorziening", "Voorliggende voorziening"),
                    ],
                ),
                F("datum_beschikking", "Datum beschikking", "date"),
            ],
        ),
        N(EA, "end", "Vergoeding afgewezen", "klantmanager", 9, row=1),
    ],
    flows=[
        L(S, GS),
        L(GS, KT, "kinderopvang", 'soort_kosten == "kinderopvang"'),
        L(GS, GM, "overige kosten"),
        L(KT, GM),
        L(GM, PS),
        L(PS, NV),
        L(PS, BC),
        L(NV, PJ),
        L(BC, PJ),
        L(PJ, GT),
        L(GT, UB, "vergoedbaar", "kosten_noodzakelijk and bewijs_compleet and vergoedbaar_bedrag > 0"),
        L(GT, AF, "niet vergoedbaar"),
        L(UB, EU),
        L(AF, EA),
    ],
)
