"""Public GraphQL of the EPDS: the questionnaire, languages, counters, and the two mutations.

Written by hand, named by the contract. Follow-up cases, contact requests and notifications
have no GraphQL type at all (grapple exposes only the allow-list of `hub.registry`).
"""

from __future__ import annotations

import graphene
from django.core.cache import cache

from epds import models, scoring
from epds.soumissions import jeton_de, questionnaire_publie, ressources_pour
from hub.api.errors import ErreurRequete

NiveauEpds = graphene.Enum("NiveauEpds", [(n.value, n.value) for n in scoring.Niveau])
CanalContact = graphene.Enum("CanalContact", [(c, c) for c in models.DemandeContact.Canal.values])
Creneau = graphene.Enum("Creneau", [(c, c) for c in models.DemandeContact.CRENEAUX])


class Langue(graphene.ObjectType):
    code = graphene.String(required=True)
    nom = graphene.String(required=True)
    nom_natif = graphene.String(required=True)
    drapeau = graphene.String()
    droite_a_gauche = graphene.Boolean(required=True)


class QuestionEpds(graphene.ObjectType):
    numero = graphene.Int(required=True)
    libelle = graphene.String(required=True)
    reponses = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="Dans l'ordre d'affichage."
    )

    @staticmethod
    def resolve_reponses(question, info):
        return question.reponses()


class QuestionnaireEpds(graphene.ObjectType):
    version = graphene.String(required=True)
    langue = graphene.Field(Langue, required=True)
    consigne = graphene.String(required=True)
    questions = graphene.List(graphene.NonNull(QuestionEpds), required=True)

    @staticmethod
    def resolve_langue(questionnaire, info):
        return models.LangueEpds.objects.get(code=questionnaire.locale.language_code)

    @staticmethod
    def resolve_questions(questionnaire, info):
        return sorted(questionnaire.questions.all(), key=lambda q: q.numero)  # same order as scoring


class StatistiquesEpds(graphene.ObjectType):
    parents_testes = graphene.Int(required=True, description="Nombre de questionnaires soumis.")

    @staticmethod
    def resolve_parents_testes(root, info):
        # A widget shows it on every load: count at most once a minute.
        return cache.get_or_set("epds:parents-testes", models.SoumissionEpds.objects.count, 60)


class RessourceEpds(graphene.ObjectType):
    id = graphene.ID(required=True, description="Pour compter un clic : consulterRessourceEpds.")
    titre = graphene.String(required=True)
    description = graphene.String()
    telephone = graphene.String()
    url = graphene.String()
    urgence = graphene.Boolean(required=True)

    @staticmethod
    def resolve_description(ressource, info):
        return ressource.description or None

    @staticmethod
    def resolve_telephone(ressource, info):
        return ressource.telephone or None

    @staticmethod
    def resolve_url(ressource, info):
        return ressource.url or None


class ResultatEpds(graphene.ObjectType):
    id = graphene.ID(required=True)
    jeton = graphene.String(required=True, description="Jeton opaque, nécessaire pour demander un contact.")
    score = graphene.Int(required=True)
    niveau = graphene.Field(NiveauEpds, required=True)
    alerte_question10 = graphene.Boolean(required=True, name="alerteQuestion10")
    suivi_ouvert = graphene.Boolean(required=True)
    ressources = graphene.List(graphene.NonNull(RessourceEpds), required=True)

    @staticmethod
    def resolve_id(soumission, info):
        return str(soumission.uuid)

    @staticmethod
    def resolve_jeton(soumission, info):
        return getattr(soumission, "jeton", None) or jeton_de(soumission.uuid)  # set by soumettreEpds

    @staticmethod
    def resolve_niveau(soumission, info):
        return soumission.niveau

    @staticmethod
    def resolve_alerte_question10(soumission, info):
        return soumission.alerte_question_10

    @staticmethod
    def resolve_suivi_ouvert(soumission, info):
        if hasattr(soumission, "suivi_ouvert"):  # set by soumettreEpds
            return soumission.suivi_ouvert
        return models.DossierSuivi.objects.filter(soumission=soumission).exists()

    @staticmethod
    def resolve_ressources(soumission, info):
        if hasattr(soumission, "ressources"):  # computed by soumettreEpds before its commit
            return soumission.ressources
        return ressources_pour(soumission)


class EpdsQuery(graphene.ObjectType):
    questionnaire_epds = graphene.Field(
        QuestionnaireEpds, required=True, langue=graphene.String(default_value="fr")
    )
    langues = graphene.List(
        graphene.NonNull(Langue), required=True, description="Langues ayant un questionnaire publié."
    )
    statistiques_epds = graphene.Field(StatistiquesEpds, required=True)

    @staticmethod
    def resolve_questionnaire_epds(root, info, langue="fr"):
        if "\x00" in langue:
            raise ErreurRequete("LANGUE_INCONNUE", "Langue inconnue.")
        questionnaire = questionnaire_publie(langue)
        if questionnaire is None or not models.LangueEpds.objects.filter(code=langue).exists():
            raise ErreurRequete("LANGUE_INCONNUE", f"Aucun questionnaire publié en « {langue} ».")
        return questionnaire

    @staticmethod
    def resolve_langues(root, info):
        codes = models.QuestionnaireEpds.objects.filter(publie=True).values("locale__language_code")
        return models.LangueEpds.objects.filter(code__in=codes)

    @staticmethod
    def resolve_statistiques_epds(root, info):
        return object()
