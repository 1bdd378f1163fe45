from common import F, N, L

TARGET = "7-aanvullende-voorzieningen/bijzondere-bijstand.bpmn"

S = "StartEvent_aanvraag_bijzondere_bijstand_ingediend"
OB = "Task_bijzondere_bijstand_onderzoeken_en_besluiten"
TB = "Boundary_beslistermijn_bijzondere_bijstand"
TO = "Task_met_voorrang_besluiten_bijzondere_bijstand"
MB = "Gateway_besluit_genomen"
GV = "Gateway_vorm_bijzondere_bijstand"
EA = "EndEvent_bijzondere_bijstand_afgewezen"
LO = "Task_leenovereenkomst_ondertekenen"
GL = "Gateway_leenovereenkomst_getekend"
EL = "EndEvent_lening_niet_aanvaard"
MU = "Gateway_uitbetalen"
UB = "Task_bijzondere_bijstand_uitbetalen"
EV = "EndEvent_bijzondere_bijstand_verstrekt"

spec = dict(
    slug="bijzondere_bijstand",
    process_id="bijzondere_bijstand",
    name="Bijzondere bijstand",
    participant="Sociale dienst",
    fase=7,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Binnen de wettelijke beslistermijn vaststellen of de klant bijzondere bijstand "
        "krijgt voor noodzakelijke kosten die uit bijzondere omstandigheden voortkomen "
        "en die hij niet uit eigen middelen of een voorliggende voorziening kan betalen; "
        "om niet of als geldlening.",
        "Aanleiding": "De klant (met of zonder bijstandsuitkering) vraagt bijzondere bijstand aan "
        "voor bijvoorbeeld medische kosten, woninginrichting of bewindvoering.",
        "Uitkomsten": "Bijzondere bijstand verstrekt (om niet, of als lening na ondertekening van "
        "de leenovereenkomst) en betaald aan klant of leverancier; aanvraag "
        "afgewezen (voorliggende voorziening, geen noodzaak, voldoende draagkracht); "
        "lening niet aanvaard. Is na 8 weken nog niet beslist, dan neemt de "
        "klantmanager de aanvraag over, informeert de klant en beslist met voorrang.",
        "Wettelijke basis": "Pw art. 35 (bijzondere bijstand, draagkracht); Pw art. 15 "
        "(voorliggende voorziening); Pw art. 48 tot en met 51 (bijstand om niet "
        "of als geldlening); Pw art. 57 (betaling aan derden); Awb 4:13 "
        "(beslistermijn 8 weken), Awb 4:17 (dwangsom bij niet tijdig beslissen).",
    },
    lanes=["klant", "inkomensconsulent", "klantmanager", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Aanvraag bijzondere bijstand ingediend",
            "klant",
            0,
            form=[
                F("datum_aanvraag", "Datum aanvraag", "date"),
                F(
                    "soort_kosten",
                    "Soort kosten",
                    "enum",
                    values=[
                        ("medische_kosten", "Medische kosten"),
                        ("woninginrichting", "Woninginrichting en duurzame gebruiksgoederen"),
                        ("bewindvoering", "Beschermingsbewind"),
                        ("woonkosten", "Woonkosten en verhuizing"),
                        ("overig", "Overige noodzakelijke kosten"),
                    ],
                ),
                F("bedrag_aangevraagd", "Aangevraagd bedrag (euro)", "long", min=1, max=100000),
            ],
        ),
        N(
            OB,
            "user",
            "Aanvraag onderzoeken en besluiten",
            "inkomensconsulent",
            1,
            form=[
                F("voorliggende_voorziening_toereikend", "Voorliggende voorziening toereikend", "boolean"),
                F("draagkracht_per_maand", "Draagkracht per maand (euro)", "long", min=0, max=10000),
                F(
                    "besluit_bijzondere_bijstand",
                    "Besluit",
                    "enum",
                    values=[
                        ("om_niet", "Toekennen om niet"),
                        ("lening", "Toekennen als geldlening"),
                        ("afwijzen", "Afwijzen"),
                    ],
                ),
                F("toegekend_bedrag", "Toegekend bedrag (euro)", "long", min=0, max=100000),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=OB,
            duration="P8W",
            cancel=True,
            offset=0.75,
        ),
        N(
            TO,
            "user",
            "Aanvraag overnemen en met voorrang besluiten",
            "klantmanager",
            2,
            form=[
                F("klant_geinformeerd", "Klant geïnformeerd over vertraging", "boolean"),
                F(
                    "besluit_bijzondere_bijstand",
                    "Besluit",
                    "enum",
                    values=[
                        ("om_niet", "Toekennen om niet"),
                        ("lening", "Toekennen als geldlening"),
                        ("afwijzen", "Afwijzen"),
                    ],
                ),
                F("toegekend_bedrag", "Toegekend bedrag (euro)", "long", min=0, max=100000),
            ],
        ),
        N(MB, "xor", "Besluit genomen", "inkomensconsulent", 2),
        N(
            GV,
            "xor",
            "Vorm van bijstand?",
            "inkomensconsulent",
            3,
            default="Flow_vorm_bijzondere_bijstand_naar_bijzondere_bijstand_afgewezen",
        ),
        N(EA, "end", "Bijzondere bijstand afgewezen", "inkomensconsulent", 4),
        N(
            LO,
            "user",
            "Leenovereenkomst ondertekenen",
            "klant",
            4,
            form=[
                F("leenovereenkomst_getekend", "Leenovereenkomst getekend", "boolean"),
                F("aflossing_per_maand", "Aflossing per maand (euro)", "long", min=0, max=10000),
            ],
        ),
        N(
            GL,
            "xor",
            "Getekend?",
            "klant",
            5,
            default="Flow_leenovereenkomst_getekend_naar_lening_niet_aanvaard",
        ),
        N(EL, "end", "Lening niet aanvaard", "klant", 6),
        N(MU, "xor", "Uitbetalen", "backoffice", 5),
        N(
            UB,
            "user",
            "Bijzondere bijstand uitbetalen",
            "backoffice",
            6,
            form=[
                F(
                    "betalen_aan",
                    "Betalen aan",
                    "enum",
                    values=[("klant", "Klant"), ("leverancier", "Leverancier of dienstverlener")],
                ),
                F("betaaldatum", "Betaaldatum", "date"),
            ],
        ),
        N(EV, "end", "Bijzondere bijstand verstrekt", "backoffice", 7),
    ],
    flows=[
        L(S, OB),
        L(TB, TO),
        L(OB, MB),
        L(TO, MB),
        L(MB, GV),
        L(GV, LO, "lening", 'besluit_bijzondere_bijstand == "lening"'),
        L(GV, MU, "om niet", 'besluit_bijzondere_bijstand == "om_niet"'),
        L(GV, EA, "afwijzen"),
        L(LO, GL),
        L(GL, MU, "getekend", "leenovereenkomst_getekend == True"),
        L(GL, EL, "niet getekend"),
        L(MU, UB),
        L(UB, EV),
    ],
)
