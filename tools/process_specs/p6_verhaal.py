from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/verhaal-op-onderhoudsplichtigen.bpmn"

S = "StartEvent_bijstand_zonder_alimentatie"
K = "Task_gegevens_onderhoudsplichtige_verstrekken"
T1 = "Task_verhaalsmogelijkheden_onderzoeken"
G1 = "Gateway_verhalen"
EA = "EndEvent_afgezien_van_verhaal"
J = "Task_verhaal_voorbereiden"
G2 = "Gateway_titel_aanwezig"
J2 = "Task_verzoekschrift_rechtbank_indienen"
MSG = "Event_beschikking_rechtbank_ontvangen"
M = "Gateway_verhaalsbedrag_vast"
BO = "Task_verhaalsbedrag_innen"
EV = "EndEvent_kosten_verhaald"

spec = dict(
    slug="verhaal_op_onderhoudsplichtigen",
    process_id="verhaal_op_onderhoudsplichtigen",
    name="Verhaal op onderhoudsplichtigen",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "De kosten van bijstand verhalen op degene die jegens de klant of zijn kinderen "
        "onderhoudsplichtig is, zodat de onderhoudsplicht voorgaat op de bijstand.",
        "Aanleiding": "De klant ontvangt bijstand terwijl een (gewezen) echtgenoot of een ouder "
        "van de kinderen onderhoudsplichtig is en geen of te weinig alimentatie betaalt.",
        "Uitkomsten": "Kosten verhaald op de onderhoudsplichtige (met instemming, op basis van een "
        "bestaande alimentatietitel of na een beschikking van de rechtbank); of "
        "afgezien van verhaal (geen draagkracht of dringende redenen, zoals "
        "huiselijk geweld).",
        "Wettelijke basis": "Pw art. 62 e.v. (verhaal op onderhoudsplichtigen, vaststelling via "
        "de rechter); Pw art. 55 (verplichting van de klant om aanspraken te "
        "gelde te maken); BW art. 1:157, 1:392 en 1:404 (onderhoudsplicht); "
        "Tremanormen (draagkracht); gemeentelijke beleidsregels verhaal.",
    },
    lanes=["klant", "inkomensconsulent", ("jurist", 2), "backoffice"],
    messages=["beschikking_rechtbank"],
    nodes=[
        N(
            S,
            "start",
            "Bijstand ontvangen zonder (volledige) alimentatie",
            "klant",
            0,
            form=[
                F(
                    "onderhoudsplichtige",
                    "Onderhoudsplichtige",
                    "enum",
                    values=[
                        ("ex_partner", "Gewezen echtgenoot of partner"),
                        ("ouder_kind", "Ouder van de kinderen"),
                    ],
                ),
                F(
                    "alimentatietitel_aanwezig",
                    "Alimentatie al door rechter of convenant vastgelegd",
                    "boolean",
                ),
                F("ingangsdatum_bijstand", "Ingangsdatum bijstand", "date"),
            ],
        ),
        N(
            K,
            "user",
            "Gegevens onderhoudsplichtige verstrekken",
            "klant",
            1,
            form=[
                F("naam_onderhoudsplichtige", "Naam onderhoudsplichtige", maxlength=200),
                F("adres_bekend", "Adres onderhoudsplichtige bekend", "boolean"),
                F(
                    "omstandigheden_klant",
                    "Omstandigheden (bijv. huiselijk geweld)",
                    required=False,
                    maxlength=1000,
                ),
            ],
        ),
        N(
            T1,
            "user",
            "Verhaalsmogelijkheden onderzoeken",
            "inkomensconsulent",
            2,
            form=[
                F("draagkracht_aanwezig", "Onderhoudsplichtige heeft draagkracht", "boolean"),
                F("dringende_redenen_afzien", "Dringende redenen om af te zien van verhaal", "boolean"),
                F("geschatte_bijdrage", "Geschatte bijdrage per maand (euro)", "long", min=0, max=5000),
            ],
        ),
        N(G1, "xor", "Verhalen?", "inkomensconsulent", 3, default="Flow_verhalen_naar_afgezien_van_verhaal"),
        N(EA, "end", "Afgezien van verhaal", "inkomensconsulent", 4),
        N(
            J,
            "user",
            "Verhaal voorbereiden en onderhoudsplichtige aanschrijven",
            "jurist",
            4,
            form=[
                F("verhaalsbedrag_per_maand", "Verhaalsbedrag per maand (euro)", "long", min=1, max=5000),
                F("onderhoudsplichtige_akkoord", "Onderhoudsplichtige stemt in", "boolean"),
            ],
        ),
        N(
            G2,
            "xor",
            "Instemming of titel aanwezig?",
            "jurist",
            5,
            default="Flow_titel_aanwezig_naar_verzoekschrift_rechtbank_indienen",
        ),
        N(
            J2,
            "user",
            "Verzoekschrift bij de rechtbank indienen",
            "jurist",
            6,
            row=1,
            form=[
                F("datum_verzoekschrift", "Datum verzoekschrift", "date"),
                F("gevraagd_bedrag", "Gevraagde bijdrage per maand (euro)", "long", min=1, max=5000),
            ],
        ),
        N(
            MSG,
            "message",
            "Beschikking rechtbank ontvangen",
            "jurist",
            7,
            row=1,
            message="beschikking_rechtbank",
        ),
        N(M, "xor", "Verhaalsbedrag vastgesteld", "jurist", 8),
        N(
            BO,
            "user",
            "Verhaalsbedrag innen",
            "backoffice",
            9,
            form=[
                F("maandbedrag_verhaal", "Te innen bedrag per maand (euro)", "long", min=0, max=5000),
                F(
                    "inningswijze",
                    "Inningswijze",
                    "enum",
                    values=[
                        ("vrijwillig", "Vrijwillige betaling"),
                        ("loonbeslag", "Loonbeslag"),
                        ("lbio", "Via LBIO"),
                    ],
                ),
            ],
        ),
        N(EV, "end", "Kosten verhaald op onderhoudsplichtige", "backoffice", 10),
    ],
    flows=[
        L(S, K),
        L(K, T1),
        L(T1, G1),
        L(G1, J, "verhalen", "draagkracht_aanwezig and not dringende_redenen_afzien"),
        L(G1, EA, "afzien"),
        L(J, G2),
        L(G2, M, "instemming of titel", "onderhoudsplichtige_akkoord or alimentatietitel_aanwezig"),
        L(G2, J2, "naar de rechter"),
        L(J2, MSG),
        L(MSG, M),
        L(M, BO),
        L(BO, EV),
    ],
)
