from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/herzien-of-intrekken.bpmn"

S = "StartEvent_bijstand_onjuist_vastgesteld"
T1 = "Task_voornemen_opstellen"
K = "Task_zienswijze_geven"
TZ = "Timer_zienswijzetermijn"
M = "Gateway_zienswijze_verwerkt"
GJ = "Gateway_juridische_toets_nodig"
J = "Task_intrekking_juridisch_toetsen"
MJ = "Gateway_toets_afgerond"
T3 = "Task_besluit_herzien_intrekken"
GB = "Gateway_besluit_herziening"
EA = "EndEvent_bijstand_ongewijzigd"
BO = "Task_betaling_aanpassen_en_vordering"
EH = "EndEvent_bijstand_herzien_of_ingetrokken"

spec = dict(
    slug="herzien_of_intrekken",
    process_id="herzien_of_intrekken",
    name="Herzien of intrekken",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Een besluit tot toekenning van bijstand dat (achteraf) onjuist blijkt zorgvuldig "
        "herzien of intrekken, na de klant te hebben gehoord, zodat de bijstand weer "
        "rechtmatig is en een eventuele vordering vaststaat.",
        "Aanleiding": "Uit een wijziging, signaal, heronderzoek of fraudeonderzoek blijkt dat de "
        "bijstand over een periode tot een te hoog of te laag bedrag is verleend of "
        "dat er geen recht bestond.",
        "Uitkomsten": "Bijstand herzien of ingetrokken, betaling aangepast en vordering "
        "geregistreerd (door naar terugvordering); of, na de zienswijze, afgezien van "
        "herziening en bijstand ongewijzigd.",
        "Wettelijke basis": "Pw art. 54 lid 3 (herziening en intrekking); Pw art. 17 "
        "(inlichtingenplicht); Awb 4:8 en 4:12 (zienswijze, horen); Awb 3:2 "
        "en 3:46 (zorgvuldigheid, motivering); Pw art. 58 (terugvordering).",
    },
    lanes=["klant", ("inkomensconsulent", 2), "jurist", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Bijstand blijkt onjuist vastgesteld",
            "klant",
            0,
            form=[
                F(
                    "aanleiding_herziening",
                    "Aanleiding",
                    "enum",
                    values=[
                        ("wijziging", "Wijziging"),
                        ("signaal", "Signaal"),
                        ("heronderzoek", "Heronderzoek"),
                        ("fraudeonderzoek", "Fraudeonderzoek"),
                    ],
                ),
                F("periode_vanaf", "Onjuist vanaf", "date"),
            ],
        ),
        N(
            T1,
            "user",
            "Voornemen tot herziening of intrekking opstellen",
            "inkomensconsulent",
            1,
            form=[
                F(
                    "voornemen",
                    "Voornemen",
                    "enum",
                    values=[("herzien", "Herzien (ander bedrag)"), ("intrekken", "Intrekken (geen recht)")],
                ),
                F("ingangsdatum_voornemen", "Met ingang van", "date"),
                F("te_veel_betaald", "Te veel betaalde bijstand (euro)", "long", min=0, max=100000),
            ],
        ),
        N(
            K,
            "user",
            "Zienswijze geven",
            "klant",
            2,
            form=[
                F("zienswijze", "Zienswijze", maxlength=4000),
                F("nieuwe_feiten", "Nieuwe feiten aangedragen", "boolean"),
            ],
        ),
        N(
            TZ,
            "boundary",
            "Zienswijzetermijn van 2 weken verstreken",
            attached=K,
            duration="P2W",
            cancel=True,
            offset=0.75,
            side="T",
        ),
        N(M, "xor", "Zienswijze verwerkt", "inkomensconsulent", 3),
        N(
            GJ,
            "xor",
            "Intrekking?",
            "inkomensconsulent",
            4,
            default="Flow_juridische_toets_nodig_naar_toets_afgerond",
        ),
        N(
            J,
            "user",
            "Intrekking juridisch toetsen",
            "jurist",
            5,
            form=[
                F("juridisch_houdbaar", "Intrekking juridisch houdbaar", "boolean"),
                F("juridisch_advies", "Advies", maxlength=2000),
            ],
        ),
        N(MJ, "xor", "Toets afgerond", "inkomensconsulent", 6),
        N(
            T3,
            "user",
            "Besluit nemen en verzenden",
            "inkomensconsulent",
            7,
            form=[
                F(
                    "besluit_herziening",
                    "Besluit",
                    "enum",
                    values=[
                        ("herzien", "Herzien"),
                        ("intrekken", "Intrekken"),
                        ("afzien", "Afzien van herziening"),
                    ],
                ),
                F("datum_besluit", "Datum besluit", "date"),
                F("motivering_besluit", "Motivering", maxlength=4000),
            ],
        ),
        N(
            GB,
            "xor",
            "Besluit?",
            "inkomensconsulent",
            8,
            default="Flow_besluit_herziening_naar_betaling_aanpassen_en_vordering",
        ),
        N(EA, "end", "Afgezien van herziening, bijstand ongewijzigd", "inkomensconsulent", 9, row=1),
        N(
            BO,
            "user",
            "Betaling aanpassen en vordering registreren",
            "backoffice",
            9,
            form=[
                F("eerste_betaling_aangepast", "Eerste aangepaste betaling", "date", required=False),
                F("vordering_geregistreerd", "Vordering geregistreerd", "boolean"),
            ],
        ),
        N(EH, "end", "Bijstand herzien of ingetrokken", "backoffice", 10),
    ],
    flows=[
        L(S, T1),
        L(T1, K),
        L(K, M, src_port="B", tgt_port="L"),
        L(TZ, M, tgt_port="T"),
        L(M, GJ),
        L(GJ, J, "intrekking", 'voornemen == "intrekken"'),
        L(GJ, MJ, "herziening"),
        L(J, MJ),
        L(MJ, T3),
        L(T3, GB),
        L(GB, EA, "afzien", 'besluit_herziening == "afzien"'),
        L(GB, BO, "herzien of intrekken"),
        L(BO, EH),
    ],
)
