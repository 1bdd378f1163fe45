from common import F, N, L

TARGET = "3-re-integratie-en-ontwikkeling/activeringsprogramma.bpmn"

S = "StartEvent_aangemeld_voor_activeringsprogramma"
AP = "Task_programma_en_werknemersdoelen_afspreken"
GM = "Gateway_programmaperiode_starten"
T3 = "Timer_programmaperiode"
PS = "Gateway_meting_splitsen"
JM = "Task_werknemersvaardigheden_meten"
EK = "Task_eigen_ervaring_doorgeven"
PJ = "Gateway_meting_samenvoegen"
EV = "Task_programma_evalueren"
GE = "Gateway_vervolg_programma"
ED = "EndEvent_doorgestroomd_naar_traject"
VK = "Task_vervolg_vastleggen"
EA = "EndEvent_terugverwezen_sociale_activering"

spec = dict(
    slug="activeringsprogramma",
    process_id="activeringsprogramma",
    name="Activeringsprogramma in het leer-werkbedrijf",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="werken en meedoen",
    documentation={
        "Doel": "Klanten die nog niet klaar zijn voor een traject naar werk in een kort, "
        "werkgericht programma van 3 maanden in het leer-werkbedrijf arbeidsritme en "
        "werknemersvaardigheden laten opdoen (op tijd komen, samenwerken, instructies "
        "opvolgen), gemeten door een jobcoach, als opstap naar een re-integratietraject.",
        "Aanleiding": "De klantmanager meldt de klant aan, bijvoorbeeld na sociale activering of "
        "na een lange periode zonder werk. Anders dan bij sociale activering is het "
        "programma tijdgebonden en gericht op werknemersvaardigheden.",
        "Uitkomsten": "Doorgestroomd naar een re-integratietraject; programma eenmalig verlengd "
        "met 3 maanden; of, als het programma (nog) niet past, een door de "
        "klantmanager vastgelegd vervolg (terug naar sociale activering, zorg via "
        "het wijkteam of tijdelijke ontheffing).",
        "Wettelijke basis": "Pw art. 7 lid 1 onder a en art. 10 (voorzieningen gericht op "
        "arbeidsinschakeling); Pw art. 8a (re-integratieverordening); "
        "Pw art. 9 lid 1 onder b (meewerken aan een voorziening); duur van "
        "3 maanden en eenmalige verlenging: gemeentelijke beleidsregels.",
    },
    lanes=["klantmanager", "werkcoach", "klant", "jobcoach"],
    nodes=[
        N(
            S,
            "start",
            "Klant aangemeld voor activeringsprogramma",
            "klantmanager",
            0,
            form=[
                F("datum_aanmelding", "Datum aanmelding", "date"),
                F(
                    "werkplaats",
                    "Werkplaats leer-werkbedrijf",
                    "enum",
                    values=[
                        ("productie", "Productie en montage"),
                        ("groen", "Groen en buitenonderhoud"),
                        ("logistiek", "Logistiek"),
                        ("facilitair", "Facilitair en schoonmaak"),
                    ],
                ),
            ],
        ),
        N(
            AP,
            "user",
            "Programma en werknemersdoelen afspreken",
            "werkcoach",
            1,
            form=[
                F("werknemersdoelen", "Werknemersdoelen", maxlength=2000),
                F("uren_per_week", "Uren per week", "long", min=8, max=24),
            ],
        ),
        N(GM, "xor", "Programmaperiode starten", "werkcoach", 2),
        N(T3, "timer", "Programmaperiode van 3 maanden verstreken", "klant", 3, duration="P3M"),
        N(PS, "and", "Meting starten", "klant", 4),
        N(
            JM,
            "user",
            "Werknemersvaardigheden en aanwezigheid meten",
            "jobcoach",
            5,
            form=[
                F(
                    "score_werknemersvaardigheden",
                    "Score werknemersvaardigheden (1-10)",
                    "long",
                    min=1,
                    max=10,
                ),
                F("aanwezigheid_percentage", "Aanwezigheid (%)", "long", min=0, max=100),
            ],
        ),
        N(
            EK,
            "user",
            "Eigen ervaring met programma doorgeven",
            "klant",
            5,
            form=[
                F("tevredenheid_programma", "Tevredenheid (1-10)", "long", min=1, max=10),
                F("wil_richting_werk", "Ik wil een stap richting werk zetten", "boolean"),
            ],
        ),
        N(PJ, "and", "Meting compleet", "klant", 6),
        N(
            EV,
            "user",
            "Programma evalueren",
            "werkcoach",
            7,
            form=[
                F(
                    "resultaat_programma",
                    "Resultaat",
                    "enum",
                    values=[
                        ("doorstromen", "Doorstromen naar re-integratietraject"),
                        ("verlengen", "Programma verlengen"),
                        ("stoppen", "Programma past (nog) niet"),
                    ],
                ),
                F("al_eerder_verlengd", "Programma is al eerder verlengd", "boolean"),
                F("motivering_evaluatie", "Motivering", maxlength=2000),
            ],
        ),
        N(GE, "xor", "Vervolg?", "werkcoach", 8, default="Flow_vervolg_programma_naar_vervolg_vastleggen"),
        N(ED, "end", "Doorgestroomd naar re-integratietraject", "klant", 9),
        N(
            VK,
            "user",
            "Vervolg vastleggen",
            "klantmanager",
            9,
            form=[
                F(
                    "vervolg_na_programma",
                    "Vervolg",
                    "enum",
                    values=[
                        ("sociale_activering", "Terug naar sociale activering"),
                        ("wijkteam_zorg", "Zorg of hulp via het wijkteam"),
                        ("ontheffing", "Tijdelijke ontheffing arbeidsverplichtingen"),
                    ],
                ),
                F("toelichting_vervolg", "Toelichting", maxlength=2000),
            ],
        ),
        N(EA, "end", "Programma beëindigd, vervolg vastgelegd", "klantmanager", 10),
    ],
    flows=[
        L(S, AP),
        L(AP, GM),
        L(GM, T3),
        L(T3, PS),
        L(PS, JM),
        L(PS, EK),
        L(JM, PJ),
        L(EK, PJ),
        L(PJ, EV),
        L(EV, GE),
        L(GE, ED, "doorstromen", 'resultaat_programma == "doorstromen"'),
        L(GE, GM, "eenmalig verlengen", 'resultaat_programma == "verlengen" and not al_eerder_verlengd'),
        L(GE, VK, "stoppen"),
        L(VK, EA),
    ],
)
