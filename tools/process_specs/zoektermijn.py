from common import F, N, L

TARGET = "0-melding-en-poort/zoektermijn-jongeren-bewaken.bpmn"

S = "StartEvent_melding_gedaan"
ZO = "Task_zoekopdracht_meegeven"
T4 = "Timer_zoektermijn"
ZR = "Task_zoekresultaten_doorgeven"
GZ = "Gateway_werk_of_opleiding_gevonden"
EW = "EndEvent_jongere_werkt_of_leert"
BE = "Task_zoekinspanning_beoordelen"
GB = "Gateway_uitkomst_beoordeling"
EO = "EndEvent_verwezen_naar_onderwijs"
EA = "EndEvent_bijstand_aanvragen"
EN = "EndEvent_onvoldoende_zoekinspanning"

spec = dict(
    slug="zoektermijn_jongeren_bewaken",
    process_id="zoektermijn_jongeren_bewaken",
    name="Zoektermijn jongeren onder 27 bewaken",
    participant="Werkbedrijf",
    fase=0,
    stuurlijn="voorkomen",
    documentation={
        "Doel": "Jongeren onder de 27 eerst zelf laten zoeken naar werk of onderwijs, zodat "
        "bijstand alleen nodig is als dat niet lukt (instroom beperken).",
        "Aanleiding": "Een jongere (18 tot 27 jaar) heeft zich gemeld als werkzoekende met het "
        "oog op bijstand; de aanvraag kan pas 4 weken na de melding worden ingediend.",
        "Uitkomsten": "Jongere gaat werken of leren; jongere verwezen naar onderwijs met "
        "studiefinanciering; jongere kan bijstand aanvragen; onvoldoende "
        "zoekinspanning vastgelegd als input voor de behandeling van de aanvraag.",
        "Wettelijke basis": "Pw art. 41 lid 4 (zoektermijn 4 weken); Pw art. 13 lid 2 onder c "
        "(onderwijs met studiefinanciering); Pw art. 9 lid 1 (arbeidsverplichtingen).",
    },
    lanes=["klant", "werkcoach", ("klantmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "Melding werkzoekende gedaan",
            "klant",
            0,
            form=[
                F("datum_melding", "Datum melding", "date"),
                F("leeftijd", "Leeftijd", "long", min=18, max=26),
            ],
        ),
        N(
            ZO,
            "user",
            "Zoekopdracht meegeven",
            "werkcoach",
            1,
            form=[
                F("zoekopdracht", "Zoekopdracht", maxlength=1000),
                F("sollicitaties_per_week", "Sollicitaties per week", "long", min=1, max=10),
                F("onderwijs_onderzoeken", "Onderwijsmogelijkheden laten onderzoeken", "boolean"),
            ],
        ),
        N(T4, "timer", "Zoektermijn van 4 weken verstreken", "klant", 2, duration="P4W"),
        N(
            ZR,
            "user",
            "Zoekresultaten doorgeven",
            "klant",
            3,
            form=[
                F(
                    "zoekresultaat",
                    "Resultaat van het zoeken",
                    "enum",
                    values=[
                        ("werk_gevonden", "Werk gevonden"),
                        ("opleiding_gevonden", "Opleiding gevonden"),
                        ("niets_gevonden", "Geen werk of opleiding gevonden"),
                    ],
                ),
                F("sollicitaties_gedaan", "Aantal sollicitaties", "long", min=0),
                F("toelichting_zoekresultaat", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            GZ,
            "xor",
            "Werk of opleiding gevonden?",
            "klant",
            4,
            default="Flow_werk_of_opleiding_gevonden_naar_zoekinspanning_beoordelen",
        ),
        N(EW, "end", "Jongere gaat werken of leren", "klant", 5),
        N(
            BE,
            "user",
            "Zoekinspanning en onderwijsmogelijkheden beoordelen",
            "klantmanager",
            5,
            form=[
                F("zoekinspanning_voldoende", "Zoekinspanning voldoende", "boolean"),
                F("onderwijs_met_studiefinanciering", "Onderwijs met studiefinanciering mogelijk", "boolean"),
                F("motivering_beoordeling", "Motivering", maxlength=2000),
            ],
        ),
        N(
            GB,
            "xor",
            "Uitkomst beoordeling?",
            "klantmanager",
            6,
            default="Flow_uitkomst_beoordeling_naar_onvoldoende_zoekinspanning",
        ),
        N(EO, "end", "Jongere verwezen naar onderwijs", "werkcoach", 8),
        N(EA, "end", "Jongere kan bijstand aanvragen", "klantmanager", 8),
        N(EN, "end", "Onvoldoende zoekinspanning vastgelegd", "klantmanager", 8, row=1),
    ],
    flows=[
        L(S, ZO),
        L(ZO, T4),
        L(T4, ZR),
        L(ZR, GZ),
        L(
            GZ,
            EW,
            "werk of opleiding",
            'zoekresultaat == "werk_gevonden" or zoekresultaat == "opleiding_gevonden"',
        ),
        L(GZ, BE, "niets gevonden"),
        L(BE, GB),
        L(GB, EO, "onderwijs mogelijk", "onderwijs_met_studiefinanciering == True"),
        L(
            GB,
            EA,
            "voldoende gezocht",
            "onderwijs_met_studiefinanciering == False and zoekinspanning_voldoende == True",
        ),
        L(GB, EN, "onvoldoende gezocht"),
    ],
)
