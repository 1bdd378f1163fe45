from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/maatregel-opleggen.bpmn"

S = "StartEvent_verplichting_niet_nagekomen"
T1 = "Task_gedraging_vastleggen"
K = "Task_zienswijze_op_gedraging"
TH = "Timer_geen_reactie"
M = "Gateway_klant_gehoord"
B = "Task_verwijtbaarheid_beoordelen"
G = "Gateway_uitkomst_beoordeling"
EA = "EndEvent_afgezien_van_maatregel"
EW = "EndEvent_schriftelijke_waarschuwing"
BES = "Task_maatregelbesluit_opstellen"
BO = "Task_verlaging_verwerken"
EM = "EndEvent_maatregel_opgelegd"

spec = dict(
    slug="maatregel_opleggen",
    process_id="maatregel_opleggen",
    name="Maatregel opleggen",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Een gedraging waarmee de klant een verplichting niet nakomt zorgvuldig en "
        "evenredig afstemmen: horen, verwijtbaarheid beoordelen en zo nodig de bijstand "
        "tijdelijk verlagen, zodat de klant zijn verplichtingen weer oppakt.",
        "Aanleiding": "De klant is een arbeids- of re-integratieverplichting of de "
        "medewerkingsplicht niet nagekomen, of heeft tekortschietend besef van "
        "verantwoordelijkheid getoond (gesignaleerd door werkcoach, klantmanager of "
        "inkomensconsulent).",
        "Uitkomsten": "Maatregel opgelegd en verlaging verwerkt in de betaling; schriftelijke "
        "waarschuwing gegeven; of afgezien van een maatregel (geen verwijtbaarheid "
        "of dringende redenen).",
        "Wettelijke basis": "Pw art. 18 lid 1 (afstemming), lid 2 (verlaging volgens "
        "afstemmingsverordening) en lid 4 (geüniformeerde "
        "arbeidsverplichtingen); Pw art. 8 lid 1 onder a (verordening); Pw "
        "art. 9 en 17 (verplichtingen); Awb 4:8 (horen); Awb 3:4 "
        "(evenredigheid).",
    },
    lanes=["klant", "klantmanager", "inkomensconsulent", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Verplichting niet nagekomen",
            "klant",
            0,
            form=[
                F(
                    "verplichting",
                    "Niet nagekomen verplichting",
                    "enum",
                    values=[
                        ("arbeidsverplichting", "Arbeidsverplichting"),
                        ("re_integratie", "Re-integratieverplichting"),
                        ("medewerking", "Medewerkingsplicht"),
                        ("tekortschietend_besef", "Tekortschietend besef van verantwoordelijkheid"),
                    ],
                ),
                F("datum_gedraging", "Datum gedraging", "date"),
                F(
                    "gesignaleerd_door",
                    "Gesignaleerd door",
                    "enum",
                    values=[
                        ("werkcoach", "Werkcoach"),
                        ("klantmanager", "Klantmanager"),
                        ("inkomensconsulent", "Inkomensconsulent"),
                    ],
                ),
            ],
        ),
        N(
            T1,
            "user",
            "Gedraging vastleggen en klant uitnodigen",
            "klantmanager",
            1,
            form=[
                F("omschrijving_gedraging", "Omschrijving gedraging", maxlength=2000),
                F("datum_hoorgesprek", "Datum hoorgesprek", "date"),
            ],
        ),
        N(
            K,
            "user",
            "Zienswijze op gedraging geven",
            "klant",
            2,
            form=[
                F("zienswijze_klant", "Zienswijze", maxlength=4000),
                F("dringende_reden_aangevoerd", "Dringende reden aangevoerd", "boolean"),
            ],
        ),
        N(
            TH,
            "boundary",
            "Geen reactie binnen 1 week",
            attached=K,
            duration="P1W",
            cancel=True,
            offset=0.75,
            side="T",
        ),
        N(M, "xor", "Klant gehoord", "klantmanager", 3),
        N(
            B,
            "user",
            "Verwijtbaarheid en maatregel beoordelen",
            "klantmanager",
            4,
            form=[
                F(
                    "verwijtbaarheid",
                    "Verwijtbaarheid",
                    "enum",
                    values=[
                        ("geen", "Geen verwijtbaarheid"),
                        ("verminderd", "Verminderde verwijtbaarheid"),
                        ("volledig", "Volledig verwijtbaar"),
                    ],
                ),
                F(
                    "uitkomst_beoordeling",
                    "Uitkomst",
                    "enum",
                    values=[
                        ("maatregel", "Maatregel opleggen"),
                        ("schriftelijke_waarschuwing", "Schriftelijke waarschuwing"),
                        ("afzien", "Afzien (geen verwijt of dringende redenen)"),
                    ],
                ),
                F("motivering_beoordeling", "Motivering", maxlength=2000),
            ],
        ),
        N(
            G,
            "xor",
            "Maatregel?",
            "klantmanager",
            5,
            default="Flow_uitkomst_beoordeling_naar_maatregelbesluit_opstellen",
        ),
        N(EA, "end", "Afgezien van maatregel", "klantmanager", 6),
        N(EW, "end", "Schriftelijke waarschuwing gegeven", "klant", 6),
        N(
            BES,
            "user",
            "Maatregelbesluit opstellen en verzenden",
            "inkomensconsulent",
            6,
            form=[
                F("verlaging_percentage", "Verlaging (% van de norm)", "long", min=5, max=100),
                F("duur_maanden", "Duur (maanden)", "long", min=1, max=3),
                F("ingangsdatum_verlaging", "Ingangsdatum verlaging", "date"),
            ],
        ),
        N(
            BO,
            "user",
            "Verlaging verwerken in de betaling",
            "backoffice",
            7,
            form=[
                F("eerste_verlaagde_betaling", "Eerste verlaagde betaling", "date"),
            ],
        ),
        N(EM, "end", "Maatregel opgelegd", "backoffice", 8),
    ],
    flows=[
        L(S, T1),
        L(T1, K),
        L(K, M, src_port="B", tgt_port="L"),
        L(TH, M, tgt_port="T"),
        L(M, B),
        L(B, G),
        L(G, EA, "afzien", 'uitkomst_beoordeling == "afzien"'),
        L(G, EW, "waarschuwing", 'uitkomst_beoordeling == "schriftelijke_waarschuwing"'),
        L(G, BES, "maatregel"),
        L(BES, BO),
        L(BO, EM),
    ],
)
