from common import F, N, L

TARGET = "1-aanvraag-en-recht/middelentoets.bpmn"

S = "StartEvent_inkomsten_opgegeven"
IT = "Task_inkomsten_en_voorliggende_voorzieningen_toetsen"
GV = "Gateway_voorliggende_voorziening"
VA = "Task_voorliggende_voorziening_aanvragen"
MV = "Gateway_middelen_bekend"
MB = "Task_middelen_vaststellen"
GM = "Gateway_uitkomst_middelentoets"
EA = "EndEvent_afgewezen_middelen_boven_norm"
EV = "EndEvent_volledige_bijstand"
PS = "Gateway_inkomsten_verwerken"
VR = "Task_inkomstenvrijlating_beoordelen"
VE = "Task_inkomstenverrekening_inrichten"
PJ = "Gateway_inkomsten_verwerkt"
EN = "EndEvent_aanvullende_bijstand"

spec = dict(
    slug="middelentoets",
    process_id="middelentoets",
    name="Middelentoets",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Vaststellen over welke middelen (inkomsten van klant en partner, voorliggende "
        "voorzieningen) de klant beschikt of kan beschikken, zodat bijstand alleen "
        "aanvult tot de norm; bij inkomsten uit werk tegelijk de vrijlating beoordelen en "
        "de maandelijkse verrekening inrichten.",
        "Aanleiding": "De klant heeft bij de aanvraag zijn inkomsten en die van zijn partner opgegeven.",
        "Uitkomsten": "Aanvraag afgewezen omdat de middelen boven de bijstandsnorm liggen; volledige "
        "bijstand (geen eigen middelen); aanvullende bijstand naast inkomsten, met "
        "beoordeelde vrijlating en ingerichte verrekening. Kan de klant een voorliggende "
        "voorziening krijgen (WW, Ziektewet, toeslagen, alimentatie), dan vraagt hij die "
        "eerst aan.",
        "Wettelijke basis": "Pw art. 15 (voorliggende voorziening), art. 31 (middelen, vrijlatingen "
        "in lid 2), art. 32 (inkomen, partnerinkomen), art. 55 (verplichtingen gericht "
        "op het verkrijgen van middelen, zoals het aanvragen van een voorliggende "
        "voorziening).",
    },
    lanes=["klant", ("inkomensconsulent", 3), "klantmanager", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Inkomsten opgegeven bij aanvraag",
            "klant",
            0,
            form=[
                F(
                    "opgegeven_inkomsten_per_maand",
                    "Opgegeven netto inkomsten per maand (euro)",
                    "long",
                    min=0,
                    max=20000,
                ),
                F("partner_heeft_inkomsten", "Partner heeft inkomsten", "boolean"),
            ],
        ),
        N(
            IT,
            "user",
            "Inkomsten en voorliggende voorzieningen toetsen",
            "inkomensconsulent",
            1,
            row=1,
            form=[
                F("suwinet_geraadpleegd", "Suwinet en loonstroken geraadpleegd", "boolean"),
                F("voorliggende_voorziening_mogelijk", "Voorliggende voorziening mogelijk", "boolean"),
                F("toelichting_inkomsten", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            GV,
            "xor",
            "Voorliggende voorziening?",
            "inkomensconsulent",
            2,
            row=1,
            default="Flow_voorliggende_voorziening_naar_middelen_bekend",
        ),
        N(
            VA,
            "user",
            "Voorliggende voorziening aanvragen en besluit aanleveren",
            "klant",
            3,
            form=[
                F(
                    "voorziening",
                    "Voorziening",
                    "enum",
                    values=[
                        ("ww", "WW (UWV)"),
                        ("ziektewet", "Ziektewet (UWV)"),
                        ("toeslagen", "Huur- en zorgtoeslag"),
                        ("alimentatie", "Alimentatie"),
                        ("overig", "Overig"),
                    ],
                ),
                F(
                    "besluit_voorziening",
                    "Besluit op aanvraag voorziening",
                    "enum",
                    values=[
                        ("toegekend", "Toegekend"),
                        ("afgewezen", "Afgewezen"),
                        ("nog_niet_bekend", "Nog niet bekend"),
                    ],
                ),
            ],
        ),
        N(MV, "xor", "Middelen bekend", "inkomensconsulent", 4, row=1),
        N(
            MB,
            "user",
            "Middelen vaststellen en vergelijken met de norm",
            "inkomensconsulent",
            5,
            row=1,
            form=[
                F(
                    "middelen_per_maand",
                    "In aanmerking te nemen middelen per maand (euro)",
                    "long",
                    min=0,
                    max=20000,
                ),
                F(
                    "uitkomst_middelen",
                    "Uitkomst",
                    "enum",
                    values=[
                        ("boven_norm", "Middelen boven de norm"),
                        ("geen_middelen", "Geen eigen middelen"),
                        ("aanvullend", "Middelen onder de norm: aanvullende bijstand"),
                    ],
                ),
            ],
        ),
        N(
            GM,
            "xor",
            "Uitkomst middelentoets?",
            "inkomensconsulent",
            6,
            row=1,
            default="Flow_uitkomst_middelentoets_naar_inkomsten_verwerken",
        ),
        N(EA, "end", "Aanvraag afgewezen, middelen boven de norm", "inkomensconsulent", 7),
        N(EV, "end", "Volledige bijstand, geen eigen middelen", "inkomensconsulent", 7, row=1),
        N(PS, "and", "Inkomsten verwerken", "inkomensconsulent", 7, row=2),
        N(
            VR,
            "user",
            "Inkomstenvrijlating beoordelen",
            "klantmanager",
            8,
            form=[
                F(
                    "vrijlating",
                    "Vrijlating",
                    "enum",
                    values=[
                        ("geen", "Geen vrijlating"),
                        ("arbeidsinschakeling", "Vrijlating inkomsten uit arbeid"),
                        ("alleenstaande_ouder", "Vrijlating alleenstaande ouder"),
                        ("medisch_urenbeperkt", "Vrijlating medisch urenbeperkt"),
                    ],
                ),
                F("vrijlating_tot", "Vrijlating tot en met", "date", required=False),
            ],
        ),
        N(
            VE,
            "user",
            "Maandelijkse inkomstenverrekening inrichten",
            "backoffice",
            8,
            form=[
                F("inkomsten_wisselend", "Wisselende inkomsten (maandelijkse opgave)", "boolean"),
                F("eerste_verrekenmaand", "Eerste verrekenmaand", "date"),
            ],
        ),
        N(PJ, "and", "Inkomsten verwerkt", "inkomensconsulent", 9, row=2),
        N(EN, "end", "Aanvullende bijstand naast inkomsten", "inkomensconsulent", 10, row=2),
    ],
    flows=[
        L(S, IT),
        L(IT, GV),
        L(GV, VA, "voorliggende voorziening", "voorliggende_voorziening_mogelijk"),
        L(GV, MV, "geen"),
        L(VA, MV),
        L(MV, MB),
        L(MB, GM),
        L(GM, EA, "boven de norm", 'uitkomst_middelen == "boven_norm"'),
        L(GM, EV, "geen middelen", 'uitkomst_middelen == "geen_middelen"'),
        L(GM, PS, "aanvullend"),
        L(PS, VR, src_port="R"),
        L(PS, VE, src_port="B"),
        L(VR, PJ, tgt_port="L"),
        L(VE, PJ, tgt_port="B"),
        L(PJ, EN),
    ],
)
