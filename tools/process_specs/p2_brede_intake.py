from common import F, N, L

TARGET = "2-intake-diagnose-en-plan/brede-intake.bpmn"

S = "StartEvent_uitgenodigd_voor_intake"
VL = "Task_vragenlijst_invullen"
IG = "Task_brede_intake_voeren"
GV = "Gateway_klant_verschenen"
ENV = "EndEvent_intake_niet_doorgegaan"
PS = "Gateway_verkenning_splitsen"
AM = "Task_arbeidsmarktpositie_verkennen"
FI = "Task_financiele_situatie_verkennen"
PJ = "Gateway_verkenning_samenvoegen"
CO = "Task_vervolg_bepalen_casuistiekoverleg"
GR = "Gateway_vervolg"
EB = "EndEvent_direct_bemiddelbaar"
ED = "EndEvent_door_naar_diagnose"
EV = "EndEvent_doorverwezen_voorliggend"

spec = dict(
    slug="brede_intake",
    process_id="brede_intake",
    name="Brede intake",
    participant="Werkbedrijf",
    fase=2,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "In één intake een breed beeld krijgen van de klant op alle leefgebieden (werk, "
        "opleiding, gezondheid, financiën en schulden, zorgtaken) zodat de klant meteen "
        "de juiste vervolgroute krijgt. Werkcoach en inkomensconsulent verkennen tegelijk, "
        "de klantmanager bepaalt het vervolg in een casuïstiekoverleg.",
        "Aanleiding": "De klant is ingestroomd (bijstand aangevraagd of toegekend) en is "
        "uitgenodigd voor de brede intake; vooraf vult hij een vragenlijst in.",
        "Uitkomsten": "Klant direct bemiddelbaar (door naar werkgeversdienstverlening); klant door "
        "naar diagnose en plan van aanpak; klant eerst doorverwezen naar een "
        "voorliggende voorziening (schuldhulp, wijkteam, zorg); of intake niet "
        "doorgegaan omdat de klant niet verscheen (schending medewerkingsplicht, "
        "input voor een maatregel).",
        "Wettelijke basis": "Pw art. 7 lid 1 onder b (ondersteuning bij arbeidsinschakeling); "
        "Pw art. 44a (onderzoek mogelijkheden, plan van aanpak); Pw art. 17 "
        "lid 1 en 2 (inlichtingen- en medewerkingsplicht); Pw art. 18 lid 2 "
        "(maatregel); Wet gemeentelijke schuldhulpverlening art. 3 en Wmo 2015 "
        "(voorliggende ondersteuning).",
    },
    lanes=["klant", "werkcoach", ("klantmanager", 2), "inkomensconsulent"],
    nodes=[
        N(
            S,
            "start",
            "Uitgenodigd voor brede intake",
            "klant",
            0,
            form=[
                F("datum_uitnodiging", "Datum uitnodiging", "date"),
                F("datum_intakegesprek", "Datum intakegesprek", "date"),
            ],
        ),
        N(
            VL,
            "user",
            "Vragenlijst brede intake invullen",
            "klant",
            1,
            form=[
                F("werkervaring_jaren", "Jaren werkervaring", "long", min=0, max=50),
                F("gezondheidsbeperkingen", "Gezondheidsklachten die werk beperken", "boolean"),
                F("schulden", "Betalingsachterstanden of schulden", "boolean"),
                F("zorgtaken", "Zorg voor kinderen of naasten", "boolean"),
            ],
        ),
        N(
            IG,
            "user",
            "Brede intake voeren",
            "klantmanager",
            2,
            form=[
                F("klant_verschenen", "Klant verschenen", "boolean"),
                F("verslag_intake", "Verslag intake", required=False, maxlength=2000),
            ],
        ),
        N(
            GV,
            "xor",
            "Klant verschenen?",
            "klantmanager",
            3,
            default="Flow_klant_verschenen_naar_intake_niet_doorgegaan",
        ),
        N(ENV, "end", "Intake niet doorgegaan, verzuim vastgelegd", "klant", 4),
        N(PS, "and", "Verkenning starten", "klantmanager", 4),
        N(
            AM,
            "user",
            "Arbeidsmarktpositie verkennen",
            "werkcoach",
            5,
            form=[
                F(
                    "opleidingsniveau",
                    "Opleidingsniveau",
                    "enum",
                    values=[
                        ("geen_startkwalificatie", "Geen startkwalificatie"),
                        ("mbo", "Mbo 2 of hoger"),
                        ("hbo_wo", "Hbo of wo"),
                    ],
                ),
                F(
                    "afstand_arbeidsmarkt",
                    "Afstand tot de arbeidsmarkt",
                    "enum",
                    values=[("klein", "Klein"), ("middel", "Middel"), ("groot", "Groot")],
                ),
                F("beroepswens", "Beroepswens", required=False, maxlength=200),
            ],
        ),
        N(
            FI,
            "user",
            "Financiële situatie en schulden verkennen",
            "inkomensconsulent",
            5,
            form=[
                F("problematische_schulden", "Problematische schulden", "boolean"),
                F("vaste_lasten_betaald", "Vaste lasten worden betaald", "boolean"),
                F("toelichting_financien", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(PJ, "and", "Verkenning afgerond", "klantmanager", 6),
        N(
            CO,
            "user",
            "Vervolg bepalen in casuïstiekoverleg",
            "klantmanager",
            7,
            form=[
                F(
                    "vervolg",
                    "Vervolg",
                    "enum",
                    values=[
                        ("bemiddelen", "Direct bemiddelen naar werk"),
                        ("diagnose", "Diagnose en plan van aanpak"),
                        ("voorliggende_voorziening", "Eerst schuldhulp, wijkteam of zorg"),
                    ],
                ),
                F("motivering_vervolg", "Motivering", maxlength=2000),
            ],
        ),
        N(GR, "xor", "Vervolg?", "klantmanager", 8, default="Flow_vervolg_naar_door_naar_diagnose"),
        N(EV, "end", "Klant doorverwezen naar schuldhulp, wijkteam of zorg", "klantmanager", 9),
        N(EB, "end", "Klant direct bemiddelbaar naar werk", "klantmanager", 9, row=1),
        N(ED, "end", "Klant door naar diagnose en plan van aanpak", "werkcoach", 9),
    ],
    flows=[
        L(S, VL),
        L(VL, IG),
        L(IG, GV),
        L(GV, PS, "verschenen", "klant_verschenen == True"),
        L(GV, ENV, "niet verschenen"),
        L(PS, AM),
        L(PS, FI),
        L(AM, PJ),
        L(FI, PJ),
        L(PJ, CO),
        L(CO, GR),
        L(GR, EB, "direct bemiddelen", 'vervolg == "bemiddelen"'),
        L(GR, EV, "voorliggende voorziening", 'vervolg == "voorliggende_voorziening"'),
        L(GR, ED, "diagnose"),
    ],
)
