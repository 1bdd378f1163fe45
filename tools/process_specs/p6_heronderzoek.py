from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/heronderzoek-rechtmatigheid.bpmn"

S = "StartEvent_uitgenodigd_heronderzoek"
K = "Task_gegevens_aanleveren_heronderzoek"
TK = "Timer_termijn_gegevens"
EOP = "EndEvent_verzuim_naar_opschorting"
O = "Task_heronderzoek_uitvoeren"
GU = "Gateway_uitkomst_heronderzoek"
EHZ = "EndEvent_doorgezet_naar_herziening"
HH = "Task_fraudesignaal_beoordelen"
EHH = "EndEvent_overgedragen_aan_handhaving"
GP = "Gateway_tweede_poort"
KM = "Task_aanmelden_tweede_poort"
ETP = "EndEvent_doorverwezen_tweede_poort"
ERV = "EndEvent_bijstand_rechtmatig_voortgezet"

spec = dict(
    slug="heronderzoek_rechtmatigheid",
    process_id="heronderzoek_rechtmatigheid",
    name="Heronderzoek rechtmatigheid",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Periodiek of op basis van een risicoprofiel vaststellen of de klant nog recht "
        "heeft op bijstand naar de juiste norm, en afwijkingen tijdig laten herzien of "
        "onderzoeken.",
        "Aanleiding": "De klant is uitgenodigd voor een heronderzoek (periodiek, risicogestuurd "
        "of steekproef) en moet gegevens en bewijsstukken aanleveren.",
        "Uitkomsten": "Bijstand rechtmatig voortgezet; bij langdurige bijstand en een tweede poort "
        "(gemeentelijk profiel) doorverwezen naar de tweede poort voor herbeoordeling "
        "van re-integratie; doorgezet naar herziening; bij vermoeden van onrechtmatigheid "
        "overgedragen aan handhaving; bij niet aanleveren doorgezet naar opschorting.",
        "Wettelijke basis": "Pw art. 17 (inlichtingen- en medewerkingsplicht); Pw art. 53a lid 1 "
        "en 2 (onderzoek, huisbezoek); Pw art. 54 (opschorting, herziening); "
        "gemeentelijke handhavingsbeleid (frequentie heronderzoek, tweede poort).",
    },
    lanes=["klant", "klantmanager", ("inkomensconsulent", 3), "handhaver"],
    nodes=[
        N(
            S,
            "start",
            "Uitgenodigd voor heronderzoek",
            "klant",
            0,
            form=[
                F(
                    "aanleiding_heronderzoek",
                    "Aanleiding",
                    "enum",
                    values=[
                        ("periodiek", "Periodiek heronderzoek"),
                        ("risicoprofiel", "Risicogestuurd"),
                        ("steekproef", "Steekproef"),
                    ],
                ),
                F("bijstandsduur_jaren", "Jaren in de bijstand", "long", min=0, max=40),
                F("datum_gesprek", "Datum heronderzoeksgesprek", "date"),
            ],
        ),
        N(
            K,
            "user",
            "Gegevens en bewijsstukken aanleveren",
            "klant",
            1,
            form=[
                F("aangeleverde_stukken", "Aangeleverde stukken", maxlength=1000),
                F("gemelde_wijzigingen", "Gemelde wijzigingen", required=False, maxlength=1000),
            ],
        ),
        N(
            TK,
            "boundary",
            "Termijn van 2 weken verstreken",
            attached=K,
            duration="P2W",
            cancel=True,
            offset=0.75,
            side="T",
        ),
        N(EOP, "end", "Doorgezet naar opschorting wegens verzuim", "klant", 3),
        N(
            O,
            "user",
            "Heronderzoek uitvoeren",
            "inkomensconsulent",
            2,
            row=1,
            form=[
                F(
                    "uitkomst_heronderzoek",
                    "Uitkomst",
                    "enum",
                    values=[
                        ("rechtmatig", "Bijstand rechtmatig"),
                        ("wijziging", "Wijziging in het recht of de norm"),
                        ("vermoeden_onrechtmatig", "Vermoeden van onrechtmatigheid"),
                    ],
                ),
                F("huisbezoek_afgelegd", "Huisbezoek afgelegd", "boolean"),
                F("bevindingen", "Bevindingen", maxlength=2000),
            ],
        ),
        N(
            GU,
            "xor",
            "Uitkomst heronderzoek?",
            "inkomensconsulent",
            3,
            row=1,
            default="Flow_uitkomst_heronderzoek_naar_tweede_poort",
        ),
        N(EHZ, "end", "Doorgezet naar herziening", "inkomensconsulent", 4, row=2),
        N(
            HH,
            "user",
            "Fraudesignaal beoordelen",
            "handhaver",
            4,
            form=[
                F(
                    "prioriteit",
                    "Prioriteit",
                    "enum",
                    values=[("hoog", "Hoog"), ("normaal", "Normaal"), ("laag", "Laag")],
                ),
                F("onderzoeksvraag", "Onderzoeksvraag", maxlength=1000),
            ],
        ),
        N(EHH, "end", "Overgedragen aan handhaving", "handhaver", 5),
        N(
            GP,
            "xor",
            "Langdurig in bijstand en tweede poort?",
            "inkomensconsulent",
            4,
            row=0,
            default="Flow_tweede_poort_naar_bijstand_rechtmatig_voortgezet",
        ),
        N(
            KM,
            "user",
            "Aanmelden voor tweede poort",
            "klantmanager",
            5,
            form=[
                F("datum_herbeoordeling", "Datum herbeoordeling re-integratie", "date"),
                F("aandachtspunten", "Aandachtspunten voor de tweede poort", required=False, maxlength=1000),
            ],
        ),
        N(ETP, "end", "Doorverwezen naar tweede poort", "klantmanager", 6),
        N(ERV, "end", "Bijstand rechtmatig voortgezet", "inkomensconsulent", 5, row=0),
    ],
    flows=[
        L(S, K),
        L(K, O, src_port="B"),
        L(TK, EOP),
        L(O, GU),
        L(GU, EHZ, "wijziging", 'uitkomst_heronderzoek == "wijziging"'),
        L(GU, HH, "vermoeden onrechtmatig", 'uitkomst_heronderzoek == "vermoeden_onrechtmatig"'),
        L(GU, GP, "rechtmatig"),
        L(HH, EHH),
        L(GP, KM, "tweede poort", 'profiel.zittend_bestand == "tweede_poort" and bijstandsduur_jaren >= 3'),
        L(GP, ERV, "voortzetten"),
        L(KM, ETP),
    ],
)
