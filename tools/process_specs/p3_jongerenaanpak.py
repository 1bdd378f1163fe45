from common import F, N, L

TARGET = "3-re-integratie-en-ontwikkeling/jongerenaanpak.bpmn"

S = "StartEvent_jongere_gemeld"
IN = "Task_jongerenintake_houden"
GP = "Gateway_perspectief"
KA = "Task_aanmelden_bij_opleiding"
T3 = "Timer_drie_maanden_na_start"
CK = "Task_schoolvoortgang_nagaan"
GS = "Gateway_nog_op_school"
ES = "EndEvent_jongere_volgt_opleiding"
AM = "Task_werkleerplek_zoeken"
GW = "Gateway_werkleerplek_gevonden"
WG = "Task_leerwerkovereenkomst_aangaan"
EL = "EndEvent_gestart_op_werkleerplek"
GM = "Gateway_naar_bemiddeling"
EB = "EndEvent_aangemeld_voor_bemiddeling"

spec = dict(
    slug="jongerenaanpak",
    process_id="jongerenaanpak",
    name="Jongerenaanpak: school of werkleerplek",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="voorkomen",
    documentation={
        "Doel": "Jongeren tot 27 jaar zonder startkwalificatie terugleiden naar school of naar een "
        "werkleerplek (beroepsbegeleidende leerweg), zodat zij een diploma halen en niet "
        "langdurig afhankelijk worden van bijstand; wie al een startkwalificatie heeft, "
        "gaat direct naar bemiddeling.",
        "Aanleiding": "Een jongere meldt zich bij het jongerenloket (of wordt aangemeld door de "
        "RMC-functie of de leerplichtambtenaar). De werkcoach bepaalt in de "
        "jongerenintake het perspectief: school, werkleerplek of werk.",
        "Uitkomsten": "Jongere volgt een opleiding (na 3 maanden gecontroleerd); jongere gestart op "
        "een werkleerplek met een leerwerkovereenkomst; jongere aangemeld voor "
        "bemiddeling naar werk (ook na schooluitval of als geen werkleerplek is gevonden).",
        "Wettelijke basis": "Pw art. 13 lid 2 onder c (geen bijstand bij mogelijkheid tot onderwijs "
        "met studiefinanciering); Pw art. 41 lid 4 (zoektermijn jongeren); "
        "Leerplichtwet 1969 (kwalificatieplicht tot 18 jaar); Wet educatie en "
        "beroepsonderwijs (beroepsbegeleidende leerweg); controle na 3 maanden: "
        "gemeentelijke beleidsregels.",
    },
    lanes=["klant", ("werkcoach", 2), "accountmanager", "werkgever"],
    nodes=[
        N(
            S,
            "start",
            "Jongere meldt zich bij het jongerenloket",
            "klant",
            0,
            form=[
                F("leeftijd", "Leeftijd", "long", min=16, max=26),
                F("startkwalificatie", "Heeft startkwalificatie (mbo 2, havo of vwo)", "boolean"),
            ],
        ),
        N(
            IN,
            "user",
            "Jongerenintake: school of werk?",
            "werkcoach",
            1,
            form=[
                F(
                    "perspectief",
                    "Perspectief",
                    "enum",
                    values=[
                        ("school", "Terug naar school"),
                        ("werkleerplek", "Werkleerplek (bbl)"),
                        ("werk", "Direct werk"),
                    ],
                ),
                F("motivatie_jongere", "Motivatie en wensen jongere", maxlength=2000),
            ],
        ),
        N(GP, "xor", "Perspectief?", "werkcoach", 2, default="Flow_perspectief_naar_naar_bemiddeling"),
        N(
            KA,
            "user",
            "Aanmelden bij opleiding",
            "klant",
            3,
            form=[
                F("opleiding", "Opleiding", maxlength=200),
                F("startdatum_opleiding", "Startdatum opleiding", "date"),
                F("studiefinanciering_aangevraagd", "Studiefinanciering aangevraagd", "boolean"),
            ],
        ),
        N(T3, "timer", "Drie maanden na start opleiding", "klant", 4, duration="P3M"),
        N(
            CK,
            "user",
            "Schoolvoortgang nagaan",
            "werkcoach",
            5,
            form=[
                F("nog_op_school", "Jongere volgt de opleiding nog", "boolean"),
                F("toelichting_school", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(GS, "xor", "Nog op school?", "werkcoach", 6, default="Flow_nog_op_school_naar_naar_bemiddeling"),
        N(ES, "end", "Jongere volgt opleiding", "klant", 7),
        N(
            AM,
            "user",
            "Werkleerplek bij erkend leerbedrijf zoeken",
            "accountmanager",
            3,
            form=[
                F("werkleerplek_gevonden", "Werkleerplek gevonden", "boolean"),
                F("leerbedrijf", "Leerbedrijf", required=False, maxlength=200),
            ],
        ),
        N(
            GW,
            "xor",
            "Werkleerplek gevonden?",
            "accountmanager",
            4,
            default="Flow_werkleerplek_gevonden_naar_naar_bemiddeling",
        ),
        N(
            WG,
            "user",
            "Leerwerkovereenkomst (bbl) aangaan",
            "werkgever",
            5,
            form=[
                F("startdatum_werkleerplek", "Startdatum", "date"),
                F("uren_per_week", "Uren per week", "long", min=16, max=40),
            ],
        ),
        N(EL, "end", "Gestart op werkleerplek", "werkgever", 6),
        N(GM, "xor", "Naar bemiddeling", "werkcoach", 7, row=1),
        N(EB, "end", "Aangemeld voor bemiddeling naar werk", "werkcoach", 8, row=1),
    ],
    flows=[
        L(S, IN),
        L(IN, GP),
        L(GP, KA, "school", 'perspectief == "school" and not startkwalificatie'),
        L(GP, AM, "werkleerplek", 'perspectief == "werkleerplek"'),
        L(GP, GM, "werk"),
        L(KA, T3),
        L(T3, CK),
        L(CK, GS),
        L(GS, ES, "volgt opleiding", "nog_op_school"),
        L(GS, GM, "uitgevallen"),
        L(AM, GW),
        L(GW, WG, "gevonden", "werkleerplek_gevonden"),
        L(GW, GM, "niet gevonden"),
        L(WG, EL),
        L(GM, EB),
    ],
)
