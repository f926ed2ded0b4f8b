import graphene

from epds.professionnels import envoyer_resultat
from epds.schema import NiveauEpds
from hub.api.errors import ErreurChamp
from hub.api.mutations import erreurs_en_donnees


class EnvoiResultatProInput(graphene.InputObjectType):
    source = graphene.String(required=True, description="Le partenaire : le site EPDS des professionnels.")
    langue = graphene.String(default_value="fr")
    version = graphene.String(required=True)
    reponses = graphene.List(graphene.NonNull(graphene.Int), required=True)
    email = graphene.String(
        required=True, description="L'adresse du professionnel, telle qu'elle figure dans l'annuaire."
    )
    consentement_patient = graphene.Boolean(
        required=True, description="La patiente accepte l'envoi de son résultat : doit valoir true."
    )
    idempotency_key = graphene.String(
        description="Renvoyer le même envoi avec la même clé ne renvoie pas de second email."
    )


class ResultatEpdsPro(graphene.ObjectType):
    score = graphene.Int(required=True)
    niveau = graphene.Field(NiveauEpds, required=True)
    alerte_question10 = graphene.Boolean(required=True, name="alerteQuestion10")
    envoi_programme = graphene.Boolean(
        required=True, description="L'email part par la file d'envoi, avec reprises en cas d'échec."
    )


class EnvoyerResultatEpdsPro(graphene.Mutation):
    """Scores the answers and emails the result as a PDF to the professional (worker, retries);
    nothing personal is kept once the email is sent."""

    class Arguments:
        input = EnvoiResultatProInput(required=True)

    class Meta:
        name = "EnvoiResultatProPayload"

    resultat = graphene.Field(ResultatEpdsPro)
    errors = graphene.List(graphene.NonNull(ErreurChamp), required=True)

    @classmethod
    @erreurs_en_donnees(avec_source=True)
    def mutate(cls, root, info, input, source):
        _, resultat = envoyer_resultat(
            source=source,
            langue=input.get("langue") or "fr",
            version=input["version"],
            reponses=list(input["reponses"]),
            email=input["email"],
            consentement=input["consentement_patient"],
            idempotency_key=input.get("idempotency_key"),
        )
        return cls(
            resultat=ResultatEpdsPro(
                score=resultat.score,
                niveau=resultat.niveau.value,
                alerte_question10=resultat.alerte_question_10,
                envoi_programme=True,
            ),
            errors=[],
        )
