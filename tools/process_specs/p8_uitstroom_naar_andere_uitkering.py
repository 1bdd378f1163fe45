from common import F, N, L

TARGET = "8-uitstroom-en-nazorg/uitstroom-naar-andere-uitkering.bpmn"

S = "StartEvent_recht_andere_uitkering_in_zicht"
AP = "Task_aanvraagplicht_afspreken"
GS = "Gateway_soort_uitkering"
UB = "Task_uitkeringsaanvraag_beoordelen"
KA = "Task_aanvraag_indienen_svb_duo"
GM = "Gateway_besluit_andere_instantie"
GB = "Gateway_besluit_andere_uitkering"
BB = "Task_bijstand_beeindigen"
OV = "Task_overlap_verrekenen"
EU = "EndEvent_uitgestroomd_andere_uitkering"
AH = "Task_aanvullende_bijstand_herberekenen"
EAH = "EndEvent_uitkering_met_aanvullende_bijstand"
EBL = "EndEvent_bijstand_loopt_door"

spec = dict(
    slug="uitstroom_naar_andere_uitkering",
    process_id="uitstroom_naar_andere_uitkering",
    name="Uitstroom naar andere uitkering",
    participant="Werkbedrijf",
    fase=8,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Zorgen dat de klant een voorliggende uitkering (UWV, AOW, studiefinanciering) "
        "tijdig aanvraagt en krijgt, en de bijstand daarop naadloos laten aansluiten: "
        "beëindigen, als aanvulling herberekenen of doorbetalen, zonder dubbele betaling.",
        "Aanleiding": "Er is zicht op recht op een andere uitkering: een WW-, WIA- of "
        "Wajong-uitkering bij UWV, AOW bij de SVB of studiefinanciering bij DUO.",
        "Uitkomsten": "Uitgestroomd naar de andere uitkering, de overlapperiode verrekend; andere "
        "uitkering onder het sociaal minimum met aanvullende bijstand; andere "
        "uitkering afgewezen, bijstand loopt door.",
        "Wettelijke basis": "Pw art. 15 lid 1 (voorliggende voorziening); Pw art. 17 lid 1 "
        "(inlichtingenplicht); Pw art. 54 lid 3 (herzien of intrekken); "
        "Pw art. 58 lid 2 (terugvordering als later over dezelfde periode "
        "middelen worden ontvangen); Pw art. 32 (inkomen).",
    },
    lanes=["klant", ("inkomensconsulent", 2), "uwv", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Recht op andere uitkering in zicht",
            "klant",
            0,
            form=[
                F(
                    "soort_uitkering",
                    "Soort uitkering",
                    "enum",
                    values=[
                        ("uwv", "WW, WIA of Wajong (UWV)"),
                        ("aow", "AOW (SVB)"),
                        ("studiefinanciering", "Studiefinanciering (DUO)"),
                    ],
                ),
                F("verwachte_ingangsdatum", "Verwachte ingangsdatum", "date"),
            ],
        ),
        N(
            AP,
            "user",
            "Aanvraagplicht en overgang afspreken",
            "inkomensconsulent",
            1,
            form=[
                F("aanvragen_voor", "Aanvraag indienen vóór", "date"),
                F("bijstand_in_afwachting", "Bijstand in afwachting van de uitkering", "boolean"),
            ],
        ),
        N(
            GS,
            "xor",
            "Uitkering via UWV?",
            "inkomensconsulent",
            2,
            default="Flow_soort_uitkering_naar_aanvraag_indienen_svb_duo",
        ),
        N(
            UB,
            "user",
            "Uitkeringsaanvraag beoordelen",
            "uwv",
            3,
            form=[
                F(
                    "besluit_andere_uitkering",
                    "Besluit",
                    "enum",
                    values=[
                        ("toegekend", "Toegekend, boven sociaal minimum"),
                        ("toegekend_onder_minimum", "Toegekend, onder sociaal minimum"),
                        ("afgewezen", "Afgewezen"),
                    ],
                ),
                F("ingangsdatum_andere_uitkering", "Ingangsdatum", "date", required=False),
            ],
        ),
        N(
            KA,
            "user",
            "Aanvraag indienen bij SVB of DUO en besluit doorgeven",
            "klant",
            3,
            form=[
                F(
                    "besluit_andere_uitkering",
                    "Besluit",
                    "enum",
                    values=[
                        ("toegekend", "Toegekend, boven sociaal minimum"),
                        ("toegekend_onder_minimum", "Toegekend, onder sociaal minimum"),
                        ("afgewezen", "Afgewezen"),
                    ],
                ),
                F("ingangsdatum_andere_uitkering", "Ingangsdatum", "date", required=False),
            ],
        ),
        N(GM, "xor", "Besluit andere instantie", "inkomensconsulent", 4),
        N(
            GB,
            "xor",
            "Uitkering toegekend?",
            "inkomensconsulent",
            5,
            default="Flow_besluit_andere_uitkering_naar_bijstand_loopt_door",
        ),
        N(
            AH,
            "user",
            "Aanvullende bijstand herberekenen",
            "inkomensconsulent",
            6,
            form=[
                F("ingangsdatum_aanvulling", "Ingangsdatum aanvulling", "date"),
                F("hoogte_aanvulling", "Aanvulling per maand (euro)", "long", min=0, max=2000),
            ],
        ),
        N(EAH, "end", "Andere uitkering met aanvullende bijstand", "inkomensconsulent", 7),
        N(EBL, "end", "Andere uitkering afgewezen, bijstand loopt door", "klant", 6),
        N(
            BB,
            "user",
            "Bijstand beëindigen en overlap vaststellen",
            "inkomensconsulent",
            6,
            row=1,
            form=[
                F("datum_beeindiging", "Datum beëindiging", "date"),
                F("bedrag_overlap", "Bijstand over de overlapperiode (euro)", "long", min=0, max=20000),
            ],
        ),
        N(
            OV,
            "user",
            "Overlap verrekenen met nabetaling",
            "backoffice",
            7,
            form=[
                F(
                    "wijze_verrekening",
                    "Wijze van verrekening",
                    "enum",
                    values=[
                        ("verrekend_met_nabetaling", "Verrekend met nabetaling (cessie)"),
                        ("terugvordering", "Terugvordering bij klant"),
                        ("geen_overlap", "Geen overlap"),
                    ],
                ),
                F("datum_verrekening", "Datum verrekening", "date"),
            ],
        ),
        N(EU, "end", "Uitgestroomd naar andere uitkering", "backoffice", 8),
    ],
    flows=[
        L(S, AP),
        L(AP, GS),
        L(GS, UB, "UWV", 'soort_uitkering == "uwv"'),
        L(GS, KA, "SVB of DUO"),
        L(UB, GM),
        L(KA, GM),
        L(GM, GB),
        L(GB, AH, "onder sociaal minimum", 'besluit_andere_uitkering == "toegekend_onder_minimum"'),
        L(GB, BB, "toegekend", 'besluit_andere_uitkering == "toegekend"'),
        L(GB, EBL, "afgewezen"),
        L(AH, EAH),
        L(BB, OV),
        L(OV, EU),
    ],
)
