"""Existing installs get the corrected reference content without a manual step (hub/reference.py).

An « old » install is made of rows as the earlier data had them (texts of the first version of the
hub, git 7c0a44f): either loaded before the loaders kept records (no trace), or written by an
earlier loader that recorded them (a trace of the old values). Rows an editor changed are kept.
"""

import io

import pytest
from django.core.management import call_command

from contenus.management.commands.load_parcours import etat
from contenus.models import ArticlePage, Evenement, Mesure
from contenus.parcours import JOURS_GROSSESSE
from hub.models import EcritureReference
from hub.reference import empreinte

# Facts as the first version of the hub loaded them, and the corrected ones (docs/faits-reference.md).
ANCIENS = [
    (
        Evenement,
        "declaration-de-naissance",
        {
            "description": "À la mairie du lieu de naissance, dans les 5 jours qui suivent la naissance.",
            "fin": 5,
        },
        {"fin": 6},
    ),
    (
        Evenement,
        "entretien-prenatal-precoce",
        {
            "description": "Un temps d'échange avec une sage-femme ou un médecin, proposé à toutes à partir du "
            "4e mois, pour parler de vos besoins et de vos questions. Il est pris en charge à 100 %.",
            "debut": 16 * 7 - JOURS_GROSSESSE,
            "fin": 21 * 7 - JOURS_GROSSESSE,
        },
        {"debut": 6 * 7 - JOURS_GROSSESSE, "fin": 0},
    ),
    (
        Mesure,
        "application-1000-jours",
        {"porteur": "Santé publique France"},
        {"porteur": "Direction générale de la cohésion sociale (DGCS)"},
    ),
]


def charger(*options):
    sortie = io.StringIO()
    call_command("load_parcours", *options, stdout=sortie)
    return sortie.getvalue()


def vieillir(model, slug, anciens, trace):
    """Puts a row back as the earlier data had it; `trace`: the earlier loader recorded it."""
    model.objects.filter(slug=slug).update(**anciens)
    ligne = EcritureReference.objects.get(modele=model._meta.label_lower, cle=slug)
    if trace:
        ligne.empreinte = empreinte(etat(model)(model.objects.get(slug=slug)))
        ligne.save()
    else:
        ligne.delete()


def test_a_second_run_changes_nothing(reference):
    assert "0 créés, 0 mis à jour, 0 gardés" in charger()


@pytest.mark.parametrize("trace", [False, True], ids=["chargee-sans-trace", "ecrite-par-l-ancien-chargeur"])
def test_an_old_install_gets_the_corrected_facts(reference, trace):
    for model, slug, anciens, _ in ANCIENS:
        vieillir(model, slug, anciens, trace)
    article = ArticlePage.objects.get(slug="baby-blues-ou-depression")
    article.corps = [("section", b.value) for b in article.corps if "faire du mal" not in b.value["titre"]]
    article.save_revision().publish()  # as the earlier loader published it: a revision without a user
    EcritureReference.objects.filter(cle="baby-blues-ou-depression").delete()

    sortie = charger()

    assert f"0 créés, {len(ANCIENS) + 1} mis à jour, 0 gardés" in sortie
    for model, slug, _, corriges in ANCIENS:
        objet = model.objects.get(slug=slug)
        assert {champ: getattr(objet, champ) for champ in corriges} == corriges
    assert "3114" in ArticlePage.objects.get(slug="baby-blues-ou-depression").texte_recherche
    assert "0 créés, 0 mis à jour, 0 gardés" in charger()  # the corrected rows are the loader's again


@pytest.mark.parametrize("trace", [False, True], ids=["chargee-sans-trace", "ecrite-par-le-chargeur"])
def test_an_editors_edit_is_kept_and_reported(reference, django_user_model, trace):
    redactrice = django_user_model.objects.create_user("redactrice", password="x")
    evenement = Evenement.objects.get(slug="declaration-de-naissance")
    evenement.description = "Texte de la rédaction."
    evenement.save()
    evenement.save_revision(user=redactrice).publish(user=redactrice, skip_permission_checks=True)
    if not trace:
        EcritureReference.objects.filter(cle="declaration-de-naissance").delete()
    mesure = Mesure.objects.get(slug="application-1000-jours")
    vieillir(Mesure, mesure.slug, {"porteur": "Santé publique France"}, trace)  # beside it, an old row

    sortie = charger()

    assert "gardé (modifié par la rédaction) : contenus.evenement « declaration-de-naissance »" in sortie
    assert Evenement.objects.get(slug="declaration-de-naissance").description == "Texte de la rédaction."
    assert Mesure.objects.get(slug="application-1000-jours").porteur.startswith("Direction générale")
    charger("--mettre-a-jour")  # restoring the reference is asked for explicitly
    assert "jour de la naissance" in Evenement.objects.get(slug="declaration-de-naissance").description


def test_an_edit_made_outside_the_admin_is_kept_too(reference):
    Evenement.objects.filter(slug="vaccin-rotavirus").update(description="Modifié.")
    assert "« vaccin-rotavirus »" in charger()
    assert Evenement.objects.get(slug="vaccin-rotavirus").description == "Modifié."


def test_a_pending_draft_is_kept(reference, django_user_model):
    redactrice = django_user_model.objects.create_user("redactrice", password="x")
    evenement = Evenement.objects.get(slug="vaccin-rotavirus")
    vieillir(Evenement, evenement.slug, {"description": "Ancien texte."}, trace=True)
    evenement = Evenement.objects.get(slug="vaccin-rotavirus")
    evenement.description = "Brouillon de la rédaction."
    evenement.save_revision(user=redactrice)  # saved, not published: the live row is unchanged
    Evenement.objects.filter(pk=evenement.pk).update(has_unpublished_changes=True)
    assert "« vaccin-rotavirus »" in charger()
    assert Evenement.objects.get(slug="vaccin-rotavirus").description == "Ancien texte."


def test_a_row_an_editor_deleted_is_not_created_again(reference):
    Evenement.objects.filter(slug="vaccin-rotavirus").delete()
    assert "gardé (supprimé par la rédaction) : contenus.evenement « vaccin-rotavirus »" in charger()
    assert not Evenement.objects.filter(slug="vaccin-rotavirus").exists()
