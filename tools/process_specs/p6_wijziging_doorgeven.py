from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/wijziging-doorgeven-en-verwerken.bpmn"

S = "StartEvent_wijziging_doorgegeven"
M = "Gateway_wijziging_in_behandeling"
B = "Task_wijziging_beoordelen"
GB = "Gateway_bewijsstukken_compleet"
K = "Task_bewijsstukken_aanleveren"
TH = "Timer_termijn_bewijsstukken"
EOP = "EndEvent_verzuim_naar_opschorting"
GG = "Gateway_gevolg_wijziging"
E0 = "EndEvent_wijziging_zonder_gevolgen"
EBE = "EndEvent_doorgezet_naar_beeindiging"
H = "Task_herzieningsbesluit_nemen"
BO = "Task_betaling_aanpassen"
EH = "EndEvent_uitkering_herzien"

spec = dict(
    slug="wijziging_doorgeven_en_verwerken",
    process_id="wijziging_doorgeven_en_verwerken",
    name="Wijziging doorgeven en verwerken",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Een wijziging die de klant doorgeeft snel en juist verwerken, zodat de bijstand "
        "rechtmatig blijft en er geen terugvordering ontstaat.",
        "Aanleiding": "De klant heeft een wijziging doorgegeven die van invloed kan zijn op het "
        "recht op of de hoogte van de bijstand (inkomsten, woonsituatie, verhuizing, "
        "vermogen, gezondheid).",
        "Uitkomsten": "Wijziging vastgelegd zonder gevolgen; uitkering herzien en betaling "
        "aangepast; doorgezet naar beëindiging van de uitkering; of, als de klant "
        "de gevraagde bewijsstukken niet binnen de termijn levert, doorgezet naar "
        "opschorting wegens verzuim.",
        "Wettelijke basis": "Pw art. 17 lid 1 (inlichtingenplicht: onverwijld melden); Pw art. "
        "54 lid 1 (opschorting bij verzuim) en lid 3 (herziening); Awb 4:8 "
        "(horen) waar van toepassing.",
    },
    lanes=["klant", ("inkomensconsulent", 3), "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Wijziging doorgegeven",
            "klant",
            0,
            form=[
                F(
                    "soort_wijziging",
                    "Soort wijziging",
                    "enum",
                    values=[
                        ("inkomsten", "Inkomsten"),
                        ("woonsituatie", "Woonsituatie of leefvorm"),
                        ("verhuizing", "Verhuizing"),
                        ("vermogen", "Vermogen"),
                        ("gezondheid", "Gezondheid of arbeidsvermogen"),
                        ("overig", "Overig"),
                    ],
                ),
                F("datum_wijziging", "Datum van de wijziging", "date"),
                F("omschrijving_wijziging", "Omschrijving", required=False, maxlength=1000),
            ],
        ),
        N(M, "xor", "Wijziging in behandeling", "inkomensconsulent", 1, row=1),
        N(
            B,
            "user",
            "Wijziging beoordelen",
            "inkomensconsulent",
            2,
            row=1,
            form=[
                F("bewijsstukken_compleet", "Bewijsstukken compleet", "boolean"),
                F(
                    "gevolg",
                    "Gevolg voor de bijstand",
                    "enum",
                    values=[
                        ("geen_gevolg", "Geen gevolg"),
                        ("uitkering_aanpassen", "Uitkering aanpassen"),
                        ("recht_beeindigen", "Recht beëindigen"),
                    ],
                ),
                F("ontbrekende_stukken", "Ontbrekende stukken", required=False, maxlength=1000),
            ],
        ),
        N(
            GB,
            "xor",
            "Bewijsstukken compleet?",
            "inkomensconsulent",
            3,
            row=1,
            default="Flow_bewijsstukken_compleet_naar_bewijsstukken_aanleveren",
        ),
        N(
            K,
            "user",
            "Bewijsstukken aanleveren",
            "klant",
            4,
            form=[
                F("aangeleverde_stukken", "Aangeleverde stukken", maxlength=1000),
                F("toelichting_klant", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            TH,
            "boundary",
            "Termijn van 2 weken verstreken",
            attached=K,
            duration="P2W",
            cancel=True,
            offset=0.75,
            side="T",
        ),
        N(EOP, "end", "Doorgezet naar opschorting wegens verzuim", "klant", 5),
        N(
            GG,
            "xor",
            "Gevolg wijziging?",
            "inkomensconsulent",
            4,
            row=1,
            default="Flow_gevolg_wijziging_naar_herzieningsbesluit_nemen",
        ),
        N(E0, "end", "Wijziging vastgelegd, uitkering ongewijzigd", "inkomensconsulent", 5, row=2),
        N(EBE, "end", "Doorgezet naar beëindiging uitkering", "inkomensconsulent", 5, row=0),
        N(
            H,
            "user",
            "Herzieningsbesluit nemen",
            "inkomensconsulent",
            5,
            row=1,
            form=[
                F("ingangsdatum_herziening", "Ingangsdatum herziening", "date"),
                F("nieuw_maandbedrag", "Nieuw netto maandbedrag (euro)", "long", min=0, max=5000),
                F("te_veel_betaald", "Te veel bijstand betaald", "boolean"),
            ],
        ),
        N(
            BO,
            "user",
            "Betaling aanpassen",
            "backoffice",
            6,
            form=[
                F("eerste_betaaldatum_nieuw_bedrag", "Eerste betaaldatum nieuw bedrag", "date"),
                F("vordering_aangemaakt", "Vordering aangemaakt voor terugvordering", "boolean"),
            ],
        ),
        N(EH, "end", "Uitkering herzien", "backoffice", 7),
    ],
    flows=[
        L(S, M),
        L(M, B),
        L(B, GB),
        L(GB, GG, "compleet", "bewijsstukken_compleet == True"),
        L(GB, K, "onvolledig"),
        L(K, M),
        L(TH, EOP),
        L(GG, E0, "geen gevolg", 'gevolg == "geen_gevolg"'),
        L(GG, EBE, "recht beëindigen", 'gevolg == "recht_beeindigen"'),
        L(GG, H, "uitkering aanpassen"),
        L(H, BO),
        L(BO, EH),
    ],
)
