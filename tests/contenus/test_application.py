"""What the 1000 jours app asks for besides the parcours: its configuration, favourites by id,
one event by id or slug, video thumbnails, place types on stages, articles and events, and the
« non concerné » and « plusieurs enfants » situations — through the real /graphql/ view."""

import pytest
from django.core.exceptions import ValidationError

from annuaire.models import TypeDeLieu
from contenus import versions
from contenus.models import ConfigurationApplication, Etape, Evenement, VideoParentheque
from hub.erreurs import ErreurDomaine
from tests.support.factories import article, image

IOS = {"plateforme": "IOS", "version": "2.3.0"}


# --- Configuration -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("installee", "derniere", "minimale", "attendue"),
    [
        ("2.3.0", "2.4.1", "2.0", "CONSEILLEE"),
        ("2.4.1", "2.4.1", "2.0", "AUCUNE"),
        ("2.4", "2.4.0", "", "AUCUNE"),  # a missing number counts as 0
        ("2.10", "2.9", "", "AUCUNE"),  # compared number by number, not as text
        ("1.9.9", "2.4.1", "2.0", "OBLIGATOIRE"),
        ("3", "", "", "AUCUNE"),  # nothing published for the platform
    ],
)
def test_update_rule(installee, derniere, minimale, attendue):
    assert versions.mise_a_jour(installee, derniere, minimale) == attendue


@pytest.mark.parametrize("mauvaise", ["", "v2", "2.4.1.7", "2..4", "²"])
def test_malformed_versions_are_refused_with_a_code(mauvaise):
    with pytest.raises(ErreurDomaine) as erreur:
        versions.lire(mauvaise)
    assert erreur.value.code == "VERSION_APPLICATION_INVALIDE"


def test_configuration_defaults_then_editors_values_invalidating_the_cache(gql, db):
    config = gql.operation("ConfigurationApplication", IOS)["data"]["configurationApplication"]
    assert config == {
        "versions": [
            {"plateforme": "IOS", "derniereVersion": None, "versionMinimale": None},
            {"plateforme": "ANDROID", "derniereVersion": None, "versionMinimale": None},
        ],
        "miseAJour": "AUCUNE",
        "nouveautes": None,
        "zeroAccident": True,
        "suggestionsLieux": True,
    }
    reglages = ConfigurationApplication.load()
    reglages.version_ios, reglages.version_minimale_ios = "2.4.1", "2.0"
    reglages.version_android = "2.4.0"
    reglages.nouveautes_titre = "Nouveau : la carte"
    reglages.nouveautes = "Trouvez une PMI près de chez vous.\nEt les maternités."
    reglages.zero_accident = False
    reglages.save()  # the cached answer above must not be served again

    config = gql.operation("ConfigurationApplication", IOS)["data"]["configurationApplication"]
    assert config["versions"][0] == {
        "plateforme": "IOS",
        "derniereVersion": "2.4.1",
        "versionMinimale": "2.0",
    }
    assert config["miseAJour"] == "CONSEILLEE" and config["zeroAccident"] is False
    assert config["nouveautes"] == {
        "titre": "Nouveau : la carte",
        "texte": "Trouvez une PMI près de chez vous.\nEt les maternités.",
    }
    ancienne = gql.operation("ConfigurationApplication", {"plateforme": "IOS", "version": "1.2"})
    assert ancienne["data"]["configurationApplication"]["miseAJour"] == "OBLIGATOIRE"
    android = gql.operation("ConfigurationApplication", {"plateforme": "ANDROID", "version": "2.4"})
    assert android["data"]["configurationApplication"]["miseAJour"] == "AUCUNE"


def test_a_malformed_installed_version_is_a_coded_error(gql, db):
    reponse = gql.operation("ConfigurationApplication", {"plateforme": "IOS", "version": "deux"})
    assert reponse["errors"][0]["extensions"]["code"] == "VERSION_APPLICATION_INVALIDE"


def test_editors_cannot_set_a_minimum_above_the_latest_version(db):
    reglages = ConfigurationApplication(version_android="2.4", version_minimale_android="2.10")
    with pytest.raises(ValidationError) as erreur:
        reglages.full_clean()
    assert "version_minimale_android" in erreur.value.message_dict
    with pytest.raises(ValidationError):
        ConfigurationApplication(version_ios="2.x").full_clean()


# --- Favourites: articles by ids ------------------------------------------------------------------


def test_favourites_in_the_order_of_the_ids_unknown_and_unpublished_absent(gql, reference):
    a, b, c = article("fav-a"), article("fav-b"), article("fav-c")
    brouillon = article("fav-brouillon", publier=False)
    ids = [str(c.pk), "999999", str(a.pk), str(brouillon.pk), str(c.pk), str(b.pk)]
    reponse = gql.operation("ArticlesParIds", {"ids": ids})["data"]["articlesParIds"]
    assert [x["slug"] for x in reponse] == ["fav-c", "fav-a", "fav-b"]


def test_favourites_cost_constant_queries(gql, reference, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.GRAPHQL_CACHE_SECONDS = 0
    etape = Etape.objects.get(slug="accouchement")
    pages = [article(f"fav-{i}", etapes=[etape], visuel=image(f"fav-{i}")) for i in range(6)]
    for page in pages:
        page.types_lieu.set(TypeDeLieu.objects.filter(code__in=["maternite", "pmi"]))
        page.save_revision().publish()
    # renditions made once (as in production) and per-process caches of Django and Wagtail warm
    gql.operation("ArticlesParIds", {"ids": [str(p.pk) for p in pages]})
    comptes = []
    for n in (1, 6):
        with CaptureQueriesContext(connection) as requetes:
            data = gql.operation("ArticlesParIds", {"ids": [str(p.pk) for p in pages[:n]]})
        assert len(data["data"]["articlesParIds"]) == n
        assert {t["code"] for t in data["data"]["articlesParIds"][0]["typesLieu"]} == {"maternite", "pmi"}
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1], comptes


def test_favourites_list_is_bounded_and_ids_checked(gql, db):
    trop = gql.operation("ArticlesParIds", {"ids": [str(i) for i in range(1, 102)]})
    assert trop["errors"][0]["extensions"]["code"] == "LISTE_TROP_LONGUE"
    mauvais = gql.operation("ArticlesParIds", {"ids": ["12", "abc"]})
    assert mauvais["errors"][0]["extensions"]["code"] == "ID_INVALIDE"
    assert gql.operation("ArticlesParIds", {"ids": []})["data"]["articlesParIds"] == []


# --- One event ------------------------------------------------------------------------------------


def test_one_event_by_id_or_slug_with_its_place_types(gql, reference):
    evenement = Evenement.objects.filter(live=True).order_by("pk").first()
    evenement.types_lieu.set(TypeDeLieu.objects.filter(code="mairie"))
    evenement.save()
    par_slug = gql.operation("Evenement", {"slug": evenement.slug})["data"]["evenement"]
    par_id = gql.operation("Evenement", {"id": str(evenement.pk)})["data"]["evenement"]
    assert par_slug == par_id and par_slug["slug"] == evenement.slug
    assert par_slug["typesLieu"] == [{"code": "mairie", "nom": "Mairie", "categorie": "STRUCTURE"}]
    assert gql.operation("Evenement", {"slug": "inconnu"})["data"]["evenement"] is None


def test_an_unpublished_event_is_absent(gql, reference):
    evenement = Evenement.objects.filter(live=True).first()
    Evenement.objects.filter(pk=evenement.pk).update(live=False)
    assert gql.operation("Evenement", {"id": str(evenement.pk)})["data"]["evenement"] is None


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({}, "IDENTIFIANT_REQUIS"),
        ({"id": "1", "slug": "x"}, "IDENTIFIANT_REQUIS"),
        ({"id": "-3"}, "ID_INVALIDE"),
    ],
)
def test_event_needs_exactly_one_valid_key(gql, db, variables, code):
    assert gql.operation("Evenement", variables)["errors"][0]["extensions"]["code"] == code


# --- Parenthèque thumbnails ------------------------------------------------------------------------


def test_video_thumbnail_with_renditions(gql, reference, media):
    vignette = image("vignette-video")
    VideoParentheque.objects.create(titre="Le bain", url="https://example.org/v/bain", miniature=vignette)
    VideoParentheque.objects.create(titre="Sans vignette", url="https://example.org/v/sans")
    videos = {v["titre"]: v for v in gql.operation("Parentheque")["data"]["parentheque"]["videos"]}
    miniature = videos["Le bain"]["miniature"]
    assert miniature["url"].endswith(".png")
    assert "320w" in miniature["srcSet"] and "640w" in miniature["srcSet"]
    assert videos["Sans vignette"]["miniature"] is None


# --- Place types on stages ------------------------------------------------------------------------


def test_stage_lists_its_place_types(gql, reference):
    TypeDeLieu.objects.filter(code="maternite").update(etapes=["accouchement"])
    reponse = gql.execute(
        '{ etape(slug: "accouchement") { typesLieu { code } } autre: etape(slug: "conception") { typesLieu { code } } }'
    )
    assert "maternite" in {t["code"] for t in reponse["data"]["etape"]["typesLieu"]}
    assert "maternite" not in {t["code"] for t in reponse["data"]["autre"]["typesLieu"]}


# --- Situations -------------------------------------------------------------------------------------


def test_non_concerne_gets_the_stage_editors_tie_to_it(gql, reference):
    sans_etape = gql.operation("Parcours", {"situation": "NON_CONCERNE"})
    assert sans_etape["errors"][0]["extensions"]["code"] == "HORS_PARCOURS"
    Etape.objects.create(nom="Pour tous", slug="pour-tous", ordre=99, situation="NON_CONCERNE")
    parcours = gql.operation("Parcours", {"situation": "NON_CONCERNE"})["data"]["parcours"]
    assert parcours["situation"] == "NON_CONCERNE" and parcours["etape"]["slug"] == "pour-tous"
    assert (parcours["debutEtape"], parcours["semaineAmenorrhee"], parcours["ageEnJours"]) == (
        None,
        None,
        None,
    )
    avec_date = gql.operation("Calendrier", {"situation": "NON_CONCERNE", "date": "2026-01-01"})
    assert avec_date["errors"][0]["extensions"]["code"] == "DATE_INVALIDE"


def test_plusieurs_enfants_the_last_birth_drives_the_parcours(gql, reference):
    variables = {
        "situation": "ENFANT",
        "naissances": ["2023-05-01", "2026-03-10", "2024-11-30"],
        "aujourdhui": "2026-04-01",
    }
    parcours = gql.operation("Parcours", variables)["data"]["parcours"]
    assert parcours["ageEnJours"] == 22 and parcours["etape"]["slug"] == "les-3-premiers-mois"
    grossesse = gql.operation("Parcours", {**variables, "situation": "GROSSESSE"})
    assert grossesse["errors"][0]["extensions"]["code"] == "DATE_INVALIDE"
