from common import F, N, L

TARGET = "7-aanvullende-voorzieningen/studietoeslag.bpmn"

S = "StartEvent_aanvraag_studietoeslag_ingediend"
RC = "Task_recht_op_studiefinanciering_controleren"
GI = "Gateway_beperking_vastgesteld"
UA = "Task_advies_verdiencapaciteit_uitbrengen"
TB = "Boundary_beslistermijn_studietoeslag"
ZB = "Task_verdiencapaciteit_zelf_vaststellen"
MB = "Gateway_klaar_voor_besluit"
BS = "Task_besluit_studietoeslag_nemen"
GB = "Gateway_besluit_studietoeslag"
PB = "Task_periodieke_betaling_instellen"
ET = "EndEvent_studietoeslag_toegekend"
EA = "EndEvent_studietoeslag_afgewezen"

spec = dict(
    slug="studietoeslag",
    process_id="studietoeslag",
    name="Studietoeslag",
    participant="Sociale dienst",
    fase=7,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Studenten met een medische beperking die naast hun studie niet het "
        "minimumloon kunnen verdienen binnen de beslistermijn een studietoeslag "
        "toekennen, zodat zij hun opleiding kunnen afmaken.",
        "Aanleiding": "Een student van 18 jaar of ouder vraagt studietoeslag aan.",
        "Uitkomsten": "Studietoeslag toegekend en periodiek betaald; aanvraag afgewezen (geen "
        "recht op studiefinanciering of WTOS, of wel in staat het minimumloon te "
        "verdienen). Staat de beperking al vast (Wajong, indicatie banenafspraak, "
        "indicatie beschut werk), dan is geen nieuw onderzoek nodig; anders geeft "
        "UWV advies. Blijft dat advies 8 weken uit, dan stelt de eigen "
        "loonwaardedeskundige de verdiencapaciteit vast, zodat toch beslist kan worden.",
        "Wettelijke basis": "Pw art. 36b (studietoeslag: 18 jaar of ouder, recht op "
        "studiefinanciering of WTOS, door medische beperking niet in staat het "
        "wettelijk minimumloon te verdienen); Pw art. 36b lid 2 en 3 (hoogte "
        "naar leeftijd, periodieke betaling); Awb 4:13 (beslistermijn 8 weken).",
    },
    lanes=["klant", "inkomensconsulent", "uwv", "loonwaardedeskundige", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Aanvraag studietoeslag ingediend",
            "klant",
            0,
            form=[
                F("datum_aanvraag", "Datum aanvraag", "date"),
                F("opleiding", "Opleiding", maxlength=200),
            ],
        ),
        N(
            RC,
            "user",
            "Recht op studiefinanciering en indicatie controleren",
            "inkomensconsulent",
            1,
            form=[
                F("recht_op_sf_of_wtos", "Recht op studiefinanciering of WTOS", "boolean"),
                F(
                    "bestaande_indicatie",
                    "Bestaande vaststelling beperking",
                    "enum",
                    values=[
                        ("wajong", "Wajong"),
                        ("banenafspraak", "Indicatie banenafspraak"),
                        ("beschut_werk", "Indicatie beschut werk"),
                        ("geen", "Geen"),
                    ],
                ),
            ],
        ),
        N(
            GI,
            "xor",
            "Beperking al vastgesteld?",
            "inkomensconsulent",
            2,
            default="Flow_beperking_vastgesteld_naar_advies_verdiencapaciteit_uitbrengen",
        ),
        N(
            UA,
            "user",
            "Advies verdiencapaciteit uitbrengen",
            "uwv",
            3,
            form=[
                F("kan_minimumloon_verdienen", "Kan het minimumloon verdienen", "boolean"),
                F("advies_uwv", "Advies", maxlength=2000),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=UA,
            duration="P8W",
            cancel=True,
            offset=0.75,
        ),
        N(
            ZB,
            "user",
            "Verdiencapaciteit zelf vaststellen",
            "loonwaardedeskundige",
            4,
            form=[
                F("kan_minimumloon_verdienen", "Kan het minimumloon verdienen", "boolean"),
                F("klant_geinformeerd", "Klant geïnformeerd over vertraging", "boolean"),
            ],
        ),
        N(MB, "xor", "Klaar voor besluit", "uwv", 5),
        N(
            BS,
            "user",
            "Besluit op aanvraag studietoeslag nemen",
            "inkomensconsulent",
            6,
            form=[
                F(
                    "besluit_studietoeslag",
                    "Besluit",
                    "enum",
                    values=[("toekennen", "Toekennen"), ("afwijzen", "Afwijzen")],
                ),
                F("motivering_besluit", "Motivering", maxlength=2000),
            ],
        ),
        N(
            GB,
            "xor",
            "Toegekend?",
            "inkomensconsulent",
            7,
            default="Flow_besluit_studietoeslag_naar_studietoeslag_afgewezen",
        ),
        N(EA, "end", "Studietoeslag afgewezen", "inkomensconsulent", 8),
        N(
            PB,
            "user",
            "Periodieke betaling studietoeslag instellen",
            "backoffice",
            8,
            form=[
                F("bedrag_per_maand", "Bedrag per maand (euro)", "long", min=1, max=1000),
                F("eerste_betaaldatum", "Eerste betaaldatum", "date"),
                F("einddatum_toekenning", "Einddatum toekenning", "date"),
            ],
        ),
        N(ET, "end", "Studietoeslag toegekend", "backoffice", 9),
    ],
    flows=[
        L(S, RC),
        L(RC, GI),
        L(GI, MB, "direct beslissen", 'not recht_op_sf_of_wtos or bestaande_indicatie != "geen"'),
        L(GI, UA, "advies nodig"),
        L(TB, ZB),
        L(UA, MB),
        L(ZB, MB),
        L(MB, BS),
        L(BS, GB),
        L(GB, PB, "toekennen", 'besluit_studietoeslag == "toekennen"'),
        L(GB, EA, "afwijzen"),
        L(PB, ET),
    ],
)
