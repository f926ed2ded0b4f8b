"""Public GraphQL of the « repérage TND »: the questionnaire of a child's age, and its answers.

Written by hand; grapple gets no type of this app (the answers are not content). The outcome
and its advice are computed by the server (`reperage.regles`), never by the client.
"""

from __future__ import annotations

import graphene

from hub.api.errors import ErreurChamp, ErreurRequete
from hub.api.mutations import erreurs_en_donnees
from hub.api.scalars import Date
from reperage import regles
from reperage.soumissions import conseil_pour, questionnaire_pour_age, soumettre

ReponseReperage = graphene.Enum.from_enum(
    regles.Reponse, name="ReponseReperage", description=lambda v: None if v else "Réponse à une question."
)
SENS_ISSUES = {
    regles.Issue.AUCUN_SIGNE: "Aucun signe d'alerte relevé.",
    regles.Issue.A_SURVEILLER: "Des signes à surveiller : en parler au prochain rendez-vous de suivi.",
    regles.Issue.EN_PARLER_AU_MEDECIN: "En parler au médecin qui suit l'enfant.",
}
IssueReperage = graphene.Enum.from_enum(
    regles.Issue,
    name="IssueReperage",
    description=lambda v: SENS_ISSUES[v] if v else "Issue du repérage : jamais un diagnostic.",
)


class SourceReperage(graphene.ObjectType):
    titre = graphene.String(required=True)
    url = graphene.String()
    date = Date()


def _source(questionnaire):
    return SourceReperage(
        titre=questionnaire.source_titre,
        url=questionnaire.source_url or None,
        date=questionnaire.source_date,
    )


class QuestionReperage(graphene.ObjectType):
    numero = graphene.Int(required=True)
    libelle = graphene.String(required=True)
    aide = graphene.String()
    domaine = graphene.String(required=True, description="`code` du domaine.")

    @staticmethod
    def resolve_aide(question, info):
        return question.aide or None

    @staticmethod
    def resolve_domaine(question, info):
        return question.domaine.code


class DomaineReperage(graphene.ObjectType):
    code = graphene.String(required=True)
    nom = graphene.String(required=True)
    questions = graphene.List(graphene.NonNull(QuestionReperage), required=True)


class QuestionnaireReperage(graphene.ObjectType):
    cle = graphene.String(required=True, description="À renvoyer avec les réponses (soumettreReperage).")
    titre = graphene.String(required=True)
    introduction = graphene.String(required=True)
    debut_mois = graphene.Int(required=True, description="Tranche d'âge : à partir de ce mois…")
    fin_mois = graphene.Int(required=True, description="…jusqu'avant ce mois (exclu).")
    source = graphene.Field(SourceReperage, required=True)
    questions = graphene.List(
        graphene.NonNull(QuestionReperage),
        required=True,
        description="Dans l'ordre des numéros : l'ordre des réponses attendues.",
    )
    domaines = graphene.List(
        graphene.NonNull(DomaineReperage), required=True, description="Les questions groupées par domaine."
    )

    @staticmethod
    def resolve_source(questionnaire, info):
        return _source(questionnaire)

    @staticmethod
    def resolve_questions(questionnaire, info):
        return questionnaire.questions_ordonnees()

    @staticmethod
    def resolve_domaines(questionnaire, info):
        domaines = {}
        for question in questionnaire.questions_ordonnees():
            d = question.domaine
            domaines.setdefault(d.pk, (d, []))[1].append(question)
        ordonnes = sorted(domaines.values(), key=lambda p: (p[0].ordre, p[0].code))
        return [DomaineReperage(code=d.code, nom=d.nom, questions=qs) for d, qs in ordonnes]


class ResultatReperage(graphene.ObjectType):
    issue = graphene.Field(IssueReperage, required=True)
    titre = graphene.String(required=True)
    conseil = graphene.String(required=True)
    signes_alerte = graphene.List(
        graphene.NonNull(graphene.Int), required=True, description="Numéros des questions en signe d'alerte."
    )
    domaines_alerte = graphene.List(
        graphene.NonNull(graphene.String), required=True, description="Codes de leurs domaines."
    )
    source = graphene.Field(SourceReperage, required=True)

    @staticmethod
    def resolve_issue(reponse, info):
        return reponse.issue

    @staticmethod
    def resolve_titre(reponse, info):
        conseil = conseil_pour(reponse.questionnaire_tnd, reponse.issue)
        return conseil.titre if conseil else ""

    @staticmethod
    def resolve_conseil(reponse, info):
        conseil = conseil_pour(reponse.questionnaire_tnd, reponse.issue)
        return conseil.conseil if conseil else ""

    @staticmethod
    def resolve_signes_alerte(reponse, info):
        return reponse.signes

    @staticmethod
    def resolve_domaines_alerte(reponse, info):
        return reponse.domaines

    @staticmethod
    def resolve_source(reponse, info):
        return _source(reponse.questionnaire_tnd)


class ReperageQuery(graphene.ObjectType):
    questionnaire_reperage = graphene.Field(
        QuestionnaireReperage,
        age_mois=graphene.Int(required=True, description="Âge de l'enfant en mois (0 à 72)."),
        description="Le questionnaire publié de cet âge ; null quand aucune tranche ne le couvre.",
    )

    @staticmethod
    def resolve_questionnaire_reperage(root, info, age_mois):
        try:
            return questionnaire_pour_age(age_mois)
        except regles.SaisieRefusee as e:
            raise ErreurRequete(e.code, e.message) from None


class SoumissionReperageInput(graphene.InputObjectType):
    source = graphene.String(required=True)
    questionnaire = graphene.String(required=True, description="`cle` du questionnaire répondu.")
    reponses = graphene.List(
        graphene.NonNull(ReponseReperage), required=True, description="Une par question, dans l'ordre."
    )
    idempotency_key = graphene.String(
        description="Renvoyer les mêmes réponses avec la même clé rend le même résultat, sans doublon."
    )


class SoumettreReperage(graphene.Mutation):
    """Stores anonymous answers (no personal data) and answers the outcome and its advice."""

    class Arguments:
        input = SoumissionReperageInput(required=True)

    class Meta:
        name = "SoumissionReperagePayload"

    resultat = graphene.Field(ResultatReperage)
    errors = graphene.List(graphene.NonNull(ErreurChamp), required=True)

    @classmethod
    @erreurs_en_donnees(avec_source=True)
    def mutate(cls, root, info, input, source):
        reponse = soumettre(
            source=source,
            questionnaire=input["questionnaire"],
            reponses=[getattr(r, "value", r) for r in input["reponses"]],
            idempotency_key=input.get("idempotency_key"),
        )
        return cls(resultat=reponse, errors=[])


class ReperageMutation(graphene.ObjectType):
    soumettre_reperage = SoumettreReperage.Field(required=True)
