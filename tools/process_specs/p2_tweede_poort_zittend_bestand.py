from common import F, N, L

TARGET = "2-intake-diagnose-en-plan/tweede-poort-zittend-bestand.bpmn"

S = "StartEvent_langer_dan_drie_jaar_bijstand"
G1 = "Gateway_tweede_poort_beleid"
ER = "EndEvent_regulier_proces"
KV = "Task_vragenlijst_tweede_poort_invullen"
PS = "Gateway_herbeoordeling_splitsen"
RH = "Task_rechtmatigheid_heronderzoeken"
RI = "Task_reintegratiemogelijkheden_herbeoordelen"
PJ = "Gateway_herbeoordeling_samenvoegen"
CO = "Task_vervolg_vaststellen_casuistiekoverleg"
G2 = "Gateway_vervolg_tweede_poort"
EH = "EndEvent_uitkering_herzien_of_beeindigd"
EW = "EndEvent_geactiveerd_richting_werk"
EP = "EndEvent_participatie_of_ontheffing"

spec = dict(
    slug="tweede_poort_zittend_bestand",
    process_id="tweede_poort_zittend_bestand",
    name="Tweede poort voor het zittend bestand",
    participant="Werkbedrijf",
    fase=2,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Klanten die langer dan drie jaar bijstand ontvangen een gestructureerde "
        "herbeoordeling geven: heeft de klant nog recht, en is hij (weer) klaar voor "
        "re-integratie? Daarna volgt (her)activering. Inkomensconsulent en werkcoach "
        "beoordelen tegelijk; de klantmanager stelt het vervolg vast.",
        "Aanleiding": "De klant ontvangt langer dan drie jaar bijstand en is geselecteerd voor "
        "de tweede poort. Alleen gemeenten die voor een tweede poort kiezen "
        "(profiel.zittend_bestand = tweede_poort) voeren deze herbeoordeling uit; "
        "elders blijft de klant in het reguliere proces.",
        "Uitkomsten": "Uitkering herzien of beëindigd na heronderzoek; klant geactiveerd richting "
        "werk (diagnose, traject of bemiddeling); klant naar participatie, "
        "tegenprestatie of (voortgezette) ontheffing; of klant blijft in het "
        "reguliere proces.",
        "Wettelijke basis": "Pw art. 53a lid 2 (onderzoek naar de rechtmatigheid); Pw art. 17 "
        "lid 1 en 2 (inlichtingen- en medewerkingsplicht); Pw art. 54 lid 3 "
        "(herzien, intrekken); Pw art. 44a (plan van aanpak); Pw art. 9 "
        "(arbeidsverplichtingen, ontheffing); gemeentelijke beleidsregels.",
    },
    lanes=["klant", ("klantmanager", 2), "inkomensconsulent", "werkcoach"],
    nodes=[
        N(
            S,
            "start",
            "Klant langer dan 3 jaar in de bijstand",
            "klantmanager",
            0,
            form=[
                F("jaren_in_bijstand", "Jaren in de bijstand", "long", min=3, max=50),
                F("datum_selectie", "Datum selectie", "date"),
            ],
        ),
        N(
            G1,
            "xor",
            "Tweede poort?",
            "klantmanager",
            1,
            default="Flow_tweede_poort_beleid_naar_regulier_proces",
        ),
        N(ER, "end", "Klant blijft in het reguliere proces", "klantmanager", 2, row=1),
        N(
            KV,
            "user",
            "Vragenlijst tweede poort invullen",
            "klant",
            2,
            form=[
                F("situatie_gewijzigd", "Situatie gewijzigd sinds de aanvraag", "boolean"),
                F(
                    "wil_werken",
                    "Wil de klant (weer) werken?",
                    "enum",
                    values=[("ja", "Ja"), ("onder_voorwaarden", "Onder voorwaarden"), ("nee", "Nee")],
                ),
                F("toelichting_klant", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(PS, "and", "Herbeoordeling starten", "klantmanager", 3),
        N(
            RH,
            "user",
            "Rechtmatigheid heronderzoeken",
            "inkomensconsulent",
            4,
            form=[
                F(
                    "uitkomst_heronderzoek",
                    "Uitkomst heronderzoek",
                    "enum",
                    values=[
                        ("ongewijzigd", "Recht ongewijzigd"),
                        ("herzien", "Bijstand herzien"),
                        ("beeindigen", "Recht beëindigen"),
                    ],
                ),
                F("bevindingen_heronderzoek", "Bevindingen", maxlength=2000),
            ],
        ),
        N(
            RI,
            "user",
            "Re-integratiemogelijkheden herbeoordelen",
            "werkcoach",
            4,
            form=[
                F(
                    "perspectief",
                    "Perspectief",
                    "enum",
                    values=[
                        ("bemiddelbaar", "Bemiddelbaar naar werk"),
                        ("ontwikkelbaar", "Ontwikkelbaar met traject"),
                        ("participatie", "Participatie of tegenprestatie"),
                        ("ontheffing", "Ontheffing blijft nodig"),
                    ],
                ),
                F("belemmeringen", "Belemmeringen", required=False, maxlength=1000),
            ],
        ),
        N(PJ, "and", "Herbeoordeling afgerond", "klantmanager", 5),
        N(
            CO,
            "user",
            "Vervolg vaststellen in casuïstiekoverleg",
            "klantmanager",
            6,
            form=[
                F(
                    "vervolg_tweede_poort",
                    "Vervolg",
                    "enum",
                    values=[
                        ("herzien_beeindigen", "Uitkering herzien of beëindigen"),
                        ("activeren_werk", "Activeren richting werk"),
                        ("participatie", "Participatie, tegenprestatie of ontheffing"),
                    ],
                ),
                F("motivering_vervolg", "Motivering", maxlength=2000),
            ],
        ),
        N(
            G2,
            "xor",
            "Vervolg?",
            "klantmanager",
            7,
            default="Flow_vervolg_tweede_poort_naar_participatie_of_ontheffing",
        ),
        N(EW, "end", "Klant geactiveerd richting werk", "klant", 8),
        N(EP, "end", "Klant naar participatie of ontheffing", "klantmanager", 8),
        N(EH, "end", "Uitkering herzien of beëindigd", "klantmanager", 8, row=1),
    ],
    flows=[
        L(S, G1),
        L(G1, KV, "tweede poort", 'profiel.zittend_bestand == "tweede_poort"'),
        L(G1, ER, "zelfde proces"),
        L(KV, PS),
        L(PS, RH, src_port="R"),
        L(PS, RI, src_port="B"),
        L(RH, PJ, tgt_port="L"),
        L(RI, PJ, tgt_port="B"),
        L(PJ, CO),
        L(CO, G2),
        L(G2, EW, "activeren richting werk", 'vervolg_tweede_poort == "activeren_werk"'),
        L(G2, EH, "herzien of beëindigen", 'vervolg_tweede_poort == "herzien_beeindigen"'),
        L(G2, EP, "participatie"),
    ],
)
