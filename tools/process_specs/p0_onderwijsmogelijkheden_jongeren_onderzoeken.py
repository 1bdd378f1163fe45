from common import F, N, L

TARGET = "0-melding-en-poort/onderwijsmogelijkheden-jongeren-onderzoeken.bpmn"

S = "StartEvent_jongere_gemeld"
OG = "Task_opleidingsgesprek_voeren"
GO = "Gateway_onderwijs_mogelijk"
AM = "Task_aanmelden_bij_opleiding"
GA = "Gateway_aangemeld"
ES = "EndEvent_jongere_gaat_naar_school"
NA = "Task_niet_aanmelden_beoordelen"
GN = "Gateway_reden_niet_aangemeld"
EG = "EndEvent_geen_recht_onderwijs_mogelijk"
LW = "Task_leerwerktraject_afspreken"
ELW = "EndEvent_leerwerktraject_afgesproken"
GJ = "Gateway_werkroute"
WR = "Task_werkroute_vastleggen"
EB = "EndEvent_jongere_kan_bijstand_aanvragen"

spec = dict(
    slug="onderwijsmogelijkheden_jongeren_onderzoeken",
    process_id="onderwijsmogelijkheden_jongeren_onderzoeken",
    name="Onderwijsmogelijkheden jongeren onderzoeken",
    participant="Werkbedrijf",
    fase=0,
    stuurlijn="voorkomen",
    documentation={
        "Doel": "Voor een jongere onder de 27 eerst onderzoeken of hij (weer) naar school kan "
        "met studiefinanciering, omdat onderwijs voorgaat op bijstand en de kans op "
        "duurzaam werk vergroot.",
        "Aanleiding": "Een jongere van 18 tot 27 jaar heeft zich gemeld als werkzoekende met het "
        "oog op bijstand (tijdens de zoektermijn).",
        "Uitkomsten": "Jongere gaat naar school met studiefinanciering; leerwerktraject afgesproken "
        "voor een jongere zonder startkwalificatie voor wie regulier onderwijs niet "
        "haalbaar is; geen recht op bijstand omdat de jongere afziet van mogelijk "
        "onderwijs; onderwijs niet haalbaar, jongere kan bijstand aanvragen met een "
        "werkroute.",
        "Wettelijke basis": "Pw art. 13 lid 2 onder c (geen bijstand bij mogelijk onderwijs met "
        "studiefinanciering, WSF 2000 of WTOS); Pw art. 41 lid 4 (zoektermijn); "
        "Pw art. 10f (leerwerktraject jongeren zonder startkwalificatie); "
        "Wet RMC (regionale meld- en coördinatiefunctie voortijdig schoolverlaters).",
    },
    lanes=["klant", "klantmanager", ("werkcoach", 2)],
    nodes=[
        N(
            S,
            "start",
            "Jongere gemeld als werkzoekende",
            "klant",
            0,
            form=[
                F("datum_melding", "Datum melding", "date"),
                F("leeftijd", "Leeftijd", "long", min=18, max=26),
                F("startkwalificatie", "Heeft startkwalificatie (havo, vwo of mbo 2)", "boolean"),
            ],
        ),
        N(
            OG,
            "user",
            "Opleidingsgesprek voeren",
            "werkcoach",
            1,
            form=[
                F("onderwijs_mogelijk", "Onderwijs met studiefinanciering mogelijk", "boolean"),
                F(
                    "belemmering",
                    "Belangrijkste belemmering",
                    "enum",
                    values=[
                        ("geen", "Geen"),
                        ("gezondheid_of_beperking", "Gezondheid of beperking"),
                        ("zorgtaken", "Zorgtaken"),
                        ("leerbaarheid", "Leerbaarheid"),
                    ],
                ),
                F("passende_opleiding", "Passende opleiding", required=False, maxlength=200),
            ],
        ),
        N(GO, "xor", "Onderwijs mogelijk?", "werkcoach", 2, default="Flow_onderwijs_mogelijk_naar_werkroute"),
        N(
            AM,
            "user",
            "Aanmelden bij opleiding en studiefinanciering aanvragen",
            "klant",
            3,
            form=[
                F("aangemeld_bij_opleiding", "Aangemeld bij opleiding", "boolean"),
                F("studiefinanciering_aangevraagd", "Studiefinanciering aangevraagd", "boolean"),
                F("startdatum_opleiding", "Startdatum opleiding", "date", required=False),
            ],
        ),
        N(GA, "xor", "Aangemeld?", "klant", 4, default="Flow_aangemeld_naar_niet_aanmelden_beoordelen"),
        N(ES, "end", "Jongere gaat naar school", "klant", 5),
        N(
            NA,
            "user",
            "Niet aanmelden beoordelen",
            "klantmanager",
            5,
            form=[
                F(
                    "reden_niet_aangemeld",
                    "Reden",
                    "enum",
                    values=[
                        ("geen_plaats", "Geen plaats of instroommoment"),
                        ("ziet_af_van_onderwijs", "Jongere ziet af van onderwijs"),
                    ],
                ),
                F("motivering_beoordeling", "Motivering", maxlength=2000),
            ],
        ),
        N(
            GN,
            "xor",
            "Ziet af van onderwijs?",
            "klantmanager",
            6,
            default="Flow_reden_niet_aangemeld_naar_werkroute",
        ),
        N(EG, "end", "Geen recht op bijstand, onderwijs mogelijk", "klantmanager", 7),
        N(
            LW,
            "user",
            "Leerwerktraject afspreken",
            "werkcoach",
            3,
            row=1,
            form=[
                F("leerwerkbedrijf", "Leerwerkbedrijf of opleider", maxlength=200),
                F("startdatum_leerwerktraject", "Startdatum", "date"),
            ],
        ),
        N(ELW, "end", "Leerwerktraject afgesproken", "werkcoach", 4, row=1),
        N(GJ, "xor", "Werkroute", "werkcoach", 7),
        N(
            WR,
            "user",
            "Werkroute en advies over de aanvraag vastleggen",
            "werkcoach",
            8,
            form=[
                F("reden_onderwijs_niet_haalbaar", "Waarom onderwijs niet haalbaar is", maxlength=1000),
                F("beoogde_werkroute", "Beoogde route naar werk", maxlength=1000),
            ],
        ),
        N(EB, "end", "Jongere kan bijstand aanvragen", "werkcoach", 9),
    ],
    flows=[
        L(S, OG),
        L(OG, GO),
        L(GO, AM, "onderwijs mogelijk", "onderwijs_mogelijk"),
        L(GO, LW, "leerwerktraject", "not onderwijs_mogelijk and not startkwalificatie"),
        L(GO, GJ, "niet haalbaar"),
        L(AM, GA),
        L(GA, ES, "aangemeld", "aangemeld_bij_opleiding and studiefinanciering_aangevraagd"),
        L(GA, NA, "niet aangemeld"),
        L(NA, GN),
        L(GN, EG, "ziet af van onderwijs", 'reden_niet_aangemeld == "ziet_af_van_onderwijs"'),
        L(GN, GJ, "geen plaats"),
        L(LW, ELW),
        L(GJ, WR),
        L(WR, EB),
    ],
)
