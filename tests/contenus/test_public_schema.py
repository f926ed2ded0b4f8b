"""The public schema shows published content only: no drafts' fields, no redirect to a page the
public may not see."""

from __future__ import annotations

import pytest

from tests.support.factories import article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "champ", ["draftTitle", "hasUnpublishedChanges", "latestRevisionCreatedAt", "lockedAt", "goLiveAt"]
)
def test_draft_fields_are_not_in_the_public_schema(gql, reference, champ):
    page = article("publiee")
    page.title = "Titre du brouillon"
    page.save_revision()  # a draft over the published page
    reponse = gql.execute(f"{{ page(id: {page.pk}) {{ title ... on ArticlePage {{ {champ} }} }} }}")
    assert reponse["errors"][0]["extensions"]["code"] == "REQUETE_INVALIDE"
    assert "Titre du brouillon" not in str(reponse)
    assert f"{champ}:" not in open("graphql/schema.graphql", encoding="utf-8").read()


def test_redirects_never_reveal_unpublished_or_private_pages(gql, reference):
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import PageViewRestriction

    publique = article("publique", titre="Page publique")
    brouillon = article("jamais-publiee", titre="Projet secret", publier=False)
    privee = article("privee", titre="Réservée à l'équipe")
    PageViewRestriction.objects.create(page=privee, restriction_type="login")
    for ancienne, page in (("/a", publique), ("/b", brouillon), ("/c", privee)):
        Redirect.objects.create(old_path=ancienne, redirect_page=page)
    Redirect.objects.create(old_path="/d", redirect_link="https://exemple.fr/")

    reponse = gql.execute("{ redirects { oldPath newUrl page { id title urlPath } } }")
    assert "errors" not in reponse
    chemins = {r["oldPath"] for r in reponse["data"]["redirects"]}
    assert chemins == {"/a", "/d"}
    texte = str(reponse)
    assert "Projet secret" not in texte and "jamais-publiee" not in texte
    assert "Réservée" not in texte and "privee" not in texte


def test_parents_and_aliases_never_reveal_unpublished_or_private_pages(gql, reference):
    from wagtail.models import Page, PageViewRestriction

    from contenus.models import ArticleIndexPage
    from hub.api.cache import advance_generation

    page = article("sous-une-rubrique")
    alias = page.create_alias(update_slug="alias-non-publie")
    Page.objects.filter(pk=alias.pk).update(live=False)
    requete = f"{{ page(id: {page.pk}) {{ parent {{ id }} }} }}"
    rubrique = ArticleIndexPage.objects.get()
    assert gql.execute(requete)["data"]["page"]["parent"] == {"id": str(rubrique.pk)}

    Page.objects.filter(pk=rubrique.pk).update(live=False)  # the section goes back to draft
    advance_generation()  # update() sends no signal
    assert gql.execute(requete)["data"]["page"]["parent"] is None
    Page.objects.filter(pk=rubrique.pk).update(live=True)
    advance_generation()
    PageViewRestriction.objects.create(page=rubrique, restriction_type="login")
    assert gql.execute(requete)["data"]["page"] is None  # restricted with its section

    aliases = gql.execute(f"{{ page(id: {page.pk}) {{ ... on ArticlePage {{ aliases {{ id }} }} }} }}")
    assert aliases["errors"][0]["extensions"]["code"] == "REQUETE_INVALIDE"
