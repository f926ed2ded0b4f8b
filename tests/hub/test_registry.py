"""The cross-cutting registrations each app declares in its AppConfig (hub/registry.py): which
models are content for the response cache, which models grapple may expose."""

from __future__ import annotations

import pytest
from django.apps import apps

from hub import registry

CONTENT = [
    "contenus.articlepage",
    "contenus.etape",
    "contenus.mesure",
    "contenus.evenement",
    "annuaire.professionnel",
    "annuaire.lieu",
    "epds.partenaire",
    "epds.questionnaireepds",
    "epds.questionepds",
    "epds.ressourceepds",
    "epds.libelleepds",
    "wagtailcore.page",
    "wagtailimages.image",
    "wagtaildocs.document",
    "taggit.tag",
]
NOT_CONTENT = [
    "contenus.abonnementwebhook",
    "contenus.livraisonwebhook",
    "contenus.tentativewebhook",
    "annuaire.lienmodification",
    "annuaire.modificationproposee",
    "epds.soumissionepds",
    "epds.dossiersuivi",
    "epds.demandecontact",
    "epds.notification",
    "epds.entreejournal",
    "hub.cleapi",
    "hub.workerheartbeat",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailimages.rendition",
    "auth.user",
    "sessions.session",
]


@pytest.mark.parametrize("label", CONTENT)
def test_content_models_advance_the_cache_generation(label):
    assert registry.is_content(apps.get_model(label))


@pytest.mark.parametrize("label", NOT_CONTENT)
def test_bookkeeping_and_private_models_are_not_content(label):
    assert not registry.is_content(apps.get_model(label))


def test_grapple_knows_only_the_allowed_models():
    from grapple.registry import registry as grapple_registry

    known = {m._meta.label_lower for m in grapple_registry.class_models if hasattr(m, "_meta")}
    assert known == {"contenus.articleindexpage", "contenus.articlepage", "epds.partenaire"}
    assert {m._meta.label_lower for m in registry.grapple_models()} == known


def test_no_private_model_is_on_the_allow_list():
    private = {"epds.soumissionepds", "epds.dossiersuivi", "epds.demandecontact", "epds.notification"}
    allowed = {m._meta.label_lower for m in registry.grapple_models()}
    assert not allowed & private
    assert not {label for label in allowed if label.startswith(("annuaire.", "hub."))}
