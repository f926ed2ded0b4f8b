"""Repérage TND in the admin (domains and questionnaires as snippets) and in the GraphQL schema."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from reperage import models


class QuestionnaireTndViewSet(SnippetViewSet):
    model = models.QuestionnaireTnd
    icon = "form"
    menu_label = "Questionnaires"
    list_display = ["titre", "debut_mois", "fin_mois", "publie", "contenu_exemple"]
    list_filter = ["publie"]


class DomaineTndViewSet(SnippetViewSet):
    model = models.DomaineTnd
    icon = "tag"
    menu_label = "Domaines"
    list_display = ["nom", "code", "ordre"]


class ReperageGroup(SnippetViewSetGroup):
    menu_label = "Repérage TND"
    menu_icon = "form"
    menu_order = 245
    items = (QuestionnaireTndViewSet, DomaineTndViewSet)


register_snippet(ReperageGroup)


# --- GraphQL: written by hand (reperage/schema.py); grapple is given none of these models -------
@hooks.register("register_schema_query")
def register_schema_query(query_mixins):
    from reperage.schema import ReperageQuery

    query_mixins.append(ReperageQuery)


@hooks.register("register_schema_mutation")
def register_schema_mutation(mutation_mixins):
    from reperage.schema import ReperageMutation

    mutation_mixins.append(ReperageMutation)
