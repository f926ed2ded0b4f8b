"""Editors' side: snippets with search and filters, verification, reference data loader."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from annuaire.models import Departement, Lieu, Professionnel, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def editeur(client, django_user_model):
    user = django_user_model.objects.create_superuser("editrice", "e@example.org", "mot-de-passe-long-123")
    client.force_login(user)
    return client


def _pro(nom, verifie_le=None, **champs):
    valeurs = {"profession": "sage_femme", "code_postal": "75011", "commune": "Paris", **champs}
    pro = Professionnel(nom=nom, verifie_le=verifie_le, **valeurs)
    pro.save()
    return pro


def test_load_departements_is_idempotent(db):
    for _ in range(2):
        sortie = io.StringIO()
        call_command("load_departements", stdout=sortie)
    assert "18 régions, 101 départements (0 créés)" in sortie.getvalue()
    assert Departement.objects.count() == 101 and Region.objects.count() == 18
    assert Departement.objects.filter(code__in=["2A", "2B"]).count() == 2
    assert sorted(Departement.objects.filter(code__startswith="97").values_list("code", flat=True)) == [
        "971", "972", "973", "974", "976",
    ]  # fmt: skip
    assert Departement.objects.get(code="69").region.nom == "Auvergne-Rhône-Alpes"


def test_load_initial_data_finds_the_loader_by_its_name():
    from django.core.management import get_commands

    from hub.management.commands.load_initial_data import LOADERS

    assert "load_departements" in LOADERS and get_commands()["load_departements"] == "annuaire"


def test_review_list_uses_the_configured_delay(departements, settings):
    aujourdhui = timezone.localdate()
    jamais = _pro("Jamais")
    ancien = _pro("Ancien", verifie_le=aujourdhui - dt.timedelta(days=400))
    _pro("Récent", verifie_le=aujourdhui - dt.timedelta(days=10))
    _pro("Brouillon", publie=False)
    assert set(Professionnel.objects.a_verifier()) == {
        jamais,
        ancien,
        Professionnel.objects.get(nom="Brouillon"),
    }
    settings.ANNUAIRE_VERIFICATION_DELAI_JOURS = 5
    assert Professionnel.objects.publiees().a_verifier().count() == 3
    settings.ANNUAIRE_VERIFICATION_DELAI_JOURS = 365
    sortie = io.StringIO()
    call_command("annuaire_a_verifier", stdout=sortie)
    texte = sortie.getvalue()
    assert "Professionnels à vérifier : 2" in texte and "Jamais" in texte and "Ancien" in texte
    assert "Récent" not in texte and "Brouillon" not in texte
    assert "Lieux à vérifier : 0" in texte


def test_admin_list_search_and_filters(editeur, departements):
    aujourdhui = timezone.localdate()
    _pro("Lefèvre", verifie_le=aujourdhui)
    _pro("Durand", verifie_le=aujourdhui - dt.timedelta(days=500))
    _pro("Martin", profession="pediatre", verifie_le=aujourdhui)
    url = reverse("wagtailsnippets_annuaire_professionnel:list")
    reponse = editeur.get(url)
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Lefèvre" in contenu and "Durand" in contenu and "Martin" in contenu
    contenu = editeur.get(url, {"a_verifier": "true"}).content.decode()
    assert "Durand" in contenu and "Lefèvre" not in contenu
    contenu = editeur.get(url, {"profession": "pediatre"}).content.decode()
    assert "Martin" in contenu and "Durand" not in contenu
    contenu = editeur.get(url, {"q": "lefè"}).content.decode()
    assert "Lefèvre" in contenu and "Durand" not in contenu
    assert editeur.get(reverse("wagtailsnippets_annuaire_lieu:list"), {"type": "pmi"}).status_code == 200


def test_admin_create_with_lists_and_deduced_departement(editeur, departements):
    url = reverse("wagtailsnippets_annuaire_lieu:add")
    assert editeur.get(url).status_code == 200
    donnees = {
        "nom": "PMI Belleville", "type": "pmi", "etapes": "les-3-premiers-mois, de-4-mois-a-1-an",
        "description": "", "telephone": "", "email": "", "site_web": "", "adresse": "", "code_postal": "75020",
        "commune": "Paris", "departement": "", "latitude": "48.87", "longitude": "2.38", "publie": "on",
        "verifie_le": "", "identifiant_externe": "",
    }  # fmt: skip
    reponse = editeur.post(url, donnees)
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    lieu = Lieu.objects.get()
    assert lieu.etapes == ["les-3-premiers-mois", "de-4-mois-a-1-an"]
    assert lieu.departement.code == "75" and lieu.identifiant_externe is None
    # Bad input is refused with a message: invalid slug, coordinates outside France.
    reponse = editeur.post(url, {**donnees, "nom": "Autre", "etapes": "Pas Un Slug", "latitude": "2.38",
                                 "longitude": "48.87"})  # fmt: skip
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "identifiant d&#x27;étape valide" in contenu or "identifiant d'étape valide" in contenu
    assert "pas en France" in contenu
    assert Lieu.objects.count() == 1


def test_bulk_action_marks_entries_verified(editeur, departements):
    a, b, c = _pro("A"), _pro("B"), _pro("C")
    url = reverse("wagtail_bulk_action", args=("annuaire", "professionnel", "marquer_verifie"))
    params = f"?id={a.pk}&id={b.pk}"
    assert editeur.get(url + params).status_code == 200
    reponse = editeur.post(url + params, {"next": "/admin/"})
    assert reponse.status_code == 302
    aujourdhui = timezone.localdate()
    assert {p.nom: p.verifie_le for p in Professionnel.objects.all()} == {
        "A": aujourdhui,
        "B": aujourdhui,
        "C": None,
    }
    assert c.verification_a_faire


def test_menu_links_to_the_review_lists(editeur, departements):
    contenu = editeur.get("/admin/").content.decode()
    assert '"label": "Professionnels \\u00e0 v\\u00e9rifier"' in contenu  # sidebar props are JSON
    assert reverse("wagtailsnippets_annuaire_professionnel:list") + "?a_verifier=true" in contenu
