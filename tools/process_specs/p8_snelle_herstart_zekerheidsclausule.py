from common import F, N, L

TARGET = "8-uitstroom-en-nazorg/snelle-herstart-zekerheidsclausule.bpmn"

S = "StartEvent_baan_verloren"
SA = "Task_stukken_aanleveren"
HT = "Task_herstart_toetsen"
GH = "Gateway_snelle_herstart_mogelijk"
ER = "EndEvent_naar_hernieuwde_aanvraag"
PS = "Gateway_herstart_starten"
BH = "Task_bijstand_herstarten"
TV = "Timer_voorschottermijn"
VB = "Task_voorschot_betalen"
EV = "EndEvent_voorschot_betaald"
RH = "Task_re_integratie_hervatten"
PJ = "Gateway_herstart_afgerond"
EH = "EndEvent_bijstand_snel_herstart"

spec = dict(
    slug="snelle_herstart_zekerheidsclausule",
    process_id="snelle_herstart_zekerheidsclausule",
    name="Snelle herstart (zekerheidsclausule)",
    participant="Werkbedrijf",
    fase=8,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Wie vanuit de bijstand aan het werk ging en die baan binnen 12 maanden weer "
        "verliest, zonder inkomensgat en zonder volledige nieuwe aanvraag terug laten "
        "keren: zo durven klanten (tijdelijk) werk aan te nemen.",
        "Aanleiding": "De klant is binnen de herstarttermijn na uitstroom naar werk zijn baan "
        "kwijtgeraakt (einde contract, ontslag in de proeftijd, ontslag).",
        "Uitkomsten": "Bijstand snel herstart op de bekende gegevens en re-integratie direct "
        "hervat (inkomensconsulent en werkcoach tegelijk); naar een hernieuwde "
        "aanvraag als de termijn voorbij is of de omstandigheden zijn gewijzigd. "
        "Is de herstart na 4 weken nog niet rond, dan betaalt de backoffice een voorschot.",
        "Wettelijke basis": "Pw art. 43 lid 1 (aanvraag, ook op bekende gegevens); Pw art. 44 "
        "(ingangsdatum); Pw art. 52 (voorschot binnen 4 weken); Pw art. 18 "
        "lid 2 (maatregel bij verwijtbare werkloosheid); gemeentelijke "
        "beleidsregel zekerheidsclausule (herstarttermijn 12 maanden).",
    },
    lanes=["klant", "backoffice", "inkomensconsulent", "werkcoach"],
    nodes=[
        N(
            S,
            "start",
            "Baan verloren na uitstroom",
            "klant",
            0,
            form=[
                F("datum_einde_werk", "Datum einde werk", "date"),
                F(
                    "maanden_sinds_uitstroom",
                    "Maanden sinds uitstroom uit de bijstand",
                    "long",
                    min=0,
                    max=36,
                ),
                F(
                    "reden_einde_werk",
                    "Reden einde werk",
                    "enum",
                    values=[
                        ("einde_contract", "Einde tijdelijk contract"),
                        ("ontslag_proeftijd", "Ontslag in de proeftijd"),
                        ("ontslag_werkgever", "Ontslag door werkgever"),
                        ("zelf_opgezegd", "Zelf opgezegd"),
                    ],
                ),
            ],
        ),
        N(
            SA,
            "user",
            "Ontslagbrief en laatste loonstrook aanleveren",
            "klant",
            1,
            form=[
                F("ontslagbrief_aangeleverd", "Ontslagbrief aangeleverd", "boolean"),
                F("ww_aangevraagd", "WW aangevraagd bij UWV", "boolean"),
            ],
        ),
        N(
            HT,
            "user",
            "Herstart toetsen",
            "inkomensconsulent",
            2,
            form=[
                F("omstandigheden_gewijzigd", "Leefvorm, vermogen of woonsituatie gewijzigd", "boolean"),
                F("toelichting_toets", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            GH,
            "xor",
            "Herstart mogelijk?",
            "inkomensconsulent",
            3,
            default="Flow_snelle_herstart_mogelijk_naar_naar_hernieuwde_aanvraag",
        ),
        N(ER, "end", "Naar hernieuwde aanvraag", "klant", 4),
        N(PS, "and", "Herstart starten", "inkomensconsulent", 4),
        N(
            BH,
            "user",
            "Bijstand herstarten op bekende gegevens",
            "inkomensconsulent",
            5,
            form=[
                F("ingangsdatum_herstart", "Ingangsdatum bijstand", "date"),
                F("ww_verrekenen", "WW-uitkering verrekenen", "boolean"),
                F("maatregel_voorstellen", "Maatregel voorstellen (verwijtbare werkloosheid)", "boolean"),
            ],
        ),
        N(
            TV,
            "boundary",
            "4 weken na melding verstreken",
            attached=BH,
            duration="P4W",
            cancel=False,
            offset=0.75,
            side="T",
        ),
        N(
            VB,
            "user",
            "Voorschot betalen",
            "backoffice",
            6,
            form=[
                F("voorschotbedrag", "Voorschotbedrag (euro)", "long", min=0, max=3000),
                F("datum_betaling", "Datum betaling", "date"),
            ],
        ),
        N(EV, "end", "Voorschot betaald", "backoffice", 7),
        N(
            RH,
            "user",
            "Re-integratie direct hervatten",
            "werkcoach",
            5,
            form=[
                F("plan_van_aanpak_hervat", "Plan van aanpak hervat", "boolean"),
                F("eerstvolgende_afspraak", "Eerstvolgende afspraak", "date"),
            ],
        ),
        N(PJ, "and", "Herstart rond", "inkomensconsulent", 6),
        N(EH, "end", "Bijstand snel herstart", "inkomensconsulent", 7),
    ],
    flows=[
        L(S, SA),
        L(SA, HT),
        L(HT, GH),
        L(
            GH,
            PS,
            "binnen termijn",
            "maanden_sinds_uitstroom <= 12 and not omstandigheden_gewijzigd",
            src_port="R",
        ),
        L(GH, ER, "termijn voorbij of gewijzigd", src_port="T"),
        L(PS, BH),
        L(PS, RH),
        L(TV, VB),
        L(VB, EV),
        L(BH, PJ),
        L(RH, PJ),
        L(PJ, EH),
    ],
)
