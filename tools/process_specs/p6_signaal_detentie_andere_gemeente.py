from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/signaal-inlichtingenbureau-detentie-of-uitkering-andere-gemeente.bpmn"

S = "StartEvent_signaal_detentie_andere_gemeente"
T1 = "Task_signaal_verifieren"
G1 = "Gateway_signaal_bevestigd"
EON = "EndEvent_signaal_onterecht"
G2 = "Gateway_soort_signaal"
T2 = "Task_gevolgen_detentie_bespreken"
T3 = "Task_woonplaats_onderzoeken"
G3 = "Gateway_woonplaats_deze_gemeente"
EAG = "EndEvent_andere_gemeente_beeindigt"
M = "Gateway_intrekking_voorbereid"
T4 = "Task_bijstand_intrekken"
T5 = "Task_betaling_stopzetten"
EI = "EndEvent_bijstand_ingetrokken"

spec = dict(
    slug="signaal_detentie_of_uitkering_andere_gemeente",
    process_id="signaal_detentie_of_uitkering_andere_gemeente",
    name="Signaal Inlichtingenbureau: detentie of uitkering andere gemeente",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Een signaal dat de klant gedetineerd is of ook bijstand van een andere gemeente "
        "ontvangt snel verifiëren en de bijstand tijdig stopzetten, met oog voor de "
        "gevolgen voor de klant (woonlasten tijdens detentie).",
        "Aanleiding": "Het Inlichtingenbureau meldt een detentie (gegevens DJI) of een "
        "bijstandsuitkering bij een andere gemeente (samenloop).",
        "Uitkomsten": "Signaal onterecht, bijstand loopt door; bijstand ingetrokken per "
        "ingangsdatum van de detentie of van de woonplaats elders, betaling gestopt en "
        "vordering geregistreerd; of, als de klant in deze gemeente woont, beëindigt de "
        "andere gemeente haar uitkering.",
        "Wettelijke basis": "Pw art. 13 lid 1 onder a (geen recht bij detentie); Pw art. 40 lid 1 "
        "(recht jegens de gemeente van de woonplaats); Pw art. 35 (bijzondere "
        "bijstand woonkosten, gemeentelijk beleid); Pw art. 54 lid 3 "
        "(intrekking); Pw art. 58 (terugvordering); Wet SUWI art. 62 "
        "(Inlichtingenbureau).",
    },
    lanes=["klant", "klantmanager", ("inkomensconsulent", 2), "handhaver", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Signaal ontvangen",
            "klant",
            0,
            form=[
                F(
                    "soort_signaal",
                    "Soort signaal",
                    "enum",
                    values=[
                        ("detentie", "Detentie"),
                        ("uitkering_andere_gemeente", "Uitkering bij andere gemeente"),
                    ],
                ),
                F("signaaldatum", "Datum signaal", "date"),
                F("ingangsdatum_signaal", "Ingangsdatum volgens signaal", "date"),
            ],
        ),
        N(
            T1,
            "user",
            "Signaal verifiëren",
            "inkomensconsulent",
            1,
            form=[
                F("signaal_bevestigd", "Signaal bevestigd", "boolean"),
                F(
                    "geverifieerd_via",
                    "Geverifieerd via",
                    "enum",
                    values=[
                        ("dji", "Dienst Justitiële Inrichtingen"),
                        ("andere_gemeente", "Andere gemeente"),
                        ("brp_suwinet", "BRP of Suwinet"),
                    ],
                ),
            ],
        ),
        N(
            G1,
            "xor",
            "Signaal bevestigd?",
            "inkomensconsulent",
            2,
            default="Flow_signaal_bevestigd_naar_signaal_onterecht",
        ),
        N(EON, "end", "Signaal onterecht, bijstand loopt door", "inkomensconsulent", 3, row=1),
        N(
            G2,
            "xor",
            "Soort signaal?",
            "inkomensconsulent",
            3,
            default="Flow_soort_signaal_naar_woonplaats_onderzoeken",
        ),
        N(
            T2,
            "user",
            "Gevolgen detentie met klant bespreken",
            "klantmanager",
            4,
            form=[
                F(
                    "verwachte_detentieduur_maanden",
                    "Verwachte detentieduur (maanden)",
                    "long",
                    min=0,
                    max=120,
                ),
                F("woonkosten_doorbetalen", "Woonkosten via bijzondere bijstand doorbetalen", "boolean"),
            ],
        ),
        N(
            T3,
            "user",
            "Woonplaats en dubbele uitkering onderzoeken",
            "handhaver",
            4,
            form=[
                F("woonplaats_deze_gemeente", "Woonplaats in deze gemeente", "boolean"),
                F("opzet_vermoed", "Vermoeden van opzet", "boolean"),
                F("bevindingen_woonplaats", "Bevindingen", maxlength=2000),
            ],
        ),
        N(
            G3,
            "xor",
            "Woont klant in deze gemeente?",
            "handhaver",
            5,
            default="Flow_woonplaats_deze_gemeente_naar_intrekking_voorbereid",
        ),
        N(EAG, "end", "Andere gemeente beëindigt haar uitkering", "handhaver", 6),
        N(M, "xor", "Intrekking voorbereid", "inkomensconsulent", 6),
        N(
            T4,
            "user",
            "Bijstand intrekken",
            "inkomensconsulent",
            7,
            form=[
                F("intrekking_per", "Intrekking per", "date"),
                F("te_veel_ontvangen", "Te veel ontvangen bijstand (euro)", "long", min=0, max=50000),
            ],
        ),
        N(
            T5,
            "user",
            "Betaling stopzetten en vordering registreren",
            "backoffice",
            8,
            form=[
                F("laatste_betaling", "Datum laatste betaling", "date"),
                F("vordering_geregistreerd", "Vordering geregistreerd", "boolean"),
            ],
        ),
        N(EI, "end", "Bijstand ingetrokken", "backoffice", 9),
    ],
    flows=[
        L(S, T1),
        L(T1, G1),
        L(G1, G2, "bevestigd", "signaal_bevestigd == True"),
        L(G1, EON, "niet bevestigd"),
        L(G2, T2, "detentie", 'soort_signaal == "detentie"'),
        L(G2, T3, "uitkering andere gemeente"),
        L(T3, G3),
        L(G3, EAG, "woont hier", "woonplaats_deze_gemeente == True"),
        L(G3, M, "woont elders"),
        L(T2, M),
        L(M, T4),
        L(T4, T5),
        L(T5, EI),
    ],
)
