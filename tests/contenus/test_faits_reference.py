"""The reference content is true in 2026 (docs/parcours.md, issue #15).

Each row is one fact of the calendar, checked on the content `make run` loads: its window as
first and last day (inclusive) from the due date or the birth date, or a sentence it must say.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from contenus.models import AXES, ArticlePage, Evenement, Mesure
from contenus.parcours import JOURS_GROSSESSE


def sa(semaines):
    return semaines * 7 - JOURS_GROSSESSE


# (slug, first day, last day inclusive, essentiel) — days from the due date / birth date
FENETRES = [
    ("declaration-de-grossesse", None, sa(16) - 1, True),  # before the end of 14 weeks of pregnancy = 16 SA
    ("entretien-prenatal-precoce", sa(6), None, True),  # from the declaration, « jamais trop tard »
    ("vaccin-coqueluche-grossesse", sa(20), sa(37) - 1, True),  # every pregnancy, 20–36 SA
    ("vaccin-vrs-grossesse", sa(32), sa(37) - 1, False),  # the mother's RSV vaccine, 32–36 SA
    ("anticorps-vrs-nouveau-ne", 0, None, False),  # OR the newborn's antibody
    ("declaration-de-naissance", 0, 5, True),  # birth day not counted: J+5 is the last day
    ("examen-enfant-8-jours", 0, 7, True),
    ("examen-enfant-2-semaines", 7, 13, True),
    ("entretien-postnatal-2", 63, 97, False),  # 10th to 14th week
    ("vaccin-hepatite-b-naissance", 0, 0, False),
    ("vaccin-rotavirus", 61, None, False),  # from 2 months
]


@pytest.mark.parametrize(("slug", "premier", "dernier", "essentiel"), FENETRES)
def test_calendar_windows(reference, slug, premier, dernier, essentiel):
    evenement = Evenement.objects.get(slug=slug)
    if premier is not None:
        assert evenement.debut == premier
    if dernier is not None:
        assert (evenement.fin - 1 if evenement.fin is not None else evenement.debut) == dernier
    assert evenement.essentiel is essentiel


@pytest.mark.parametrize(
    ("slug", "phrase"),
    [
        ("declaration-de-grossesse", "14e semaine de grossesse"),
        ("declaration-de-grossesse", "16 semaines d'aménorrhée"),
        ("entretien-prenatal-precoce", "Obligatoire"),
        ("entretien-prenatal-precoce", "dès que la grossesse est déclarée"),
        ("vaccin-coqueluche-grossesse", "à chaque grossesse"),
        ("anticorps-vrs-nouveau-ne", "nirsevimab"),
        ("vaccin-vrs-grossesse", "OU"),
        ("declaration-de-naissance", "le jour de la naissance ne compte pas"),
        ("entretien-postnatal-2", "premier enfant"),
        ("entretien-postnatal-2", "signes de risque"),
        ("conge-de-naissance-paternite", "« congé de naissance »"),
        ("conge-supplementaire-de-naissance", "nés à partir du 1er janvier 2026"),
        ("vaccin-menb-3-mois", "nés à partir du 1er janvier 2025 (décret n° 2024-694"),
        ("vaccin-menacwy-6-mois", "nés à partir du 1er janvier 2025 (décret n° 2024-694"),
        ("examen-enfant-2-mois", "entre l'âge de 1 mois et celui de 2 mois"),
        ("examen-enfant-8-jours", "plus d'« examen du 1er mois »"),
        ("vaccin-rotavirus", "Recommandé, pas obligatoire"),
        ("vaccin-bcg-enfants-a-risque", "Recommandé, pas obligatoire"),
        ("vaccin-hepatite-b-naissance", "Recommandé, pas obligatoire"),
    ],
)
def test_calendar_says(reference, slug, phrase):
    assert phrase in Evenement.objects.get(slug=slug).description


def test_the_first_month_exam_is_gone(reference):
    assert not Evenement.objects.filter(slug="examen-enfant-1-mois").exists()
    assert not Evenement.objects.filter(nom__icontains="1er mois").exists()


def test_rsv_protection_is_two_events(reference):
    assert not Evenement.objects.filter(slug="protection-vrs").exists()
    assert (
        Evenement.objects.filter(slug__in=["vaccin-vrs-grossesse", "anticorps-vrs-nouveau-ne"]).count() == 2
    )


@pytest.mark.parametrize(
    ("naissance", "concerne"),
    [(date(2025, 12, 31), False), (date(2026, 1, 1), True), (date(2026, 6, 1), True)],
)
def test_supplementary_birth_leave_only_for_births_from_2026(gql, reference, naissance, concerne):
    data = gql.operation(
        "Calendrier",
        {"situation": "ENFANT", "date": naissance.isoformat(), "aujourdhui": naissance.isoformat()},
    )
    slugs = {r["evenement"]["slug"] for r in data["data"]["calendrier"]}
    assert ("conge-supplementaire-de-naissance" in slugs) is concerne


def test_the_app_is_run_by_the_dgcs(reference):
    mesure = Mesure.objects.get(slug="application-1000-jours")
    assert mesure.porteur == "Direction générale de la cohésion sociale (DGCS)"
    assert "Fabrique numérique des ministères sociaux" in mesure.resume


def test_no_unsourced_figure(reference):
    textes = [m.resume for m in Mesure.objects.all()] + [a.resume for a in ArticlePage.objects.all()]
    textes += [a.le_saviez_vous for a in ArticlePage.objects.all()]
    assert not any("24 mesures" in t for t in textes)
    assert not any("28 %" in t for t in textes)  # 28,5 % in 2016 (Enquête nationale périnatale)


@pytest.mark.parametrize(("axe", "valide"), [(0, False), (1, True), (5, True), (6, True), (7, False)])
def test_six_axes(reference, axe, valide):
    assert len(AXES) == 6
    mesure = Mesure.objects.get(slug="livret-1000-jours")
    mesure.axe = axe
    if valide:
        mesure.full_clean()
    else:
        with pytest.raises(ValidationError):
            mesure.full_clean()


def test_baby_blues_article_gives_the_urgent_route(reference):
    article = ArticlePage.objects.get(slug="baby-blues-ou-depression")
    texte = article.texte_recherche
    assert "3114" in texte and "15" in texte and "vous faire du mal" in texte


def test_every_article_cites_its_official_source_and_check_date(reference):
    for article in ArticlePage.objects.all():
        assert article.source_officielle.startswith("https://"), article.slug
        assert article.verifie_le is not None, article.slug


@pytest.mark.parametrize(("il_y_a", "a_reverifier"), [(None, True), (0, False), (365, False), (366, True)])
def test_an_article_is_to_be_checked_again_after_a_year(reference, il_y_a, a_reverifier):
    from django.utils import timezone

    article = ArticlePage.objects.get(slug="declarer-sa-grossesse")
    article.verifie_le = None if il_y_a is None else timezone.localdate() - timedelta(days=il_y_a)
    assert article.a_reverifier is a_reverifier


def test_admin_lists_articles_to_check_again(reference, admin_client):
    ArticlePage.objects.filter(slug="declarer-sa-grossesse").update(verifie_le=date(2020, 1, 1))
    reponse = admin_client.get("/admin/articles/", {"a_reverifier": "true"})
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "Déclarer sa grossesse" in html and "À revérifier" in html
    assert "Baby-blues" not in html
    tous = admin_client.get("/admin/articles/").content.decode()
    assert "Baby-blues" in tous and "Vérifié le" in tous


# The axes as docs/parcours.md names them: the five of April 2021, then the 2025–2027 roadmap's
# sixth, whose title the reference does not give (docs/faits-reference.md, « Non sourcé »).
@pytest.mark.parametrize(
    ("axe", "mots"),
    [
        (1, "moments clés"),
        (2, "selon les besoins"),
        (3, "Informer simplement et de façon fiable"),
        (4, "relation avec l'enfant"),
        (5, "accueil du jeune enfant"),
        (6, "feuille de route 2025-2027"),
    ],
)
def test_the_six_axes_are_named(axe, mots):
    libelles = dict(AXES)
    assert len(set(libelles.values())) == len(libelles) == 6
    assert libelles[axe].startswith(f"{axe} — ") and mots in libelles[axe]
