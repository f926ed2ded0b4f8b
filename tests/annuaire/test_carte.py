"""The map: place types with their category and stages (typesLieu), and parents' suggestions of
a place (suggererLieu → the moderated queue → a Lieu), through the real /graphql/ view."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from annuaire import suggestions
from annuaire.models import Lieu, SuggestionLieu, TypeDeLieu
from contenus.models import ConfigurationApplication
from tests.support.ban import ServeurBAN

pytestmark = pytest.mark.django_db

SUGGESTION = {
    "nom": "PMI du quartier des Halles",
    "type": "PMI",
    "adresse": "5 rue des Halles",
    "codePostal": "75001",
    "commune": "Paris",
    "telephone": "01 23 45 67 89",
    "siteWeb": "https://exemple.fr/pmi",
    "description": "Consultations le mardi.",
}


def test_every_code_of_the_map_has_a_type_with_its_category(gql):
    types = gql.operation("TypesLieu")["data"]["typesLieu"]
    par_code = {t["code"]: t for t in types}
    assert par_code["maternite"]["categorie"] == "STRUCTURE" and par_code["maternite"]["nom"] == "Maternité"
    assert par_code["sage_femme"]["categorie"] == "PROFESSIONNEL"
    assert [t["ordre"] for t in types] == sorted(t["ordre"] for t in types)
    structures = gql.operation("TypesLieu", {"categorie": "STRUCTURE"})["data"]["typesLieu"]
    assert {t["categorie"] for t in structures} == {"STRUCTURE"} and len(structures) == 8


def test_types_relevant_to_a_stage(gql):
    TypeDeLieu.objects.filter(code="maternite").update(etapes=["accouchement"])
    TypeDeLieu.objects.filter(code="caf").update(etapes=["de-4-mois-a-1-an"])
    codes = {t["code"] for t in gql.operation("TypesLieu", {"etape": "accouchement"})["data"]["typesLieu"]}
    assert "maternite" in codes and "caf" not in codes
    assert "pmi" in codes  # no stage named: every stage


def test_a_parent_suggests_a_place(gql):
    reponse = gql.operation("SuggererLieu", {"input": SUGGESTION})["data"]["suggererLieu"]
    assert reponse["errors"] == [] and reponse["reference"].startswith("L-")
    suggestion = SuggestionLieu.objects.get()
    assert (suggestion.reference, suggestion.type, suggestion.telephone, suggestion.statut) == (
        reponse["reference"],
        "pmi",
        "+33123456789",
        "en_attente",
    )
    assert not Lieu.objects.exists()  # nothing on the map before an editor decides


@pytest.mark.parametrize(
    ("champs", "attendues"),
    [
        ({"nom": "  "}, [("nom", "NOM_REQUIS")]),
        ({"codePostal": "7500"}, [("codePostal", "CODE_POSTAL_INVALIDE")]),
        ({"commune": ""}, [("commune", "COMMUNE_INVALIDE")]),
        ({"telephone": "12"}, [("telephone", "TELEPHONE_INVALIDE")]),
        ({"siteWeb": "javascript:alert(1)"}, [("siteWeb", "SITE_WEB_INVALIDE")]),
        ({"description": "x" * 1001}, [("description", "TEXTE_TROP_LONG")]),
        ({"nom": "PMI\x00"}, [("nom", "CARACTERE_INVALIDE")]),
        (
            {"nom": "", "codePostal": "00000", "telephone": "0"},
            [
                ("nom", "NOM_REQUIS"),
                ("codePostal", "CODE_POSTAL_INVALIDE"),
                ("telephone", "TELEPHONE_INVALIDE"),
            ],
        ),
    ],
)
def test_bad_input_is_data_field_by_field_and_nothing_is_stored(gql, champs, attendues):
    reponse = gql.operation("SuggererLieu", {"input": {**SUGGESTION, **champs}})["data"]["suggererLieu"]
    assert reponse["reference"] is None
    assert [(e["champ"], e["code"]) for e in reponse["errors"]] == attendues
    assert all(e["message"] for e in reponse["errors"])
    assert not SuggestionLieu.objects.exists()


def test_unknown_type_is_refused_by_the_schema(gql):
    reponse = gql.operation("SuggererLieu", {"input": {**SUGGESTION, "type": "CASINO"}})
    assert reponse["errors"] and not SuggestionLieu.objects.exists()


def test_the_app_switch_closes_suggestions(gql):
    config = ConfigurationApplication.load()
    config.suggestions_lieux = False
    config.save()
    reponse = gql.operation("SuggererLieu", {"input": SUGGESTION})["data"]["suggererLieu"]
    assert [e["code"] for e in reponse["errors"]] == [
        "SUGGESTIONS_FERMEES"
    ] and not SuggestionLieu.objects.exists()


def test_suggestions_are_rate_limited_like_every_public_mutation(settings):
    from tests.conftest import GraphQLClient
    from tests.operations import load_operation

    settings.RATE_LIMIT_PER_ADDRESS = 3
    client = Client(REMOTE_ADDR="203.0.113.40")
    corps = {"query": load_operation("SuggererLieu"), "variables": {"input": SUGGESTION}}
    statuts = [client.post("/graphql/", corps, content_type="application/json").status_code for _ in range(5)]
    assert statuts == [200, 200, 200, 429, 429]
    assert SuggestionLieu.objects.count() == 3
    assert GraphQLClient  # the view is the same for every client


@pytest.fixture
def ban(settings):
    serveur = ServeurBAN({"5 rue des halles": (2.3469, 48.8606, 0.95)})
    settings.WEBHOOK_RESEAUX_AUTORISES = ["127.0.0.1/32"]
    settings.GEOCODER = "annuaire.geocodage.GeocodeurBAN"
    settings.GEOCODER_URL = serveur.url
    yield serveur
    serveur.arreter()


@pytest.fixture
def editrice():
    return get_user_model().objects.create_superuser("editrice", "e@example.org", "mot-de-passe-solide-42")


def test_accepted_suggestion_becomes_an_unpublished_located_place(gql, ban, editrice):
    gql.operation("SuggererLieu", {"input": SUGGESTION})
    suggestion = SuggestionLieu.objects.get()
    resultat = suggestions.accepter(suggestion.pk, editrice)
    lieu = resultat.lieu
    assert (lieu.nom, lieu.type, lieu.code_postal, lieu.departement.code, lieu.publie) == (
        "PMI du quartier des Halles",
        "pmi",
        "75001",
        "75",
        False,
    )
    assert (lieu.latitude, lieu.longitude, resultat.echec_geocodage) == (48.8606, 2.3469, None)
    suggestion.refresh_from_db()
    assert (suggestion.statut, suggestion.lieu, suggestion.decidee_par) == ("acceptee", lieu, editrice)
    with pytest.raises(suggestions.DecisionImpossible):
        suggestions.rejeter(suggestion.pk, editrice)


def test_admin_queue_accept_and_reject(client, gql, ban, editrice, departements):
    gql.operation("SuggererLieu", {"input": SUGGESTION})
    gql.operation("SuggererLieu", {"input": {**SUGGESTION, "nom": "Lieu douteux", "adresse": "nulle part"}})
    premiere, seconde = SuggestionLieu.objects.order_by("cree_le", "pk")
    client.force_login(editrice)
    liste = client.get("/admin/annuaire/suggestions/")
    assert liste.status_code == 200 and "PMI du quartier des Halles" in liste.content.decode()
    assert "Lieu douteux" in liste.content.decode()

    reponse = client.post(f"/admin/annuaire/suggestions/{premiere.pk}/", {"decision": "accepter"})
    lieu = Lieu.objects.get()
    assert reponse.status_code == 302 and reponse["Location"].endswith(
        f"/snippets/annuaire/lieu/edit/{lieu.pk}/"
    )
    assert lieu.latitude == 48.8606

    reponse = client.post(
        f"/admin/annuaire/suggestions/{seconde.pk}/", {"decision": "rejeter", "motif": "Doublon"}
    )
    assert reponse.status_code == 302
    seconde.refresh_from_db()
    assert (seconde.statut, seconde.motif, Lieu.objects.count()) == ("rejetee", "Doublon", 1)
    # a decided suggestion cannot be decided again
    client.post(f"/admin/annuaire/suggestions/{seconde.pk}/", {"decision": "accepter"})
    assert Lieu.objects.count() == 1


def test_accepting_when_the_address_is_not_found_keeps_no_guessed_point(gql, ban, editrice):
    gql.operation("SuggererLieu", {"input": {**SUGGESTION, "adresse": "9 impasse inconnue"}})
    resultat = suggestions.accepter(SuggestionLieu.objects.get().pk, editrice)
    assert (resultat.lieu.latitude, resultat.echec_geocodage) == (None, "adresse introuvable")


def test_the_queue_needs_the_right_to_add_places(client):
    lecteur = get_user_model().objects.create_user("lecteur", "l@example.org", "x", is_staff=True)
    from django.contrib.auth.models import Permission

    lecteur.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(lecteur)
    assert client.get("/admin/annuaire/suggestions/").status_code in (302, 403)


def test_the_annuaire_group_runs_the_queue_and_moderation_the_configuration(client):
    from django.contrib.auth.models import Group

    from contenus import groupes

    membre = get_user_model().objects.create_user("annuaire", "a@example.org", "x")
    membre.groups.add(Group.objects.get(name=groupes.ANNUAIRE))
    client.force_login(membre)
    assert client.get("/admin/annuaire/suggestions/").status_code == 200
    assert client.get("/admin/snippets/annuaire/typedelieu/").status_code == 200
    moderatrice = get_user_model().objects.create_user("moderatrice", "m@example.org", "x")
    moderatrice.groups.add(Group.objects.get(name=groupes.MODERATION))
    client.force_login(moderatrice)
    reglages = client.get("/admin/settings/contenus/configurationapplication/", follow=True)
    assert reglages.status_code == 200 and "/configurationapplication/" in reglages.request["PATH_INFO"]
    assert b'name="zero_accident"' in reglages.content
