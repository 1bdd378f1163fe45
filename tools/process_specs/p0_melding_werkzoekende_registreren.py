from common import F, N, L

TARGET = "0-melding-en-poort/melding-werkzoekende-registreren.bpmn"

S = "StartEvent_melding_gedaan"
GK = "Gateway_kanaal_melding"
UW = "Task_melding_werk_nl_doorzetten"
GJ = "Gateway_melding_binnen"
PG = "Task_poortgesprek_voeren"
GR = "Gateway_route_na_poortgesprek"
EV = "EndEvent_doorverwezen_voorliggend"
EJ = "EndEvent_zoektermijn_jongere_gestart"
HW = "Task_huiswerkopdracht_meegeven"
EH = "EndEvent_huiswerk_meegegeven"
BM = "Task_direct_bemiddelen"
GB = "Gateway_bemiddelingsresultaat"
EW = "EndEvent_aan_het_werk"
EA = "EndEvent_bijstand_aanvragen"

spec = dict(
    slug="melding_werkzoekende_registreren",
    process_id="melding_werkzoekende_registreren",
    name="Melding werkzoekende registreren",
    participant="Werkbedrijf",
    fase=0,
    stuurlijn="voorkomen",
    documentation={
        "Doel": "Iedere melding van een werkzoekende die bijstand overweegt vastleggen en in een "
        "poortgesprek meteen de juiste route kiezen: eerst een voorliggende voorziening, de "
        "zoektermijn voor jongeren, of (naar de poortaanpak van de gemeente) direct "
        "bemiddelen naar werk of huiswerk meegeven vóór de aanvraag.",
        "Aanleiding": "De klant meldt zich als werkzoekende, via werk.nl (UWV) of aan het loket "
        "van de gemeente. De datum van de melding is de vroegste ingangsdatum van "
        "de bijstand.",
        "Uitkomsten": "Klant doorverwezen naar een voorliggende voorziening; zoektermijn voor de "
        "jongere gestart; klant direct aan het werk zonder uitkering; klant kan "
        "bijstand aanvragen; klant met huiswerkopdracht uitgenodigd voor de aanvraag. "
        "Route volgt profiel.poortaanpak (zoektermijn met huiswerk of snelle uitstroom).",
        "Wettelijke basis": "Pw art. 41 lid 1 en 2 (melding en aanvraag; melding via UWV of "
        "college); Pw art. 44 lid 1 (ingangsdatum op de dag van de melding); "
        "Pw art. 41 lid 4 (zoektermijn jongeren); Pw art. 15 (voorliggende "
        "voorziening); Pw art. 9 lid 1 (arbeidsverplichtingen).",
    },
    lanes=["klant", "uwv", "klantmanager", ("werkcoach", 2)],
    nodes=[
        N(
            S,
            "start",
            "Melding als werkzoekende gedaan",
            "klant",
            0,
            form=[
                F(
                    "kanaal",
                    "Melding gedaan via",
                    "enum",
                    values=[("werk_nl", "werk.nl (UWV)"), ("loket_gemeente", "Loket gemeente")],
                ),
                F("datum_melding", "Datum melding", "date"),
                F("leeftijd", "Leeftijd", "long", min=18, max=67),
            ],
        ),
        N(GK, "xor", "Melding via werk.nl?", "klant", 1, default="Flow_kanaal_melding_naar_melding_binnen"),
        N(
            UW,
            "user",
            "Inschrijving werk.nl controleren en melding doorzetten",
            "uwv",
            2,
            form=[
                F("inschrijving_werkzoekende_compleet", "Inschrijving als werkzoekende compleet", "boolean"),
                F("datum_doorgezet", "Datum doorgezet naar gemeente", "date"),
            ],
        ),
        N(GJ, "xor", "Melding binnen", "klantmanager", 3),
        N(
            PG,
            "user",
            "Melding registreren en poortgesprek voeren",
            "klantmanager",
            4,
            form=[
                F("datum_poortgesprek", "Datum poortgesprek", "date"),
                F(
                    "route",
                    "Route",
                    "enum",
                    values=[
                        ("bijstand_aanvragen", "Richting aanvraag levensonderhoud"),
                        ("voorliggende_voorziening", "Eerst voorliggende voorziening"),
                    ],
                ),
                F("toelichting_route", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            GR,
            "xor",
            "Welke route?",
            "klantmanager",
            5,
            default="Flow_route_na_poortgesprek_naar_huiswerkopdracht_meegeven",
        ),
        N(EV, "end", "Doorverwezen naar voorliggende voorziening", "klantmanager", 7),
        N(EJ, "end", "Zoektermijn jongere gestart", "klant", 7),
        N(
            HW,
            "user",
            "Huiswerkopdracht meegeven",
            "werkcoach",
            6,
            form=[
                F("huiswerkopdracht", "Huiswerkopdracht", maxlength=1000),
                F("inleverdatum_huiswerk", "Inleveren vóór", "date"),
            ],
        ),
        N(EH, "end", "Met huiswerk uitgenodigd voor aanvraag", "werkcoach", 7),
        N(
            BM,
            "user",
            "Direct bemiddelen naar werk",
            "werkcoach",
            6,
            row=1,
            form=[
                F(
                    "bemiddelingsresultaat",
                    "Resultaat bemiddeling",
                    "enum",
                    values=[("aan_het_werk", "Aan het werk"), ("geen_passend_werk", "Geen passend werk")],
                ),
                F("vacature", "Vacature of werkgever", required=False, maxlength=200),
            ],
        ),
        N(
            GB,
            "xor",
            "Aan het werk?",
            "werkcoach",
            7,
            row=1,
            default="Flow_bemiddelingsresultaat_naar_bijstand_aanvragen",
        ),
        N(EW, "end", "Aan het werk zonder uitkering", "werkcoach", 8, row=1),
        N(EA, "end", "Klant kan bijstand aanvragen", "werkcoach", 8),
    ],
    flows=[
        L(S, GK),
        L(GK, UW, "werk.nl", 'kanaal == "werk_nl"'),
        L(GK, GJ, "loket"),
        L(UW, GJ),
        L(GJ, PG),
        L(PG, GR),
        L(GR, EV, "voorliggende voorziening", 'route == "voorliggende_voorziening"'),
        L(GR, EJ, "jonger dan 27", 'route == "bijstand_aanvragen" and leeftijd < 27'),
        L(
            GR,
            BM,
            "snelle uitstroom",
            'route == "bijstand_aanvragen" and leeftijd >= 27 and profiel.poortaanpak == "snelle_uitstroom"',
        ),
        L(GR, HW, "zoektermijn met huiswerk"),
        L(HW, EH),
        L(BM, GB),
        L(GB, EW, "aan het werk", 'bemiddelingsresultaat == "aan_het_werk"'),
        L(GB, EA, "geen passend werk"),
    ],
)
