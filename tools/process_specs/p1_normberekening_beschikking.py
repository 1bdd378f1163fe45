from common import F, N, L

TARGET = "1-aanvraag-en-recht/normberekening-en-beschikking.bpmn"

S = "StartEvent_recht_op_bijstand_vastgesteld"
MB = "Gateway_berekening_opstellen"
B = "Task_norm_en_hoogte_berekenen"
C = "Task_berekening_controleren"
GC = "Gateway_berekening_akkoord"
EN = "EndEvent_geen_bijstand_nihil"
PS = "Gateway_beschikking_voorbereiden"
VP = "Task_verplichtingen_vastleggen"
BI = "Task_betaling_inrichten"
PJ = "Gateway_beschikking_compleet"
BS = "Task_beschikking_verzenden"
ET = "EndEvent_bijstand_toegekend"

spec = dict(
    slug="normberekening_en_beschikking",
    process_id="normberekening_en_beschikking",
    name="Normberekening en beschikking",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "De hoogte van de bijstand juist berekenen (norm, kostendelers, verlagingen, "
        "middelen), de berekening in een vier-ogencontrole laten toetsen en een volledige "
        "toekenningsbeschikking met verplichtingen en betaalwijze verzenden.",
        "Aanleiding": "Het recht op bijstand is vastgesteld (rechthebbende, leefvorm, vermogen en "
        "middelen getoetst); nu volgen de berekening en de beschikking.",
        "Uitkomsten": "Bijstand toegekend en beschikking verzonden, met arbeids- en "
        "re-integratieverplichtingen en ingerichte betaling; geen bijstand omdat na "
        "berekening geen aanvulling tot de norm resteert (nihilberekening). Een "
        "afgekeurde berekening gaat terug naar de inkomensconsulent. De beslistermijn "
        "van 8 weken wordt bewaakt in de behandeling van de aanvraag.",
        "Wettelijke basis": "Pw art. 5 onder c en 19 (bijstandsnorm), art. 20-22a (normen, "
        "kostendelersnorm), art. 27 (verlaging bij geen of lage woonkosten), art. 12 "
        "(aanvulling jongeren 18-20), art. 31-34 (middelen), art. 9 en 55 "
        "(verplichtingen), art. 45 (vaststelling en betaling), art. 57 "
        "(betaling aan derden); Awb 3:46 en 3:47 (motivering), Awb 4:13.",
    },
    lanes=[("inkomensconsulent", 2), "backoffice", "klantmanager"],
    nodes=[
        N(
            S,
            "start",
            "Recht op bijstand vastgesteld",
            "inkomensconsulent",
            0,
            form=[
                F(
                    "leefvorm",
                    "Leefvorm",
                    "enum",
                    values=[
                        ("alleenstaande", "Alleenstaande"),
                        ("alleenstaande_ouder", "Alleenstaande ouder"),
                        ("gehuwden", "Gehuwden"),
                    ],
                ),
                F("leeftijd", "Leeftijd aanvrager", "long", min=18, max=67),
                F("ingangsdatum", "Ingangsdatum bijstand", "date"),
            ],
        ),
        N(MB, "xor", "Berekening (opnieuw) opstellen", "inkomensconsulent", 1),
        N(
            B,
            "user",
            "Norm en hoogte bijstand berekenen",
            "inkomensconsulent",
            2,
            form=[
                F(
                    "toegepaste_norm",
                    "Toegepaste norm",
                    "enum",
                    values=[
                        ("alleenstaande", "Alleenstaande (ouder)"),
                        ("gehuwden", "Gehuwden"),
                        ("kostendelersnorm", "Kostendelersnorm"),
                        ("jongere_18_20", "Jongerennorm 18-20 jaar"),
                    ],
                ),
                F("verlaging_woonkosten", "Verlaging wegens geen of lage woonkosten", "boolean"),
                F("bijstand_per_maand", "Bijstand per maand (euro, netto)", "long", min=0, max=4000),
            ],
        ),
        N(
            C,
            "user",
            "Berekening controleren (vier ogen)",
            "backoffice",
            3,
            form=[
                F("berekening_akkoord", "Berekening akkoord", "boolean"),
                F("correctie", "Gevonden fout of correctie", required=False, maxlength=1000),
            ],
        ),
        N(
            GC,
            "xor",
            "Berekening akkoord?",
            "inkomensconsulent",
            4,
            default="Flow_berekening_akkoord_naar_beschikking_voorbereiden",
        ),
        N(EN, "end", "Geen bijstand, niets aan te vullen", "inkomensconsulent", 4, row=1),
        N(PS, "and", "Beschikking voorbereiden", "inkomensconsulent", 5),
        N(
            VP,
            "user",
            "Arbeids- en re-integratieverplichtingen vastleggen",
            "klantmanager",
            6,
            form=[
                F(
                    "arbeidsverplichtingen",
                    "Arbeidsverplichtingen",
                    "enum",
                    values=[
                        ("volledig", "Volledig van toepassing"),
                        ("tijdelijk_ontheven", "Tijdelijk ontheven"),
                        ("deels", "Gedeeltelijk (urenbeperking)"),
                    ],
                ),
                F("ontheffing_tot", "Ontheffing tot", "date", required=False),
                F("tegenprestatie_gevraagd", "Tegenprestatie gevraagd", "boolean"),
            ],
        ),
        N(
            BI,
            "user",
            "Betaling inrichten",
            "backoffice",
            6,
            form=[
                F("vaste_lasten_rechtstreeks", "Vaste lasten rechtstreeks betalen (art. 57)", "boolean"),
                F("eerste_betaaldatum", "Eerste betaaldatum", "date"),
            ],
        ),
        N(PJ, "and", "Beschikking compleet", "inkomensconsulent", 7),
        N(
            BS,
            "user",
            "Toekenningsbeschikking opstellen en verzenden",
            "inkomensconsulent",
            8,
            form=[
                F("datum_verzending_beschikking", "Datum verzending beschikking", "date"),
                F("voorschot_verrekend", "Verstrekt voorschot verrekend", "boolean"),
            ],
        ),
        N(ET, "end", "Bijstand toegekend, beschikking verzonden", "inkomensconsulent", 9),
    ],
    flows=[
        L(S, MB),
        L(MB, B),
        L(B, C),
        L(C, GC, tgt_port="L"),
        L(GC, MB, "correctie nodig", "not berekening_akkoord", src_port="T", tgt_port="T"),
        L(GC, EN, "nihil", "berekening_akkoord and bijstand_per_maand == 0"),
        L(GC, PS, "akkoord"),
        L(PS, BI, src_port="R"),
        L(PS, VP, src_port="B"),
        L(BI, PJ, tgt_port="L"),
        L(VP, PJ, tgt_port="B"),
        L(PJ, BS),
        L(BS, ET),
    ],
)
