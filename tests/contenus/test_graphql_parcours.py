"""`parcours` and `calendrier` through the real /graphql/ view, on every stage boundary."""

from datetime import date, timedelta

import pytest

from contenus.models import Etape, Evenement

TERME = date(2027, 5, 14)
NAISSANCE = date(2026, 3, 10)

# (situation, reference, offset of "aujourdhui", expected stage slug, next stage slug)
BORNES = [
    ("GROSSESSE", TERME, -287, "debut-de-grossesse", "suite-et-fin-de-grossesse"),
    ("GROSSESSE", TERME, -176, "debut-de-grossesse", "suite-et-fin-de-grossesse"),
    ("GROSSESSE", TERME, -175, "suite-et-fin-de-grossesse", "accouchement"),
    ("GROSSESSE", TERME, -15, "suite-et-fin-de-grossesse", "accouchement"),
    ("GROSSESSE", TERME, -14, "accouchement", "les-3-premiers-mois"),
    ("GROSSESSE", TERME, 0, "accouchement", "les-3-premiers-mois"),
    ("ENFANT", NAISSANCE, 0, "accouchement", "les-3-premiers-mois"),
    ("ENFANT", NAISSANCE, 6, "accouchement", "les-3-premiers-mois"),
    ("ENFANT", NAISSANCE, 7, "les-3-premiers-mois", "de-4-mois-a-1-an"),
    ("ENFANT", NAISSANCE, 90, "les-3-premiers-mois", "de-4-mois-a-1-an"),
    ("ENFANT", NAISSANCE, 91, "de-4-mois-a-1-an", "de-1-an-a-2-ans"),
    ("ENFANT", NAISSANCE, 364, "de-4-mois-a-1-an", "de-1-an-a-2-ans"),
    ("ENFANT", NAISSANCE, 365, "de-1-an-a-2-ans", None),
    ("ENFANT", NAISSANCE, 729, "de-1-an-a-2-ans", None),
]

# First and last day of each dated stage, as days from the reference date.
PLAGES = {
    "debut-de-grossesse": (-287, -176),
    "suite-et-fin-de-grossesse": (-175, -15),
    "accouchement": (-14, 6),
    "les-3-premiers-mois": (7, 90),
    "de-4-mois-a-1-an": (91, 364),
    "de-1-an-a-2-ans": (365, 729),
}


@pytest.mark.parametrize(("situation", "ref", "ecart", "etape", "suivante"), BORNES)
def test_parcours_on_every_boundary(gql, reference, situation, ref, ecart, etape, suivante):
    jour = ref + timedelta(days=ecart)
    data = gql.operation(
        "Parcours", {"situation": situation, "date": ref.isoformat(), "aujourdhui": jour.isoformat()}
    )
    assert "errors" not in data, data
    resultat = data["data"]["parcours"]
    assert resultat["situation"] == situation
    assert resultat["etape"]["slug"] == etape
    assert (resultat["etapeSuivante"] or {}).get("slug") == suivante
    premier, dernier = PLAGES[etape]
    assert resultat["debutEtape"] == (ref + timedelta(days=premier)).isoformat()
    if etape == "de-1-an-a-2-ans":  # ends the day before the 2nd birthday (29 February 2028 inside)
        assert resultat["finEtape"] == "2028-03-09" == (ref + timedelta(days=dernier + 1)).isoformat()
    else:
        assert resultat["finEtape"] == (ref + timedelta(days=dernier)).isoformat()
    if situation == "GROSSESSE":
        assert resultat["semaineAmenorrhee"] == (287 + ecart) // 7
        assert resultat["ageEnJours"] is None
    else:
        assert resultat["ageEnJours"] == ecart
        assert resultat["semaineAmenorrhee"] is None
    # upcoming appointments: within 90 days, not over, in date order
    dates = [r["date"] for r in resultat["rendezVous"]]
    assert dates == sorted(dates)
    for rdv in resultat["rendezVous"]:
        assert rdv["date"] <= (jour + timedelta(days=90)).isoformat()
        assert (rdv["dateFin"] or rdv["date"]) >= jour.isoformat()
        assert rdv["estimee"] is (situation == "GROSSESSE")


@pytest.mark.parametrize(
    ("situation", "slug"), [("PROJET", "projet-de-parentalite"), ("CONCEPTION", "conception")]
)
def test_parcours_without_date(gql, reference, situation, slug):
    data = gql.operation("Parcours", {"situation": situation})
    resultat = data["data"]["parcours"]
    assert resultat["etape"]["slug"] == slug
    assert resultat["debutEtape"] is None and resultat["finEtape"] is None
    assert resultat["rendezVous"] == []


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"situation": "ENFANT", "date": "2027-02-30"}, "DATE_INVALIDE"),
        ({"situation": "ENFANT", "date": "2026-03-10", "aujourdhui": "2026-13-01"}, "DATE_INVALIDE"),
        ({"situation": "ENFANT", "date": "10/03/2026"}, "DATE_INVALIDE"),
        ({"situation": "ENFANT", "date": "2026-03-11", "aujourdhui": "2026-03-10"}, "DATE_INVALIDE"),
        ({"situation": "GROSSESSE", "date": "2027-05-14", "aujourdhui": "2026-07-30"}, "DATE_INVALIDE"),
        ({"situation": "GROSSESSE"}, "DATE_INVALIDE"),
        ({"situation": "ENFANT", "date": "2024-03-10", "aujourdhui": "2026-03-10"}, "HORS_PARCOURS"),
    ],
)
def test_parcours_bad_dates_are_coded_errors(gql, reference, variables, code):
    data = gql.operation("Parcours", variables)
    assert data.get("data") is None or data["data"].get("parcours") is None
    assert [e["extensions"]["code"] for e in data["errors"]] == [code]
    assert "Erreur interne" not in data["errors"][0]["message"]


def test_impossible_date_literal_in_the_query_is_coded(gql, reference):
    data = gql.execute('{ parcours(situation: ENFANT, date: "2027-02-30") { etape { slug } } }')
    assert [e["extensions"]["code"] for e in data["errors"]] == ["DATE_INVALIDE"]
    data = gql.execute("{ parcours(situation: ENFANT, date: 20270230) { etape { slug } } }")
    assert [e["extensions"]["code"] for e in data["errors"]] == ["DATE_INVALIDE"]


def test_today_defaults_to_paris_date(gql, reference, monkeypatch):
    from contenus import parcours

    monkeypatch.setattr(parcours, "aujourdhui", lambda maintenant=None: date(2026, 3, 17))
    data = gql.operation("Parcours", {"situation": "ENFANT", "date": "2026-03-10"})
    assert data["data"]["parcours"]["ageEnJours"] == 7


def test_parcours_lists_the_stage_articles_and_measures(gql, reference):
    data = gql.operation(
        "Parcours", {"situation": "GROSSESSE", "date": "2027-05-14", "aujourdhui": "2026-12-01"}
    )
    resultat = data["data"]["parcours"]
    assert resultat["etape"]["slug"] == "suite-et-fin-de-grossesse"
    slugs = {e["node"]["slug"] for e in resultat["articles"]["edges"]}
    assert "entretien-prenatal-precoce" in slugs
    assert "baby-blues-ou-depression" not in slugs
    assert resultat["articles"]["totalCount"] == len(slugs)
    assert "entretien-prenatal-precoce-systematique" in {m["slug"] for m in resultat["mesures"]}
    # 2026-12-01 is 164 days before term (18 SA): the prenatal interview, advised before the end of
    # 15 SA, is still possible (« jamais trop tard »): its window runs from the declaration to term
    assert "entretien-prenatal-precoce" in {r["evenement"]["slug"] for r in resultat["rendezVous"]}


def _calendrier(gql, situation, reference, **autres):
    data = gql.operation("Calendrier", {"situation": situation, "date": reference.isoformat(), **autres})
    assert "errors" not in data, data
    return data["data"]["calendrier"]


def test_calendrier_grossesse_holds_every_reference_appointment(gql, reference):
    rdv = _calendrier(gql, "GROSSESSE", TERME, aujourdhui="2026-09-01")
    par_slug = {r["evenement"]["slug"]: r for r in rdv}
    # one row per event, in date order, all estimated from the due date
    assert len(par_slug) == len(rdv)
    assert [r["date"] for r in rdv] == sorted(r["date"] for r in rdv)
    assert all(r["estimee"] for r in rdv)
    for prenatal in range(1, 8):
        assert f"examen-prenatal-{prenatal}" in par_slug
    # 1st ultrasound: 11 SA to 13 SA + 6 days
    assert par_slug["echographie-1"]["date"] == (TERME - timedelta(days=287 - 77)).isoformat()
    assert par_slug["echographie-1"]["dateFin"] == (TERME - timedelta(days=287 - 97)).isoformat()
    # birth declaration: within the 5 days after the (estimated) birth, the birth day not counted
    assert par_slug["declaration-de-naissance"]["date"] == TERME.isoformat()
    assert par_slug["declaration-de-naissance"]["dateFin"] == (TERME + timedelta(days=5)).isoformat()


def test_calendrier_enfant_drops_pregnancy_and_keeps_child_exams(gql, reference):
    rdv = _calendrier(gql, "ENFANT", NAISSANCE, aujourdhui="2026-03-10")
    slugs = [r["evenement"]["slug"] for r in rdv]
    assert "echographie-1" not in slugs and "examen-prenatal-7" not in slugs
    assert "conge-maternite" in slugs  # still running after birth
    for examen in [
        "8-jours",
        "2-semaines",
        "2-mois",
        "3-mois",
        "4-mois",
        "5-mois",
        "6-mois",
        "9-mois",
        "12-mois",
        "13-mois",
        "16-18-mois",
        "24-mois",
    ]:
        assert f"examen-enfant-{examen}" in slugs
    for vaccin in [
        "vaccins-2-mois",
        "vaccin-menb-3-mois",
        "vaccins-4-mois",
        "vaccin-menb-5-mois",
        "vaccin-menacwy-6-mois",
        "vaccins-11-mois",
        "vaccins-12-mois",
        "vaccin-ror-2",
    ]:
        assert vaccin in slugs
    assert "examen-enfant-1-mois" not in slugs  # abolished on 1 January 2025
    assert not any(r["estimee"] for r in rdv)
    premier = next(r for r in rdv if r["evenement"]["slug"] == "examen-enfant-8-jours")
    assert premier["date"] == "2026-03-10" and premier["dateFin"] == "2026-03-17"


def test_calendrier_essentiels_only(gql, reference):
    tous = _calendrier(gql, "ENFANT", NAISSANCE, aujourdhui="2026-03-10")
    essentiels = _calendrier(gql, "ENFANT", NAISSANCE, essentiels=True, aujourdhui="2026-03-10")
    assert 0 < len(essentiels) < len(tous)
    assert all(r["evenement"]["essentiel"] for r in essentiels)


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"situation": "ENFANT", "date": "2026-02-30"}, "DATE_INVALIDE"),
        ({"situation": "ENFANT", "date": "2026-03-10", "aujourdhui": "2026-03-09"}, "DATE_INVALIDE"),
        ({"situation": "PROJET", "date": "2026-03-10"}, "DATE_INVALIDE"),
        ({"situation": "ENFANT", "date": "2020-01-01", "aujourdhui": "2026-03-09"}, "HORS_PARCOURS"),
    ],
)
def test_calendrier_bad_input(gql, reference, variables, code):
    data = gql.operation("Calendrier", variables)
    assert [e["extensions"]["code"] for e in data["errors"]] == [code]


def test_parcours_and_calendrier_cost_bounded_queries(
    gql, reference, settings, django_assert_max_num_queries, django_assert_num_queries
):
    settings.GRAPHQL_CACHE_SECONDS = 0  # count SQL, not the response cache
    variables = {"situation": "ENFANT", "date": "2026-03-10", "aujourdhui": "2026-05-01"}
    # after a change: the stage's data is read once, fully (stages; events with their themes;
    # measures with theirs; the first page of articles by index, then their representations:
    # articles, stage and theme links, themes, partners, syndication settings, and Wagtail's
    # site root paths for their URLs — contenus.representations), whatever the page's length
    with django_assert_max_num_queries(14):
        data = gql.operation("Parcours", {**variables, "jours": 400})
    assert len(data["data"]["parcours"]["rendezVous"]) > 20
    # then each process keeps it until the content changes: another parent of the same stage
    # costs no query at all, the response cache being off
    with django_assert_num_queries(0):
        data = gql.operation("Parcours", {**variables, "date": "2026-03-12", "jours": 400})
    assert data["data"]["parcours"]["ageEnJours"] == 50
    with django_assert_num_queries(0):  # the same events, read once for both
        data = gql.operation("Calendrier", variables)
    assert len(data["data"]["calendrier"]) > 25
    with django_assert_num_queries(0):
        data = gql.operation("Calendrier", {**variables, "date": "2026-03-12"})
    assert len(data["data"]["calendrier"]) > 25


def test_parcours_follows_each_publication_at_once(gql, reference, settings):
    from tests.support.factories import article

    settings.GRAPHQL_CACHE_SECONDS = 0  # the stage data memo alone
    variables = {"situation": "ENFANT", "date": "2026-03-10", "aujourdhui": "2026-04-01"}

    def slugs():
        resultat = gql.operation("Parcours", variables)["data"]["parcours"]
        return {e["node"]["slug"] for e in resultat["articles"]["edges"]}, resultat["articles"]["totalCount"]

    avant, total = slugs()
    nouveau = article("nouvel-article-du-stade", etapes=[Etape.objects.get(slug="les-3-premiers-mois")])
    apres, total_apres = slugs()
    assert apres == avant | {"nouvel-article-du-stade"} and total_apres == total + 1
    nouveau.unpublish()
    assert slugs() == (avant, total)
    evenement = Evenement.objects.get(slug="examen-enfant-8-jours")
    rdv = gql.operation("Parcours", {**variables, "aujourdhui": "2026-03-11"})["data"]["parcours"][
        "rendezVous"
    ]
    assert "examen-enfant-8-jours" in {r["evenement"]["slug"] for r in rdv}
    evenement.unpublish()
    rdv = gql.operation("Parcours", {**variables, "aujourdhui": "2026-03-11"})["data"]["parcours"][
        "rendezVous"
    ]
    assert "examen-enfant-8-jours" not in {r["evenement"]["slug"] for r in rdv}


@pytest.mark.parametrize("page", ["first: 50", 'first: 2, after: "b2Zmc2V0OjA="'])
def test_only_first_pages_of_the_default_size_are_kept(gql, reference, settings, page):
    """A client choosing its page sizes and cursors must not fill each process's memory: those
    pages are read from the database every time (the first page of 20 or fewer is kept)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.GRAPHQL_CACHE_SECONDS = 0
    parcours = '{ parcours(situation: ENFANT, date: "2026-03-10", aujourdhui: "2026-04-01") '
    requete = parcours + "{ articles(" + page + ") { totalCount edges { node { slug } } } } }"
    gql.execute(requete)
    with CaptureQueriesContext(connection) as requetes:
        data = gql.execute(requete)
    assert "errors" not in data and len(requetes) >= 1
    defaut = requete.replace(page, "first: 20")
    with CaptureQueriesContext(connection) as premiere:
        gql.execute(defaut)
    with CaptureQueriesContext(connection) as seconde:
        gql.execute(defaut)
    assert len(premiere) >= 1 and len(seconde) == 0  # the default page: read once, then kept


# Issue #15: a past due date, the « bébé né » switch, several children, the second birthday.
REGLES = [
    # (variables, expected stage, termeDepasse, last day of the stage)
    (
        {"situation": "GROSSESSE", "date": "2027-05-14", "aujourdhui": "2027-05-13"},
        "accouchement",
        False,
        None,
    ),
    (
        {"situation": "GROSSESSE", "date": "2027-05-14", "aujourdhui": "2027-05-21"},
        "accouchement",
        True,
        None,
    ),
    (
        {"situation": "GROSSESSE", "date": "2027-05-14", "aujourdhui": "2027-07-01"},
        "accouchement",
        True,
        None,
    ),
    # « bébé né »: the same parent gives the birth date
    (
        {"situation": "ENFANT", "date": "2027-05-16", "aujourdhui": "2027-07-01"},
        "les-3-premiers-mois",
        None,
        None,
    ),
    # several children: the last one's birth date
    (
        {"situation": "ENFANT", "naissances": ["2021-04-02", "2026-11-20"], "aujourdhui": "2026-12-03"},
        "les-3-premiers-mois",  # the last child is 13 days old
        None,
        None,
    ),
    # the 2-year end is the second birthday: 730 days after a birth whose two years hold 29 February
    (
        {"situation": "ENFANT", "date": "2027-06-01", "aujourdhui": "2029-05-31"},
        "de-1-an-a-2-ans",
        None,
        "2029-05-31",
    ),
    (
        {"situation": "ENFANT", "date": "2025-03-10", "aujourdhui": "2026-12-03"},
        "de-1-an-a-2-ans",
        None,
        "2027-03-09",
    ),
]


@pytest.mark.parametrize(("variables", "etape", "depasse", "fin"), REGLES)
def test_parcours_rules_of_issue_15(gql, reference, variables, etape, depasse, fin):
    data = gql.operation("Parcours", variables)
    assert "errors" not in data, data
    resultat = data["data"]["parcours"]
    assert resultat["etape"]["slug"] == etape
    assert resultat["termeDepasse"] is depasse
    if fin is not None:
        assert resultat["finEtape"] == fin


def test_past_due_date_keeps_the_birth_appointments(gql, reference):
    data = gql.operation(
        "Parcours", {"situation": "GROSSESSE", "date": "2027-05-14", "aujourdhui": "2027-05-17"}
    )
    slugs = {r["evenement"]["slug"] for r in data["data"]["parcours"]["rendezVous"]}
    assert "declaration-de-naissance" in slugs  # estimated from the due date: J+5 is 2027-05-19


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"situation": "ENFANT", "date": "2027-06-01", "aujourdhui": "2029-06-01"}, "HORS_PARCOURS"),
        (
            {"situation": "ENFANT", "naissances": ["2026-11-20", "2026-12-04"], "aujourdhui": "2026-12-03"},
            "DATE_INVALIDE",
        ),
        ({"situation": "GROSSESSE", "date": "2027-05-14", "naissances": ["2024-01-01"]}, "DATE_INVALIDE"),
        ({"situation": "ENFANT", "naissances": ["2026-02-30"]}, "DATE_INVALIDE"),
        (
            {"situation": "ENFANT", "naissances": ["2026-01-01"] * 21, "aujourdhui": "2026-12-03"},
            "DATE_INVALIDE",
        ),
    ],
)
def test_parcours_rules_refused(gql, reference, variables, code):
    data = gql.operation("Parcours", variables)
    assert data["errors"][0]["extensions"]["code"] == code


@pytest.mark.parametrize("jours", [-1, 1001])
def test_appointments_too_far_ahead_are_a_coded_error_of_the_field(gql, reference, jours):
    query = (
        'query { parcours(situation: ENFANT, date: "2026-03-10", aujourdhui: "2026-03-17") {'
        f" etape {{ slug }} rendezVous(jours: {jours}) {{ date }} }} }}"
    )
    data = gql.execute(query)
    assert data["data"] is None  # rendezVous is required: the error reaches the parcours
    assert data["errors"] == [
        {
            "message": "`jours` doit être compris entre 0 et 1000.",
            "locations": [{"line": 1, "column": query.index("rendezVous") + 1}],
            "path": ["parcours", "rendezVous"],
            "extensions": {"code": "JOURS_INVALIDE"},
        }
    ]
