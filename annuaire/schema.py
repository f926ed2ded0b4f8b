"""GraphQL part of the annuaire: professionnels, lieux, départements (contract, section Annuaire).

Types are plain graphene types over the models (grapple does not generate types for this
app, see settings). Lists are Relay connections (hub/api/pagination.py); a list costs two
queries (count and page) whatever its length: départements and régions are joined.
"""

from __future__ import annotations

import graphene

from annuaire import search
from annuaire.models import CategorieLieu as CategorieLieuChoix
from annuaire.models import Departement as DepartementModel
from annuaire.models import Lieu as LieuModel
from annuaire.models import Profession as ProfessionChoix
from annuaire.models import Professionnel as ProfessionnelModel
from annuaire.models import TypeLieu as TypeLieuChoix
from hub.api.errors import ErreurChamp
from hub.api.mutations import erreurs_en_donnees
from hub.api.pagination import Connection, connection_type, paginate
from hub.api.scalars import Date
from hub.formats import afficher_telephone

TypeLieu = graphene.Enum(
    "TypeLieu",
    [(valeur.upper(), valeur) for valeur in TypeLieuChoix.values],
    description="Type d'un lieu (structure) de l'annuaire.",
)


CategorieLieu = graphene.Enum(
    "CategorieLieu",
    [(valeur.upper(), valeur) for valeur in CategorieLieuChoix.values],
    description="Famille d'un type de la carte : structure (maternité, PMI…) ou professionnel.",
)


class TypeDeLieu(graphene.ObjectType):
    """How the map shows a type of place: its name, its category, the stages it matters for."""

    code = graphene.String(
        required=True,
        description="Valeur de `TypeLieu` (structure, en minuscules : pmi) ou code de profession (sage_femme).",
    )
    nom = graphene.String(required=True)
    categorie = graphene.Field(CategorieLieu, required=True)
    description = graphene.String()
    ordre = graphene.Int(required=True)
    etapes = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Slugs des étapes où ce type est utile ; vide : toutes les étapes.",
    )

    @staticmethod
    def resolve_description(root, info):
        return root.description or None


class Departement(graphene.ObjectType):
    code = graphene.String(required=True, description="Code INSEE : 01…95, 2A, 2B, 971…976.")
    nom = graphene.String(required=True)
    region = graphene.String(required=True, description="Nom de la région.")
    code_region = graphene.String(required=True)
    outre_mer = graphene.Boolean(required=True)

    @staticmethod
    def resolve_region(root, info):
        return root.region.nom

    @staticmethod
    def resolve_code_region(root, info):
        return root.region.code


class Profession(graphene.ObjectType):
    code = graphene.String(required=True, description="Valeur du filtre `profession`, ex. sage_femme.")
    libelle = graphene.String(required=True)


class Coordonnees(graphene.InputObjectType):
    latitude = graphene.Float(required=True)
    longitude = graphene.Float(required=True)


def _vide_en_null(valeur):
    return valeur or None


class FicheAnnuaire(graphene.Interface):
    """Fields shared by professionals and places."""

    id = graphene.ID(required=True)
    nom = graphene.String(required=True)
    telephone = graphene.String()
    email = graphene.String()
    site_web = graphene.String()
    adresse = graphene.String()
    code_postal = graphene.String()
    commune = graphene.String()
    departement = graphene.Field(Departement)
    region = graphene.String()
    latitude = graphene.Float()
    longitude = graphene.Float()
    distance_km = graphene.Float(description="Distance au point recherché (recherche autourDe), en km.")
    verifie_le = Date()

    @staticmethod
    def resolve_telephone(root, info):
        return afficher_telephone(root.telephone) if root.telephone else None

    @staticmethod
    def resolve_email(root, info):
        return _vide_en_null(root.email)

    @staticmethod
    def resolve_site_web(root, info):
        return _vide_en_null(root.site_web)

    @staticmethod
    def resolve_adresse(root, info):
        return _vide_en_null(root.adresse)

    @staticmethod
    def resolve_code_postal(root, info):
        return _vide_en_null(root.code_postal)

    @staticmethod
    def resolve_commune(root, info):
        return _vide_en_null(root.commune)

    @staticmethod
    def resolve_region(root, info):
        return root.departement.region.nom if root.departement_id else None

    @staticmethod
    def resolve_distance_km(root, info):
        distance = getattr(root, "distance_km", None)
        return round(distance, 3) if distance is not None else None


class Professionnel(graphene.ObjectType):
    class Meta:
        interfaces = (FicheAnnuaire,)

    prenom = graphene.String()
    profession = graphene.String(required=True, description="Code de la profession, ex. sage_femme.")
    profession_libelle = graphene.String(required=True, description="Ex. « Sage-femme ».")
    tarif = graphene.String()
    conventionne = graphene.Boolean()
    teleconsultation = graphene.Boolean()
    langues = graphene.List(graphene.NonNull(graphene.String), required=True)
    note = graphene.String()

    @staticmethod
    def resolve_prenom(root, info):
        return _vide_en_null(root.prenom)

    @staticmethod
    def resolve_profession_libelle(root, info):
        return root.get_profession_display()

    @staticmethod
    def resolve_tarif(root, info):
        return _vide_en_null(root.tarif)

    @staticmethod
    def resolve_note(root, info):
        return _vide_en_null(root.note)


class Lieu(graphene.ObjectType):
    class Meta:
        interfaces = (FicheAnnuaire,)

    type = graphene.Field(TypeLieu, required=True)
    type_libelle = graphene.String(required=True)
    description = graphene.String()
    etapes = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Slugs des étapes du parcours concernées ; vide : toutes les étapes.",
    )

    @staticmethod
    def resolve_type_libelle(root, info):
        return root.get_type_display()

    @staticmethod
    def resolve_description(root, info):
        return _vide_en_null(root.description)


ProfessionnelConnection = connection_type(Professionnel, "Professionnel")
LieuConnection = connection_type(Lieu, "Lieu")


class _RechercheCommune:
    autour_de = graphene.Field(Coordonnees, description="Trie par distance à ce point.")
    rayon_km = graphene.Float(default_value=search.RAYON_PAR_DEFAUT_KM, description="Max. 200 km.")
    departement = graphene.String(description="Code du département, ex. 75, 2A, 974.")
    commune = graphene.String(description="Nom de la commune, sans tenir compte des accents.")
    code_postal = graphene.String()
    texte = graphene.String(description="Mots recherchés, sans tenir compte des accents ni de la casse.")


class RechercheProfessionnels(_RechercheCommune, graphene.InputObjectType):
    profession = graphene.String(description="Code (sage_femme) ou libellé (Sage-femme).")
    teleconsultation = graphene.Boolean()
    conventionne = graphene.Boolean()


class RechercheLieux(_RechercheCommune, graphene.InputObjectType):
    types = graphene.List(graphene.NonNull(TypeLieu))
    etape = graphene.String(description="Slug d'une étape du parcours.")


def _criteres(recherche) -> search.Criteres:
    recherche = recherche or {}
    autour = recherche.get("autour_de")
    criteres = search.Criteres(
        latitude=autour["latitude"] if autour else None,
        longitude=autour["longitude"] if autour else None,
        rayon_km=recherche.get("rayon_km"),
        departement=recherche.get("departement"),
        commune=recherche.get("commune"),
        code_postal=recherche.get("code_postal"),
        texte=recherche.get("texte"),
        profession=recherche.get("profession"),
        teleconsultation=recherche.get("teleconsultation"),
        conventionne=recherche.get("conventionne"),
        etape=recherche.get("etape"),
    )
    criteres.types = [getattr(t, "value", t) for t in recherche.get("types") or []]
    return criteres


def _fiche_publiee(modele, id):
    id = str(id)
    if not (id.isascii() and id.isdigit() and len(id) <= 18):
        return None
    return modele.objects.publiees().select_related("departement__region").filter(pk=int(id)).first()


# Around a point, the first page is looked for in a circle of this fraction of the radius first.
FRACTION_PREMIER_CERCLE = 1 / 8


def _page(rechercher, criteres: search.Criteres, first, after) -> Connection:
    """A page of a directory search. Around a point, the first page is read from a circle of an
    eighth of the radius when that circle holds it whole — exact: every entry outside the circle
    is farther than every entry inside — so that a dense area (thousands of professionals within
    20 km of Paris) costs the rows near the centre, not every row within the radius; otherwise
    (a sparse area, fewer rows anyway) from the whole radius. `totalCount` counts the radius."""
    entrees = rechercher(criteres)
    if not criteres.autour or after is not None or first == 0:
        return paginate(entrees, first, after)
    assert criteres.rayon_km is not None  # set by the search's checks
    page = paginate(
        search.dans_le_cercle(entrees, criteres, criteres.rayon_km * FRACTION_PREMIER_CERCLE), first
    )
    if not page.page_info.has_next_page:
        return paginate(entrees, first)
    return Connection(page.edges, page.page_info, lambda: paginate(entrees, 0).total_count)


class AnnuaireQuery(graphene.ObjectType):
    professionnels = graphene.Field(
        ProfessionnelConnection,
        required=True,
        recherche=RechercheProfessionnels(),
        first=graphene.Int(),
        after=graphene.String(),
        description="Professionnels publiés ; triés par distance quand `autourDe` est donné.",
    )
    professionnel = graphene.Field(Professionnel, id=graphene.ID(required=True))
    lieux = graphene.Field(
        LieuConnection,
        required=True,
        recherche=RechercheLieux(),
        first=graphene.Int(),
        after=graphene.String(),
        description="Lieux publiés (maternités, PMI, CAF…) ; triés par distance quand `autourDe` est donné.",
    )
    lieu = graphene.Field(Lieu, id=graphene.ID(required=True))
    departements = graphene.List(graphene.NonNull(Departement), required=True)
    types_lieu = graphene.List(
        graphene.NonNull(TypeDeLieu),
        required=True,
        categorie=CategorieLieu(),
        etape=graphene.String(description="Slug d'une étape : les types utiles à cette étape."),
        description="Types de la carte (légende et filtres), dans l'ordre choisi par les éditeurs.",
    )
    professions = graphene.List(
        graphene.NonNull(Profession),
        required=True,
        description="Professions de l'annuaire, pour les filtres.",
    )

    @staticmethod
    def resolve_professionnels(root, info, recherche=None, first=None, after=None):
        return _page(search.rechercher_professionnels, _criteres(recherche), first, after)

    @staticmethod
    def resolve_professionnel(root, info, id):
        return _fiche_publiee(ProfessionnelModel, id)

    @staticmethod
    def resolve_lieu(root, info, id):
        return _fiche_publiee(LieuModel, id)

    @staticmethod
    def resolve_lieux(root, info, recherche=None, first=None, after=None):
        return _page(search.rechercher_lieux, _criteres(recherche), first, after)

    @staticmethod
    def resolve_professions(root, info):
        return [Profession(code=code, libelle=libelle) for code, libelle in ProfessionChoix.choices]

    @staticmethod
    def resolve_types_lieu(root, info, categorie=None, etape=None):
        from contenus import services

        types = services.types_lieu_de_etape(etape) if etape else services.types_de_lieu()
        categorie = getattr(categorie, "value", categorie)
        return [t for t in types if categorie is None or t.categorie == categorie]

    @staticmethod
    def resolve_departements(root, info):
        return DepartementModel.objects.select_related("region").order_by("code")


class SuggestionLieuInput(graphene.InputObjectType):
    nom = graphene.String(required=True)
    type = graphene.Field(TypeLieu, required=True)
    adresse = graphene.String(description="Numéro et voie.")
    code_postal = graphene.String(required=True)
    commune = graphene.String(required=True)
    telephone = graphene.String()
    site_web = graphene.String()
    description = graphene.String(description="Ce que le parent sait du lieu (1000 caractères au plus).")


class SuggererLieu(graphene.Mutation):
    """A parent suggests a place for the map: it waits in the admin's queue for an editor."""

    class Arguments:
        input = SuggestionLieuInput(required=True)

    class Meta:
        name = "SuggestionLieuPayload"

    reference = graphene.String(description="Référence de la suggestion, à citer à l'équipe.")
    errors = graphene.List(graphene.NonNull(ErreurChamp), required=True)

    @classmethod
    @erreurs_en_donnees()
    def mutate(cls, root, info, input):
        from annuaire.suggestions import suggerer

        suggestion = suggerer(
            nom=input["nom"],
            type=getattr(input["type"], "value", input["type"]),
            code_postal=input["code_postal"],
            commune=input["commune"],
            adresse=input.get("adresse"),
            telephone=input.get("telephone"),
            site_web=input.get("site_web"),
            description=input.get("description"),
        )
        return cls(reference=suggestion.reference, errors=[])


class AnnuaireMutation(graphene.ObjectType):
    suggerer_lieu = SuggererLieu.Field(required=True)
