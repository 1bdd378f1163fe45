from common import F, N, L

TARGET = "2-intake-diagnose-en-plan/doelgroep-loonkostensubsidie-vaststellen.bpmn"

S = "StartEvent_aangemeld_voor_doelgroepbepaling"
LW = "Task_verdiencapaciteit_bepalen"
G1 = "Gateway_wml_haalbaar"
EG = "EndEvent_geen_arbeidsbeperking"
G2 = "Gateway_lks_beleid"
AG = "Task_afgebakende_doelgroep_toetsen"
G3 = "Gateway_binnen_afgebakende_doelgroep"
ES = "EndEvent_buiten_afgebakende_doelgroep"
MJ = "Gateway_doelgroep_vaststellen"
VB = "Task_arbeidsbeperking_vaststellen"
UW = "Task_opnemen_doelgroepregister"
EV = "EndEvent_doelgroep_lks_vastgesteld"

spec = dict(
    slug="doelgroep_loonkostensubsidie_vaststellen",
    process_id="doelgroep_loonkostensubsidie_vaststellen",
    name="Doelgroep loonkostensubsidie vaststellen",
    participant="Werkbedrijf",
    fase=2,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Vaststellen of de klant een persoon met een arbeidsbeperking is (met voltijdse "
        "arbeid niet in staat het wettelijk minimumloon te verdienen, wel mogelijkheden "
        "tot arbeidsparticipatie) en daarmee tot de doelgroep loonkostensubsidie behoort.",
        "Aanleiding": "De diagnose gaf de route arbeidsbeperking, een werkgever vraagt "
        "loonkostensubsidie aan voor een kandidaat, of de klant vraagt er zelf om. "
        "Of de gemeente loonkostensubsidie inzet voor de hele wettelijke doelgroep "
        "(breed) of alleen voor een afgebakende groep (smal), volgt uit "
        "profiel.lks_breed.",
        "Uitkomsten": "Doelgroep loonkostensubsidie vastgesteld en opgenomen in het "
        "doelgroepregister; geen arbeidsbeperking (klant kan het WML verdienen); "
        "of, bij smal beleid, buiten de afgebakende doelgroep (ander instrument).",
        "Wettelijke basis": "Pw art. 6 lid 1 onder e (persoon met arbeidsbeperking, vaststelling "
        "door het college); Pw art. 10d (loonkostensubsidie, loonwaarde); "
        "Pw art. 8a lid 1 (verordening: doelgroep en inzet); Wet SUWI art. "
        "38b (doelgroepregister); gemeentelijke beleidsregels (smal of breed).",
    },
    lanes=["werkcoach", "loonwaardedeskundige", ("klantmanager", 3), "uwv"],
    nodes=[
        N(
            S,
            "start",
            "Klant aangemeld voor doelgroepbepaling",
            "werkcoach",
            0,
            form=[
                F("datum_aanmelding", "Datum aanmelding", "date"),
                F(
                    "aanleiding_aanmelding",
                    "Aanleiding",
                    "enum",
                    values=[
                        ("diagnose", "Route arbeidsbeperking uit diagnose"),
                        ("werkgever", "Werkgever wil loonkostensubsidie"),
                        ("klant", "Verzoek van de klant"),
                    ],
                ),
            ],
        ),
        N(
            LW,
            "user",
            "Verdiencapaciteit indicatief bepalen",
            "loonwaardedeskundige",
            1,
            form=[
                F("loonwaarde_percentage", "Indicatieve loonwaarde (% van het WML)", "long", min=0, max=100),
                F(
                    "mogelijkheden_arbeidsparticipatie",
                    "Mogelijkheden tot arbeidsparticipatie",
                    maxlength=1000,
                ),
            ],
        ),
        N(G1, "xor", "WML haalbaar?", "loonwaardedeskundige", 2, default="Flow_wml_haalbaar_naar_lks_beleid"),
        N(EG, "end", "Geen arbeidsbeperking: kan het WML verdienen", "loonwaardedeskundige", 3),
        N(
            G2,
            "xor",
            "Loonkostensubsidie breed of smal?",
            "klantmanager",
            3,
            default="Flow_lks_beleid_naar_afgebakende_doelgroep_toetsen",
        ),
        N(
            AG,
            "user",
            "Afgebakende doelgroep toetsen",
            "klantmanager",
            4,
            row=1,
            form=[
                F("binnen_afgebakende_doelgroep", "Klant valt binnen de afgebakende doelgroep", "boolean"),
                F("motivering_afbakening", "Motivering", maxlength=1000),
            ],
        ),
        N(
            G3,
            "xor",
            "Binnen afgebakende doelgroep?",
            "klantmanager",
            5,
            row=1,
            default="Flow_binnen_afgebakende_doelgroep_naar_buiten_afgebakende_doelgroep",
        ),
        N(ES, "end", "Buiten afgebakende doelgroep: ander instrument", "klantmanager", 5, row=2),
        N(MJ, "xor", "Doelgroep vaststellen", "klantmanager", 6),
        N(
            VB,
            "user",
            "Arbeidsbeperking vaststellen en beschikken",
            "klantmanager",
            7,
            form=[
                F("datum_vaststelling", "Datum vaststelling", "date"),
                F("herbeoordeling_loonwaarde_per", "Herbeoordeling loonwaarde per", "date"),
            ],
        ),
        N(
            UW,
            "user",
            "Opnemen in doelgroepregister",
            "uwv",
            8,
            form=[
                F("opgenomen_per", "Opgenomen in doelgroepregister per", "date"),
            ],
        ),
        N(EV, "end", "Doelgroep loonkostensubsidie vastgesteld", "uwv", 9),
    ],
    flows=[
        L(S, LW),
        L(LW, G1),
        L(G1, EG, "kan WML verdienen", "loonwaarde_percentage >= 100"),
        L(G1, G2, "onder WML"),
        L(G2, MJ, "breed", "profiel.lks_breed", src_port="T", tgt_port="T"),
        L(G2, AG, "smal"),
        L(AG, G3),
        L(G3, MJ, "binnen doelgroep", "binnen_afgebakende_doelgroep == True", src_port="R", tgt_port="B"),
        L(G3, ES, "buiten doelgroep"),
        L(MJ, VB),
        L(VB, UW),
        L(UW, EV),
    ],
)
