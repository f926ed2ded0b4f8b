import graphene

from epds.mutations.consulter_ressource import ConsulterRessourceEpds
from epds.mutations.demander_contact import DemanderContact
from epds.mutations.envoyer_resultat_pro import EnvoyerResultatEpdsPro
from epds.mutations.soumettre_epds import SoumettreEpds


class EpdsMutation(graphene.ObjectType):
    soumettre_epds = SoumettreEpds.Field(required=True)
    demander_contact = DemanderContact.Field(required=True)
    consulter_ressource_epds = ConsulterRessourceEpds.Field(required=True)
    envoyer_resultat_epds_pro = EnvoyerResultatEpdsPro.Field(required=True)
