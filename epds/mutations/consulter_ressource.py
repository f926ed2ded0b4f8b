import graphene

from epds.consultations import compter_consultation
from hub.api.errors import ErreurChamp, ErreurSaisie
from hub.saisie import caracteres_interdits


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
    def mutate(cls, root, info, input):
        if interdits := caracteres_interdits(dict(input)):
            return cls(errors=ErreurChamp.depuis(interdits))
        try:
            compter_consultation(input["ressource"])
        except ErreurSaisie as e:
            return cls(errors=ErreurChamp.depuis([e]))
        return cls(errors=[])
