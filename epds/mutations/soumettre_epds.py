import graphene

from epds.schema import NiveauEpds, ResultatEpds  # noqa: F401 — NiveauEpds is part of the payload
from epds.soumissions import Demographie, soumettre
from hub.api.errors import ErreurChamp
from hub.api.mutations import erreurs_en_donnees


class DemographieInput(graphene.InputObjectType):
    genre = graphene.String(description="F, H ou A (autre).")
    tranche_age = graphene.String(description="<18, 18-25, 25-30, 30-35, 35-40, 40-45, >45")
    departement = graphene.String()
    situation = graphene.String(
        description="ATTEND_ENFANT, ENFANT_MOINS_1_AN, ENFANT_MOINS_2_ANS, ENFANT_PLUS_2_ANS, ENFANT_PERDU"
    )
    mois = graphene.Int(description="Mois de grossesse ou âge du dernier enfant en mois.")
    entourage_aide = graphene.Boolean()
    categorie_socio_professionnelle = graphene.Int(description="PCS 2020, premier niveau (1 à 8).")


class SoumissionEpdsInput(graphene.InputObjectType):
    source = graphene.String(required=True)
    langue = graphene.String(default_value="fr")
    version = graphene.String(required=True)
    reponses = graphene.List(graphene.NonNull(graphene.Int), required=True)
    duree_secondes = graphene.Int()
    idempotency_key = graphene.String()
    demographie = graphene.Field(DemographieInput)


class SoumettreEpds(graphene.Mutation):
    class Arguments:
        input = SoumissionEpdsInput(required=True)

    class Meta:
        name = "SoumissionEpdsPayload"

    resultat = graphene.Field(ResultatEpds)
    errors = graphene.List(graphene.NonNull(ErreurChamp), required=True)

    @classmethod
    @erreurs_en_donnees(avec_source=True)
    def mutate(cls, root, info, input, source):
        d = input.get("demographie")
        demographie = None
        if d is not None:
            demographie = Demographie(
                genre=d.get("genre") or "",
                tranche_age=d.get("tranche_age") or "",
                departement=(d.get("departement") or "").upper(),
                situation=d.get("situation") or "",
                mois=d.get("mois"),
                entourage_aide=d.get("entourage_aide"),
                categorie_pcs=d.get("categorie_socio_professionnelle"),
            )
        # `source`: stored for the partner authenticated by key or origin, whatever the document says.
        soumission, suivi_ouvert = soumettre(
            source=source,
            langue=input.get("langue") or "fr",
            version=input["version"],
            reponses=list(input["reponses"]),
            duree_secondes=input.get("duree_secondes"),
            idempotency_key=input.get("idempotency_key"),
            demographie=demographie,
        )
        soumission.suivi_ouvert = suivi_ouvert  # known: ResultatEpds need not ask the database
        return cls(resultat=soumission, errors=[])
