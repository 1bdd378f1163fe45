from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/terugvordering.bpmn"

S = "StartEvent_te_veel_bijstand_ontvangen"
T1 = "Task_vordering_berekenen"
G1 = "Gateway_dringende_redenen_aangevoerd"
J = "Task_dringende_redenen_beoordelen"
G2 = "Gateway_afzien_terugvordering"
EA = "EndEvent_afgezien_van_terugvordering"
M = "Gateway_terugvordering_doorzetten"
T2 = "Task_terugvorderingsbesluit_nemen"
BO = "Task_vordering_registreren"
EV = "EndEvent_terugvordering_vastgesteld"

spec = dict(
    slug="terugvordering",
    process_id="terugvordering",
    name="Terugvordering",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Te veel of ten onrechte verstrekte bijstand juist berekenen en bij besluit "
        "terugvorderen, met oog voor dringende redenen om ervan af te zien, zodat de "
        "vordering kan worden ingevorderd.",
        "Aanleiding": "Na een herziening of intrekking (of bij een voorschot of geldlening) staat "
        "vast dat de klant bijstand te veel of ten onrechte heeft ontvangen.",
        "Uitkomsten": "Terugvordering vastgesteld, vordering geregistreerd en klaar voor "
        "invordering (zo nodig bruto en met hoofdelijke aansprakelijkheid van de "
        "partner); of afgezien van terugvordering wegens dringende redenen.",
        "Wettelijke basis": "Pw art. 58 lid 1 (verplichte terugvordering bij schending "
        "inlichtingenplicht) en lid 2 (overige gevallen), bruto-terugvordering "
        "na het kalenderjaar en afzien bij dringende redenen (Pw art. 58); Pw "
        "art. 59 (hoofdelijke aansprakelijkheid partner); Pw art. 60 "
        "(executoriale titel, invordering); Awb 4:8 en 3:46.",
    },
    lanes=["klant", "inkomensconsulent", "jurist", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Te veel bijstand ontvangen",
            "klant",
            0,
            form=[
                F(
                    "grond_terugvordering",
                    "Grond",
                    "enum",
                    values=[
                        ("schending_inlichtingenplicht", "Schending inlichtingenplicht"),
                        ("voorschot", "Voorschot"),
                        ("geldlening", "Bijstand als geldlening"),
                        ("anders_ten_onrechte", "Anders ten onrechte verleend"),
                    ],
                ),
                F("periode_vanaf", "Periode vanaf", "date"),
                F("periode_tot", "Periode tot en met", "date"),
            ],
        ),
        N(
            T1,
            "user",
            "Vordering berekenen",
            "inkomensconsulent",
            1,
            form=[
                F("netto_vordering", "Netto vordering (euro)", "long", min=1, max=500000),
                F("bruto_terugvordering", "Bruto terugvorderen (kalenderjaar verstreken)", "boolean"),
                F("dringende_redenen_aangevoerd", "Klant voert dringende redenen aan", "boolean"),
            ],
        ),
        N(
            G1,
            "xor",
            "Dringende redenen aangevoerd?",
            "inkomensconsulent",
            2,
            default="Flow_dringende_redenen_aangevoerd_naar_terugvordering_doorzetten",
        ),
        N(
            J,
            "user",
            "Dringende redenen beoordelen",
            "jurist",
            3,
            form=[
                F("afzien_van_terugvordering", "Afzien van terugvordering", "boolean"),
                F("motivering_dringende_redenen", "Motivering", maxlength=2000),
            ],
        ),
        N(
            G2,
            "xor",
            "Afzien?",
            "jurist",
            4,
            default="Flow_afzien_terugvordering_naar_terugvordering_doorzetten",
        ),
        N(EA, "end", "Afgezien van terugvordering", "jurist", 5),
        N(M, "xor", "Terugvordering doorzetten", "inkomensconsulent", 5),
        N(
            T2,
            "user",
            "Terugvorderingsbesluit nemen en verzenden",
            "inkomensconsulent",
            6,
            form=[
                F("vastgestelde_vordering", "Vastgestelde vordering (euro)", "long", min=1, max=500000),
                F("partner_hoofdelijk_aansprakelijk", "Partner hoofdelijk aansprakelijk", "boolean"),
                F("datum_terugvorderingsbesluit", "Datum besluit", "date"),
            ],
        ),
        N(
            BO,
            "user",
            "Vordering registreren voor invordering",
            "backoffice",
            7,
            form=[
                F("vorderingsnummer", "Vorderingsnummer", maxlength=40),
                F("lopende_uitkering", "Klant ontvangt nog bijstand (verrekening mogelijk)", "boolean"),
            ],
        ),
        N(EV, "end", "Terugvordering vastgesteld", "backoffice", 8),
    ],
    flows=[
        L(S, T1),
        L(T1, G1),
        L(G1, J, "dringende redenen", "dringende_redenen_aangevoerd == True"),
        L(G1, M, "geen dringende redenen"),
        L(J, G2),
        L(G2, EA, "afzien", "afzien_van_terugvordering == True"),
        L(G2, M, "terugvorderen"),
        L(M, T2),
        L(T2, BO),
        L(BO, EV),
    ],
)
