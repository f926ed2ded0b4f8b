import graphene

from epds.consultations import compter_consultation
from hub.api.errors import ErreurChamp
from hub.api.mutations import erreurs_en_donnees


class ConsultationRessourceInput(graphene.InputObjectType):
    ressource = graphene.ID(required=True, description="`id` d'une ressource d'un résultat.")


class ConsulterRessourceEpds(graphene.Mutation):
    """Counts one click on a resource, anonymously (one counter per resource and per day)."""

    class Arguments:
        input = ConsultationRessourceInput(required=True)

    class Meta:
        name = "ConsultationRessourcePayload"

    errors = graphene.List(graphene.NonNull(ErreurChamp), required=True)

    @classmethod
    @erreurs_en_donnees()
    def mutate(cls, root, info, input):
        compter_consultation(input["ressource"])
        return cls(errors=[])
