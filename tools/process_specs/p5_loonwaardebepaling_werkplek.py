from common import F, N, L

TARGET = "5-instrumenten/loonwaardebepaling-op-de-werkplek.bpmn"

S = "StartEvent_loonwaardebepaling_aangevraagd"
VB = "Task_werkplekbezoek_voorbereiden"
PS = "Gateway_informatie_verzamelen"
WG = "Task_functie_en_taken_aanleveren"
JC = "Task_werknemer_observeren"
PJ = "Gateway_informatie_compleet"
GM = "Gateway_meting_starten"
ME = "Task_loonwaarde_meten"
GL = "Gateway_loonwaarde_onder_wml"
EV = "EndEvent_volledige_loonwaarde"
RB = "Task_rapportage_bespreken"
GA = "Gateway_werkgever_akkoord"
ELW = "EndEvent_loonwaarde_vastgesteld"

spec = dict(
    slug="loonwaardebepaling_op_de_werkplek",
    process_id="loonwaardebepaling_op_de_werkplek",
    name="Loonwaardebepaling op de werkplek",
    participant="Werkbedrijf",
    fase=5,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "De loonwaarde van de werknemer in zijn functie objectief en reproduceerbaar "
        "vaststellen met een gevalideerde methode, als basis voor de loonkostensubsidie.",
        "Aanleiding": "Voor een werknemer die (waarschijnlijk) niet zelfstandig het wettelijk "
        "minimumloon kan verdienen is loonkostensubsidie aangevraagd; de "
        "loonwaardedeskundige bepaalt de loonwaarde op de werkplek.",
        "Uitkomsten": "Loonwaarde vastgesteld en door de werkgever ondertekend (de termijn van "
        "5 weken voor de LKS-beschikking gaat lopen); of volledige loonwaarde (100%), "
        "zodat geen loonkostensubsidie nodig is. Is de werkgever het niet eens met "
        "de rapportage, dan volgt een nieuwe meting.",
        "Wettelijke basis": "Pw art. 6 lid 1 onder f (loonwaarde) en art. 10d (loonkostensubsidie); "
        "Pw art. 10e en Besluit loonkostensubsidie Participatiewet 2021 "
        "(uniforme eisen aan de loonwaardebepaling op de werkplek: normfunctie, "
        "taken, prestatie, loonwaardedeskundige).",
    },
    lanes=["werkgever", ("loonwaardedeskundige", 1), "jobcoach"],
    nodes=[
        N(
            S,
            "start",
            "Loonwaardebepaling aangevraagd",
            "loonwaardedeskundige",
            0,
            form=[
                F("datum_start_werk", "Startdatum werk", "date"),
                F("functie", "Functie", maxlength=200),
            ],
        ),
        N(
            VB,
            "user",
            "Werkplekbezoek voorbereiden en normfunctie kiezen",
            "loonwaardedeskundige",
            1,
            form=[
                F("normfunctie", "Normfunctie", maxlength=200),
                F(
                    "methode",
                    "Gevalideerde methode",
                    "enum",
                    values=[
                        ("dariuz", "Dariuz"),
                        ("loonwaarde_plus", "Loonwaarde Plus"),
                        ("andere_gevalideerde_methode", "Andere gevalideerde methode"),
                    ],
                ),
                F("datum_werkplekbezoek", "Datum werkplekbezoek", "date"),
            ],
        ),
        N(PS, "and", "Informatie verzamelen", "loonwaardedeskundige", 2),
        N(
            WG,
            "user",
            "Functie, taken en arbeidsduur aanleveren",
            "werkgever",
            3,
            form=[
                F("taken_en_tijdsbesteding", "Taken en tijdsbesteding", maxlength=2000),
                F(
                    "arbeidsduur_normfunctie",
                    "Arbeidsduur normfunctie (uren per week)",
                    "long",
                    min=1,
                    max=40,
                ),
            ],
        ),
        N(
            JC,
            "user",
            "Werknemer observeren en begeleidingsbehoefte inbrengen",
            "jobcoach",
            3,
            form=[
                F(
                    "begeleidingsbehoefte",
                    "Begeleidingsbehoefte",
                    "enum",
                    values=[("geen", "Geen"), ("licht", "Licht"), ("intensief", "Intensief")],
                ),
                F("observaties", "Observaties op de werkplek", maxlength=2000),
            ],
        ),
        N(PJ, "and", "Informatie compleet", "loonwaardedeskundige", 4),
        N(GM, "xor", "Meting (opnieuw) uitvoeren", "loonwaardedeskundige", 5),
        N(
            ME,
            "user",
            "Loonwaarde op de werkplek meten",
            "loonwaardedeskundige",
            6,
            form=[
                F("loonwaarde_percentage", "Loonwaarde (% van de normfunctie)", "long", min=0, max=100),
                F("herbeoordeling_na_maanden", "Herbeoordeling na (maanden)", "long", min=6, max=36),
                F("rapportage_loonwaarde", "Rapportage", maxlength=4000),
            ],
        ),
        N(
            GL,
            "xor",
            "Loonwaarde onder 100%?",
            "loonwaardedeskundige",
            7,
            default="Flow_loonwaarde_onder_wml_naar_volledige_loonwaarde",
        ),
        N(EV, "end", "Volledige loonwaarde: geen loonkostensubsidie nodig", "loonwaardedeskundige", 8),
        N(
            RB,
            "user",
            "Rapportage bespreken en ondertekenen",
            "werkgever",
            8,
            form=[
                F("akkoord_werkgever", "Werkgever akkoord met rapportage", "boolean"),
                F("bezwaren_werkgever", "Bezwaren", required=False, maxlength=2000),
            ],
        ),
        N(
            GA,
            "xor",
            "Werkgever akkoord?",
            "werkgever",
            9,
            default="Flow_werkgever_akkoord_naar_meting_starten",
        ),
        N(ELW, "end", "Loonwaarde vastgesteld", "werkgever", 10),
    ],
    flows=[
        L(S, VB),
        L(VB, PS),
        L(PS, WG),
        L(PS, JC),
        L(WG, PJ),
        L(JC, PJ),
        L(PJ, GM),
        L(GM, ME),
        L(ME, GL),
        L(GL, RB, "lager dan 100%", "loonwaarde_percentage < 100"),
        L(GL, EV, "100%"),
        L(RB, GA),
        L(GA, ELW, "akkoord", "akkoord_werkgever"),
        L(GA, GM, "niet akkoord: opnieuw meten"),
    ],
)
