from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/verblijf-in-het-buitenland.bpmn"

S = "StartEvent_verblijf_buitenland_gemeld"
PS = "Gateway_melding_verdelen"
T1 = "Task_verblijfsduur_toetsen"
T2 = "Task_afwezigheid_afstemmen"
PJ = "Gateway_beoordeling_gereed"
G = "Gateway_binnen_toegestane_duur"
K = "Task_terugkeer_melden"
TB = "Timer_terugkeer_niet_gemeld"
HH = "Task_verblijfplaats_onderzoeken"
EHH = "EndEvent_verblijfplaats_onderzocht"
EK = "EndEvent_teruggekeerd_bijstand_doorbetaald"
B = "Task_besluit_geen_bijstand_buitenland"
EB = "EndEvent_geen_bijstand_tijdens_verblijf"

spec = dict(
    slug="verblijf_in_het_buitenland",
    process_id="verblijf_in_het_buitenland",
    name="Verblijf in het buitenland",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Vooraf vaststellen of een gemeld verblijf in het buitenland gevolgen heeft voor "
        "het recht op bijstand en voor de arbeids- en re-integratieverplichtingen, en de "
        "terugkeer bewaken.",
        "Aanleiding": "De klant heeft een voorgenomen verblijf in het buitenland gemeld (volgens "
        "gemeentelijk beleid uiterlijk drie weken voor vertrek).",
        "Uitkomsten": "Klant teruggekeerd binnen de toegestane duur, bijstand doorbetaald; geen "
        "bijstand over de periode buiten de toegestane duur (vier weken per "
        "kalenderjaar, dertien weken vanaf de pensioengerechtigde leeftijd); "
        "terugkeer niet gemeld en verblijfplaats onderzocht door handhaving.",
        "Wettelijke basis": "Pw art. 13 lid 1 onder e (geen recht bij verblijf buiten Nederland "
        "langer dan vier weken per kalenderjaar, dertien weken voor "
        "pensioengerechtigden); Pw art. 17 (inlichtingenplicht); Pw art. 9 "
        "(arbeidsverplichtingen); Pw art. 54 lid 3 (herziening).",
    },
    lanes=["klant", "klantmanager", ("inkomensconsulent", 2), "handhaver"],
    nodes=[
        N(
            S,
            "start",
            "Verblijf in het buitenland gemeld",
            "klant",
            0,
            form=[
                F("vertrekdatum", "Vertrekdatum", "date"),
                F("terugkeerdatum", "Geplande terugkeerdatum", "date"),
                F(
                    "reden_verblijf",
                    "Reden verblijf",
                    "enum",
                    values=[
                        ("vakantie", "Vakantie"),
                        ("familie", "Familieomstandigheden"),
                        ("medisch", "Medische redenen"),
                        ("overig", "Overig"),
                    ],
                ),
            ],
        ),
        N(PS, "and", "Melding gelijktijdig beoordelen", "inkomensconsulent", 1),
        N(
            T1,
            "user",
            "Verblijfsduur en recht toetsen",
            "inkomensconsulent",
            2,
            form=[
                F(
                    "dagen_buitenland_dit_jaar",
                    "Dagen buiten Nederland dit kalenderjaar (incl. deze reis)",
                    "long",
                    min=1,
                    max=366,
                ),
                F("pensioengerechtigd", "Pensioengerechtigde leeftijd bereikt", "boolean"),
            ],
        ),
        N(
            T2,
            "user",
            "Afwezigheid afstemmen met arbeidsverplichtingen",
            "klantmanager",
            2,
            form=[
                F("afwezigheid_akkoord", "Afwezigheid past in plan van aanpak", "boolean"),
                F(
                    "afspraken_traject",
                    "Afspraken over traject of verplichtingen",
                    required=False,
                    maxlength=1000,
                ),
            ],
        ),
        N(PJ, "and", "Beoordeling gereed", "inkomensconsulent", 3),
        N(
            G,
            "xor",
            "Binnen de toegestane duur?",
            "inkomensconsulent",
            4,
            default="Flow_binnen_toegestane_duur_naar_besluit_geen_bijstand_buitenland",
        ),
        N(
            K,
            "user",
            "Terugkeer melden",
            "klant",
            5,
            form=[
                F("datum_terugkeer", "Datum terugkeer", "date"),
                F("eerder_of_later_terug", "Anders teruggekeerd dan gepland", "boolean"),
            ],
        ),
        N(
            TB,
            "boundary",
            "Terugkeer niet gemeld binnen 5 weken",
            attached=K,
            duration="P5W",
            cancel=True,
            offset=0.75,
        ),
        N(
            HH,
            "user",
            "Verblijfplaats onderzoeken",
            "handhaver",
            6,
            form=[
                F(
                    "verblijfplaats_vastgesteld",
                    "Vastgestelde verblijfplaats",
                    "enum",
                    values=[
                        ("in_nederland", "Terug in Nederland"),
                        ("buitenland", "Nog in het buitenland"),
                        ("onbekend", "Onbekend"),
                    ],
                ),
                F("bevindingen_verblijf", "Bevindingen", maxlength=2000),
            ],
        ),
        N(EHH, "end", "Verblijfplaats onderzocht door handhaving", "handhaver", 7),
        N(EK, "end", "Teruggekeerd, bijstand doorbetaald", "klant", 6),
        N(
            B,
            "user",
            "Besluit: geen bijstand buiten de toegestane duur",
            "inkomensconsulent",
            5,
            row=1,
            form=[
                F("geen_bijstand_vanaf", "Geen bijstand vanaf", "date"),
                F("geen_bijstand_tot", "Geen bijstand tot en met", "date"),
            ],
        ),
        N(EB, "end", "Geen bijstand over verblijf buiten de toegestane duur", "inkomensconsulent", 6, row=1),
    ],
    flows=[
        L(S, PS),
        L(PS, T1),
        L(PS, T2),
        L(T1, PJ),
        L(T2, PJ),
        L(PJ, G),
        L(G, K, "binnen toegestane duur", "dagen_buitenland_dit_jaar <= (91 if pensioengerechtigd else 28)"),
        L(G, B, "langer dan toegestaan"),
        L(K, EK),
        L(TB, HH),
        L(HH, EHH),
        L(B, EB),
    ],
)
