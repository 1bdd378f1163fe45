from common import F, N, L

TARGET = "3-re-integratie-en-ontwikkeling/diagnosetraject.bpmn"

S = "StartEvent_arbeidsvermogen_onduidelijk"
KT = "Task_toestemming_extern_onderzoek"
GT = "Gateway_toestemming_gegeven"
E0 = "EndEvent_diagnose_zonder_extern_onderzoek"
OV = "Task_opdracht_diagnose_verstrekken"
MR = "Event_diagnoserapport_ontvangen"
RB = "Task_rapport_bespreken_en_route_bepalen"
GR = "Gateway_route_na_diagnose"
EW = "EndEvent_route_naar_werk"
EP = "EndEvent_route_participatie"
OB = "Task_ontheffing_beoordelen"
EO = "EndEvent_ontheffing_beoordeeld"

spec = dict(
    slug="diagnosetraject",
    process_id="diagnosetraject",
    name="Diagnosetraject bij externe aanbieder",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="uitstromen",
    messages=["diagnoserapport_ontvangen"],
    documentation={
        "Doel": "Bij twijfel over het arbeidsvermogen van de klant een onafhankelijk, extern "
        "diagnoseonderzoek (arbeidsdeskundig, psychologisch of praktijkgericht) laten "
        "uitvoeren, zodat de werkcoach een onderbouwde route kan kiezen.",
        "Aanleiding": "Na de intake of tijdens een traject is onvoldoende duidelijk wat de klant "
        "kan (belastbaarheid, leerbaarheid, psychosociale problematiek of "
        "arbeidsvaardigheden). De werkcoach formuleert een vraagstelling.",
        "Uitkomsten": "Route naar werk vastgesteld; route participatie vastgesteld; ontheffing "
        "van de arbeidsverplichtingen beoordeeld door de klantmanager; of, als de "
        "klant geen toestemming geeft voor het onderzoek en het delen van gegevens, "
        "voortgezette diagnose op eigen gegevens.",
        "Wettelijke basis": "Pw art. 7 lid 1 onder a en art. 10 (ondersteuning bij "
        "arbeidsinschakeling); Pw art. 17 lid 2 (medewerking aan onderzoek); "
        "Pw art. 9 lid 2 (ontheffing arbeidsverplichtingen); AVG art. 9 "
        "(gezondheidsgegevens); Pw art. 8a (re-integratieverordening).",
    },
    lanes=["klant", "werkcoach", "backoffice", "klantmanager"],
    nodes=[
        N(
            S,
            "start",
            "Arbeidsvermogen onvoldoende duidelijk",
            "werkcoach",
            0,
            form=[
                F(
                    "vraagstelling",
                    "Vraagstelling",
                    "enum",
                    values=[
                        ("belastbaarheid", "Belastbaarheid"),
                        ("leerbaarheid", "Leerbaarheid"),
                        ("psychosociaal", "Psychosociale problematiek"),
                        ("arbeidsvaardigheden", "Arbeidsvaardigheden in de praktijk"),
                    ],
                ),
                F("datum_signalering", "Datum signalering", "date"),
            ],
        ),
        N(
            KT,
            "user",
            "Toestemming geven voor extern onderzoek",
            "klant",
            1,
            form=[
                F("toestemming_onderzoek", "Ik geef toestemming voor onderzoek en gegevensdeling", "boolean"),
                F("opmerkingen_klant", "Opmerkingen", required=False, maxlength=1000),
            ],
        ),
        N(
            GT,
            "xor",
            "Toestemming gegeven?",
            "klant",
            2,
            default="Flow_toestemming_gegeven_naar_diagnose_zonder_extern_onderzoek",
        ),
        N(E0, "end", "Diagnose zonder extern onderzoek voortgezet", "klant", 3),
        N(
            OV,
            "user",
            "Opdracht verstrekken aan diagnose-aanbieder",
            "backoffice",
            3,
            form=[
                F("diagnose_aanbieder", "Aanbieder", maxlength=200),
                F("kosten_diagnose", "Kosten (euro)", "long", min=0, max=5000),
                F("opdrachtdatum", "Opdrachtdatum", "date"),
            ],
        ),
        N(MR, "message", "Diagnoserapport ontvangen", "backoffice", 4, message="diagnoserapport_ontvangen"),
        N(
            RB,
            "user",
            "Rapport met klant bespreken en route bepalen",
            "werkcoach",
            5,
            form=[
                F(
                    "route_na_diagnose",
                    "Route",
                    "enum",
                    values=[
                        ("traject_naar_werk", "Traject naar werk"),
                        ("participatie", "Participatie en activering"),
                        ("ontheffing", "Ontheffing arbeidsverplichtingen voorstellen"),
                    ],
                ),
                F("onderbouwing_route", "Onderbouwing", maxlength=2000),
            ],
        ),
        N(GR, "xor", "Route?", "werkcoach", 6, default="Flow_route_na_diagnose_naar_route_naar_werk"),
        N(EW, "end", "Route naar werk vastgesteld", "werkcoach", 7),
        N(EP, "end", "Route participatie vastgesteld", "klant", 7),
        N(
            OB,
            "user",
            "Ontheffing arbeidsverplichtingen beoordelen",
            "klantmanager",
            7,
            form=[
                F("ontheffing_verleend", "Ontheffing verleend", "boolean"),
                F("duur_ontheffing_maanden", "Duur ontheffing in maanden", "long", min=0, max=24),
                F("motivering_ontheffing", "Motivering", maxlength=2000),
            ],
        ),
        N(EO, "end", "Ontheffing beoordeeld", "klantmanager", 8),
    ],
    flows=[
        L(S, KT),
        L(KT, GT),
        L(GT, OV, "toestemming", "toestemming_onderzoek"),
        L(GT, E0, "geen toestemming"),
        L(OV, MR),
        L(MR, RB),
        L(RB, GR),
        L(GR, EP, "participatie", 'route_na_diagnose == "participatie"'),
        L(GR, OB, "ontheffing", 'route_na_diagnose == "ontheffing"'),
        L(GR, EW, "naar werk"),
        L(OB, EO),
    ],
)
