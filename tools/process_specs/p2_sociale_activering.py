from common import F, N, L

TARGET = "2-intake-diagnose-en-plan/sociale-activering.bpmn"

S = "StartEvent_verwezen_sociale_activering"
AD = "Task_activeringsdoelen_bepalen"
G1 = "Gateway_aanpak"
GP = "Task_plaatsen_in_groepsprogramma"
IP = "Task_individuele_activeringsplek_regelen"
MJ = "Gateway_activering_geregeld"
KS = "Task_deelname_starten"
M2 = "Gateway_volgende_periode"
T = "Timer_halfjaarlijkse_evaluatie"
EV = "Task_voortgang_activering_evalueren"
G2 = "Gateway_resultaat_activering"
ET = "EndEvent_doorgestroomd_naar_traject"
EA = "EndEvent_activering_afgerond"

spec = dict(
    slug="sociale_activering",
    process_id="sociale_activering",
    name="Sociale activering",
    participant="Werkbedrijf",
    fase=2,
    stuurlijn="werken en meedoen",
    documentation={
        "Doel": "Klanten voor wie werk nog te ver weg is laten meedoen met onbeloonde, "
        "maatschappelijk nuttige activiteiten (structuur, sociaal netwerk, vaardigheden), "
        "gericht op arbeidsinschakeling of, als dat nog niet kan, op zelfstandige "
        "maatschappelijke participatie.",
        "Aanleiding": "De klantmanager verwijst de klant na de diagnose (route participatie) naar "
        "sociale activering. Of de activering individueel of in een groep "
        "plaatsvindt, volgt uit profiel.aanpak.",
        "Uitkomsten": "Klant doorgestroomd naar een traject richting werk; of sociale activering "
        "afgerond en klant participeert zelfstandig. Zolang activering zinvol is, "
        "loopt ze door met een evaluatie elke 6 maanden (gemeentelijke norm).",
        "Wettelijke basis": "Pw art. 6 lid 1 onder c en d (voorziening gericht op "
        "arbeidsinschakeling, sociale activering); Pw art. 7 lid 1 onder b "
        "(ondersteuning); Pw art. 9 lid 1 onder b (meewerken aan "
        "voorzieningen); Pw art. 8a (re-integratieverordening).",
    },
    lanes=["klant", ("werkcoach", 2), "klantmanager"],
    nodes=[
        N(
            S,
            "start",
            "Klant verwezen naar sociale activering",
            "klantmanager",
            0,
            form=[
                F("datum_verwijzing", "Datum verwijzing", "date"),
                F("wijkteam_betrokken", "Wijkteam of zorg betrokken", "boolean"),
            ],
        ),
        N(
            AD,
            "user",
            "Activeringsdoelen met klant bepalen",
            "werkcoach",
            1,
            form=[
                F(
                    "activeringsdoel",
                    "Activeringsdoel",
                    "enum",
                    values=[
                        ("dagritme", "Structuur en dagritme"),
                        ("sociaal_netwerk", "Sociaal netwerk"),
                        ("vaardigheden", "Basisvaardigheden"),
                        ("opstap_naar_werk", "Opstap naar werk"),
                    ],
                ),
                F("belastbare_dagdelen", "Belastbare dagdelen per week", "long", min=1, max=10),
            ],
        ),
        N(
            G1,
            "xor",
            "Individueel of in groep?",
            "werkcoach",
            2,
            default="Flow_aanpak_naar_individuele_activeringsplek_regelen",
        ),
        N(
            GP,
            "user",
            "Plaatsen in groepsprogramma",
            "werkcoach",
            3,
            form=[
                F("groepsprogramma", "Groepsprogramma", maxlength=200),
                F("startdatum_groep", "Startdatum groep", "date"),
            ],
        ),
        N(
            IP,
            "user",
            "Individuele activeringsplek regelen",
            "werkcoach",
            3,
            row=1,
            form=[
                F("organisatie_activering", "Organisatie", maxlength=200),
                F("activiteit", "Activiteit", maxlength=500),
            ],
        ),
        N(MJ, "xor", "Activering geregeld", "werkcoach", 4),
        N(
            KS,
            "user",
            "Deelname aan activering starten",
            "klant",
            5,
            form=[
                F("startdatum_deelname", "Startdatum deelname", "date"),
                F("vervoer_nodig", "Vervoersvoorziening nodig", "boolean"),
            ],
        ),
        N(M2, "xor", "Volgende periode", "klant", 6),
        N(T, "timer", "Halfjaarlijkse evaluatie", "klant", 7, duration="P6M"),
        N(
            EV,
            "user",
            "Voortgang activering evalueren",
            "werkcoach",
            8,
            form=[
                F(
                    "resultaat_activering",
                    "Resultaat",
                    "enum",
                    values=[
                        ("doorgaan", "Activering voortzetten"),
                        ("toe_aan_traject", "Toe aan traject richting werk"),
                        ("afronden", "Afronden, klant participeert zelfstandig"),
                    ],
                ),
                F("toelichting_evaluatie", "Toelichting", maxlength=2000),
            ],
        ),
        N(
            G2,
            "xor",
            "Resultaat?",
            "werkcoach",
            9,
            default="Flow_resultaat_activering_naar_activering_afgerond",
        ),
        N(EA, "end", "Sociale activering afgerond, klant participeert", "werkcoach", 10),
        N(ET, "end", "Klant doorgestroomd naar traject richting werk", "klantmanager", 10),
    ],
    flows=[
        L(S, AD),
        L(AD, G1),
        L(G1, GP, "groep", 'profiel.aanpak == "groep"'),
        L(G1, IP, "individueel"),
        L(GP, MJ),
        L(IP, MJ),
        L(MJ, KS),
        L(KS, M2),
        L(M2, T),
        L(T, EV),
        L(EV, G2),
        L(G2, M2, "voortzetten", 'resultaat_activering == "doorgaan"', src_port="T", tgt_port="T"),
        L(G2, ET, "toe aan traject", 'resultaat_activering == "toe_aan_traject"', src_port="B"),
        L(G2, EA, "afronden"),
    ],
)
