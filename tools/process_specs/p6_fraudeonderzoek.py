from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/fraudeonderzoek.bpmn"

S = "StartEvent_fraudesignaal_ontvangen"
T1 = "Task_signaal_beoordelen_prioriteren"
G1 = "Gateway_onderzoek_starten"
ES = "EndEvent_signaal_zonder_onderzoek"
T2 = "Task_fraudeonderzoek_uitvoeren"
G2 = "Gateway_overtreding_vastgesteld"
EG = "EndEvent_geen_overtreding"
PS = "Gateway_vervolg_splitsen"
IC = "Task_herziening_terugvordering_voorbereiden"
HH = "Task_rapport_en_sanctie_bepalen"
PJ = "Gateway_vervolg_gereed"
G3 = "Gateway_sanctie"
EOM = "EndEvent_aangifte_om"
EBB = "EndEvent_herziening_en_boete"

spec = dict(
    slug="fraudeonderzoek",
    process_id="fraudeonderzoek",
    name="Fraudeonderzoek",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Een fraudesignaal risicogericht beoordelen en zo nodig onderzoeken, zodat "
        "onrechtmatig verstrekte bijstand wordt vastgesteld en passend wordt gesanctioneerd.",
        "Aanleiding": "De handhaver (sociale recherche) heeft een signaal ontvangen: van het "
        "Inlichtingenbureau, een tip van derden, of uit een heronderzoek of het "
        "klantcontact.",
        "Uitkomsten": "Signaal afgedaan zonder onderzoek; onderzoek zonder vastgestelde "
        "overtreding; overtreding vastgesteld, waarna inkomensconsulent en handhaver "
        "tegelijk de herziening/terugvordering en de sanctie voorbereiden: aangifte bij "
        "het Openbaar Ministerie (in de regel vanaf € 50.000 benadeling) of "
        "bestuurlijke boete.",
        "Wettelijke basis": "Pw art. 53a (onderzoek, huisbezoek, gegevens van derden); Pw art. 17 "
        "(inlichtingen- en medewerkingsplicht); Pw art. 54 lid 3 en 58 "
        "(herziening, terugvordering); Pw art. 18a (bestuurlijke boete); "
        "Aanwijzing sociale zekerheidsfraude (aangiftegrens); Awb 5:10a "
        "(cautie); Sv art. 141 (opsporing door BOA's sociale recherche).",
    },
    lanes=["klant", ("handhaver", 2), "inkomensconsulent"],
    nodes=[
        N(
            S,
            "start",
            "Fraudesignaal ontvangen",
            "klant",
            0,
            form=[
                F(
                    "bron_signaal",
                    "Bron van het signaal",
                    "enum",
                    values=[
                        ("inlichtingenbureau", "Inlichtingenbureau"),
                        ("tip_derden", "Tip van derden"),
                        ("heronderzoek", "Heronderzoek"),
                        ("klantcontact", "Klantmanager of inkomensconsulent"),
                    ],
                ),
                F("omschrijving_signaal", "Omschrijving", maxlength=2000),
                F("datum_signaal", "Datum signaal", "date"),
            ],
        ),
        N(
            T1,
            "user",
            "Signaal beoordelen en prioriteren",
            "handhaver",
            1,
            form=[
                F("onderzoek_starten", "Onderzoek starten", "boolean"),
                F("vermoedelijke_benadeling", "Vermoedelijke benadeling (euro)", "long", min=0, max=500000),
                F("reden_afdoening", "Reden afdoening zonder onderzoek", required=False, maxlength=1000),
            ],
        ),
        N(
            G1,
            "xor",
            "Onderzoek starten?",
            "handhaver",
            2,
            default="Flow_onderzoek_starten_naar_signaal_zonder_onderzoek",
        ),
        N(ES, "end", "Signaal afgedaan zonder onderzoek", "handhaver", 2, row=1),
        N(
            T2,
            "user",
            "Fraudeonderzoek uitvoeren",
            "handhaver",
            3,
            form=[
                F(
                    "bevinding",
                    "Bevinding",
                    "enum",
                    values=[
                        ("overtreding", "Overtreding vastgesteld"),
                        ("geen_overtreding", "Geen overtreding"),
                        ("niet_vast_te_stellen", "Niet vast te stellen"),
                    ],
                ),
                F("benadelingsbedrag", "Benadelingsbedrag (euro)", "long", min=0, max=500000),
                F(
                    "onderzoeksmiddelen",
                    "Ingezette middelen (dossier, huisbezoek, verhoor, derden)",
                    maxlength=1000,
                ),
            ],
        ),
        N(
            G2,
            "xor",
            "Overtreding vastgesteld?",
            "handhaver",
            4,
            default="Flow_overtreding_vastgesteld_naar_geen_overtreding",
        ),
        N(EG, "end", "Geen overtreding vastgesteld", "handhaver", 4, row=1),
        N(PS, "and", "Vervolg tegelijk voorbereiden", "handhaver", 5),
        N(
            IC,
            "user",
            "Herziening en terugvordering voorbereiden",
            "inkomensconsulent",
            6,
            form=[
                F("te_veel_betaald", "Te veel betaalde bijstand (euro)", "long", min=0, max=500000),
                F("herziening_vanaf", "Herziening vanaf", "date"),
            ],
        ),
        N(
            HH,
            "user",
            "Rapport opmaken en sanctie bepalen",
            "handhaver",
            6,
            form=[
                F(
                    "sanctie",
                    "Sanctie",
                    "enum",
                    values=[
                        ("bestuurlijke_boete", "Bestuurlijke boete"),
                        ("aangifte_om", "Aangifte bij het Openbaar Ministerie"),
                    ],
                ),
                F("rapportdatum", "Datum rapport", "date"),
            ],
        ),
        N(PJ, "and", "Vervolg voorbereid", "handhaver", 7),
        N(G3, "xor", "Sanctie?", "handhaver", 8, default="Flow_sanctie_naar_herziening_en_boete"),
        N(EOM, "end", "Aangifte gedaan bij het OM", "handhaver", 9, row=1),
        N(EBB, "end", "Doorgezet naar herziening en bestuurlijke boete", "handhaver", 9),
    ],
    flows=[
        L(S, T1),
        L(T1, G1),
        L(G1, T2, "onderzoeken", "onderzoek_starten == True"),
        L(G1, ES, "niet onderzoeken"),
        L(T2, G2),
        L(G2, PS, "overtreding", 'bevinding == "overtreding"'),
        L(G2, EG, "geen overtreding"),
        L(PS, IC),
        L(PS, HH),
        L(IC, PJ),
        L(HH, PJ),
        L(PJ, G3),
        L(G3, EOM, "aangifte", 'sanctie == "aangifte_om"'),
        L(G3, EBB, "boete"),
    ],
)
