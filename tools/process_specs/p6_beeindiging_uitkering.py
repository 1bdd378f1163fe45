from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/beeindiging-uitkering.bpmn"

S = "StartEvent_reden_beeindiging"
T1 = "Task_beeindigingsbesluit_nemen"
PS = "Gateway_afronding_splitsen"
K = "Task_laatste_inkomstenopgave_indienen"
TK = "Timer_termijn_laatste_opgave"
MK = "Gateway_eindafrekening_starten"
BO = "Task_eindafrekening_maken"
KM = "Task_uitstroom_afronden"
PJ = "Gateway_afronding_gereed"
G = "Gateway_resultaat_beeindiging"
EW = "EndEvent_uitstroom_naar_werk"
ER = "EndEvent_beeindigd_met_restvordering"
EB = "EndEvent_bijstand_beeindigd"

spec = dict(
    slug="beeindiging_uitkering",
    process_id="beeindiging_uitkering",
    name="Beëindiging uitkering",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "De bijstand tijdig en zorgvuldig beëindigen als het recht eindigt, met een "
        "juiste eindafrekening en een goede overgang voor de klant (nazorg bij werk, "
        "warme overdracht bij een andere uitkering of verhuizing).",
        "Aanleiding": "Er is een reden voor beëindiging ontstaan: de klant gaat werken, krijgt een "
        "andere uitkering (bijv. AOW), verhuist naar een andere gemeente, gaat "
        "samenwonen met een partner met inkomen, vraagt zelf beëindiging aan of is "
        "overleden.",
        "Uitkomsten": "Uitstroom naar werk met nazorg (en uitleg over de snelle herstart); "
        "bijstand beëindigd zonder restschuld; bijstand beëindigd met een "
        "restvordering die naar terugvordering gaat. Komt de laatste "
        "inkomstenopgave niet binnen de termijn, dan volgt de eindafrekening op "
        "basis van de bekende gegevens.",
        "Wettelijke basis": "Pw art. 54 lid 3 (intrekking/beëindiging van het recht); Pw art. 11 "
        "en 13 (recht en uitsluiting); Pw art. 17 (inlichtingenplicht); Pw "
        "art. 58 (terugvordering); Pw art. 19-22 (vakantietoeslag); "
        "gemeentelijke beleidsregels (nazorg, zekerheidsclausule).",
    },
    lanes=["klant", "backoffice", "inkomensconsulent", "klantmanager"],
    nodes=[
        N(
            S,
            "start",
            "Reden voor beëindiging ontstaan",
            "klant",
            0,
            form=[
                F(
                    "reden_beeindiging",
                    "Reden",
                    "enum",
                    values=[
                        ("werk", "Werk of eigen bedrijf"),
                        ("andere_uitkering", "Andere uitkering (bijv. AOW)"),
                        ("verhuizing", "Verhuizing naar andere gemeente"),
                        ("samenwonen", "Samenwonen met partner met inkomen"),
                        ("eigen_verzoek", "Op eigen verzoek"),
                        ("overlijden", "Overlijden"),
                    ],
                ),
                F("datum_reden", "Datum", "date"),
            ],
        ),
        N(
            T1,
            "user",
            "Beëindigingsbesluit nemen",
            "inkomensconsulent",
            1,
            form=[
                F("einddatum_bijstand", "Einddatum bijstand", "date"),
                F("motivering_beeindiging", "Motivering", maxlength=2000),
            ],
        ),
        N(PS, "and", "Afronding tegelijk starten", "inkomensconsulent", 2),
        N(
            K,
            "user",
            "Laatste inkomstenopgave indienen",
            "klant",
            3,
            form=[
                F(
                    "netto_inkomsten_laatste_maand",
                    "Netto inkomsten laatste maand (euro)",
                    "long",
                    min=0,
                    max=10000,
                ),
            ],
        ),
        N(
            TK,
            "boundary",
            "Termijn van 4 weken verstreken",
            attached=K,
            duration="P4W",
            cancel=True,
            offset=0.75,
        ),
        N(MK, "xor", "Eindafrekening starten", "backoffice", 4),
        N(
            BO,
            "user",
            "Eindafrekening maken en vakantietoeslag uitbetalen",
            "backoffice",
            5,
            form=[
                F(
                    "uitbetaalde_vakantietoeslag",
                    "Uitbetaalde opgebouwde vakantietoeslag (euro)",
                    "long",
                    min=0,
                    max=1500,
                ),
                F("restvordering", "Restvordering (euro)", "long", min=0, max=50000),
            ],
        ),
        N(
            KM,
            "user",
            "Uitstroom afronden en nazorg afspreken",
            "klantmanager",
            4,
            form=[
                F(
                    "vervolg_uitstroom",
                    "Vervolg",
                    "enum",
                    values=[
                        ("nazorg_werk", "Nazorg na werkaanvaarding"),
                        ("warme_overdracht", "Warme overdracht (SVB, UWV of andere gemeente)"),
                        ("geen", "Geen vervolg nodig"),
                    ],
                ),
                F(
                    "zekerheidsclausule_uitgelegd",
                    "Snelle herstart (zekerheidsclausule) uitgelegd",
                    "boolean",
                ),
            ],
        ),
        N(PJ, "and", "Afronding gereed", "inkomensconsulent", 6),
        N(
            G,
            "xor",
            "Resultaat beëindiging?",
            "inkomensconsulent",
            7,
            default="Flow_resultaat_beeindiging_naar_bijstand_beeindigd",
        ),
        N(EW, "end", "Uitstroom naar werk, bijstand beëindigd", "klantmanager", 8),
        N(ER, "end", "Bijstand beëindigd, restvordering naar terugvordering", "backoffice", 8),
        N(EB, "end", "Bijstand beëindigd", "inkomensconsulent", 8),
    ],
    flows=[
        L(S, T1),
        L(T1, PS),
        L(PS, K),
        L(PS, KM),
        L(K, MK, src_port="R", tgt_port="T"),
        L(TK, MK, tgt_port="L"),
        L(MK, BO),
        L(BO, PJ),
        L(KM, PJ),
        L(PJ, G),
        L(G, ER, "restvordering", "restvordering > 0"),
        L(G, EW, "uitstroom naar werk", 'reden_beeindiging == "werk" and restvordering == 0'),
        L(G, EB, "beëindigd"),
    ],
)
