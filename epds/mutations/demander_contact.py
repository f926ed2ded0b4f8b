import graphene

from epds.schema import CanalContact, Creneau
from epds.soumissions import demander_contact
from hub.api.errors import ErreurChamp
from hub.api.mutations import erreurs_en_donnees
from hub.api.scalars import Date


def _valeur(enum_ou_texte):
    return getattr(enum_ou_texte, "value", enum_ou_texte)


class DemandeContactInput(graphene.InputObjectType):
    resultat = graphene.ID(required=True)
    jeton = graphene.String(required=True)
    prenom = graphene.String(required=True)
    canal = CanalContact(required=True)
    telephone = graphene.String()
    email = graphene.String()
    creneaux = graphene.List(graphene.NonNull(Creneau))
    nombre_enfants = graphene.Int()
    naissance_dernier_enfant = Date()
    departement = graphene.String()
    consentement = graphene.Boolean(required=True, description="Doit valoir true.")
    confirmation = graphene.Boolean(
        default_value=False, description="Envoyer un email de confirmation au parent."
    )
    idempotency_key = graphene.String(
        description="Renvoyer la même demande avec la même clé rend la même référence, sans doublon."
    )


class DemanderContact(graphene.Mutation):
    class Arguments:
        input = DemandeContactInput(required=True)

    class Meta:
        name = "DemandeContactPayload"

    reference = graphene.String()
    errors = graphene.List(graphene.NonNull(ErreurChamp), required=True)

    @classmethod
    @erreurs_en_donnees()
    def mutate(cls, root, info, input):
        demande = demander_contact(
            resultat=input["resultat"],
            jeton=input["jeton"],
            prenom=input["prenom"],
            canal=_valeur(input["canal"]),
            telephone=input.get("telephone"),
            email=input.get("email"),
            creneaux=[_valeur(c) for c in input.get("creneaux") or []],
            nombre_enfants=input.get("nombre_enfants"),
            naissance_dernier_enfant=input.get("naissance_dernier_enfant"),
            departement=(input.get("departement") or "").upper() or None,
            consentement=input["consentement"],
            confirmation=bool(input.get("confirmation")),
            idempotency_key=input.get("idempotency_key"),
        )
        return cls(reference=demande.reference, errors=[])
