"""Root GraphQL fields of the contenus domain (registered in `contenus.wagtail_hooks`)."""

from __future__ import annotations

import graphene
from django.utils import timezone

from contenus import parcours, representations, services
from contenus.models import ArticlePage
from contenus.models import Thematique as ThematiqueModel
from contenus.types import (
    Article,
    ArticleConnection,
    ConfigurationApplication,
    Etape,
    Evenement,
    Mesure,
    Parcours,
    Parentheque,
    RendezVous,
    Situation,
    Thematique,
    _etapes,
    chargement_mesures,
    evenements_montres,
)
from hub.api.errors import ErreurRequete
from hub.api.limits import check_integer_id
from hub.api.pagination import paginate
from hub.api.scalars import Date

_AIDE_DEPUIS = (
    "Synchronisation incrémentale : seulement ce qui a été publié ou mis à jour depuis cet instant "
    "(inclus ; ISO 8601 avec fuseau). Les dépublications sont signalées par les webhooks."
)


def _instant(valeur):
    """An instant with its offset: without one, « depuis » would depend on the server's zone."""
    if valeur is not None and timezone.is_naive(valeur):
        raise ErreurRequete(
            "DATE_HEURE_INVALIDE", "Indiquez le fuseau de misAJourDepuis (ex. 2026-11-24T09:00:00+01:00)."
        )
    return valeur


class ContenusQuery(graphene.ObjectType):
    etapes = graphene.List(graphene.NonNull(Etape), required=True, description="Les 8 étapes, dans l'ordre.")
    etape = graphene.Field(Etape, slug=graphene.String(required=True))
    parcours = graphene.Field(
        Parcours,
        required=True,
        situation=graphene.Argument(Situation, required=True),
        date=graphene.Argument(Date, description="Terme (GROSSESSE) ou date de naissance (ENFANT)."),
        aujourdhui=graphene.Argument(Date, description="Par défaut, aujourd'hui (heure de Paris)."),
        naissances=graphene.Argument(
            graphene.List(graphene.NonNull(Date)),
            description=(
                "Plusieurs enfants (situation ENFANT) : leurs dates de naissance, 20 au plus ; le parcours "
                "suit le dernier né (la date la plus récente, `date` comprise si elle est donnée)."
            ),
        ),
    )
    thematiques = graphene.List(graphene.NonNull(Thematique), required=True)
    articles = graphene.Field(
        ArticleConnection,
        required=True,
        etape=graphene.String(),
        thematique=graphene.String(),
        recherche=graphene.String(
            description="Mots cherchés, sans tenir compte des accents ni des majuscules."
        ),
        handicap=graphene.Boolean(),
        mis_a_jour_depuis=graphene.DateTime(description=_AIDE_DEPUIS),
        first=graphene.Int(),
        after=graphene.String(),
    )
    article = graphene.Field(Article, slug=graphene.String(required=True))
    articles_par_ids = graphene.List(
        graphene.NonNull(Article),
        required=True,
        ids=graphene.List(graphene.NonNull(graphene.ID), required=True),
        description=(
            f"Articles publiés parmi ces identifiants (favoris), dans l'ordre donné ; {services.MAX_IDS} au "
            "plus. Un identifiant inconnu ou dépublié est simplement absent."
        ),
    )
    apercu_article = graphene.Field(
        Article,
        jeton=graphene.String(required=True),
        description="Brouillon d'un article, avec le jeton d'aperçu donné par l'administration.",
    )
    mesures = graphene.List(
        graphene.NonNull(Mesure),
        required=True,
        etape=graphene.String(),
        mis_a_jour_depuis=graphene.DateTime(description=_AIDE_DEPUIS),
    )
    evenements = graphene.List(graphene.NonNull(Evenement), required=True, etape=graphene.String())
    evenement = graphene.Field(
        Evenement,
        id=graphene.ID(),
        slug=graphene.String(),
        description="Un événement publié, par `id` ou par `slug` (l'un des deux).",
    )
    configuration_application = graphene.Field(ConfigurationApplication, required=True)
    parentheque = graphene.Field(
        Parentheque, required=True, etape=graphene.String(description="Slug d'une étape.")
    )
    calendrier = graphene.List(
        graphene.NonNull(RendezVous),
        required=True,
        situation=graphene.Argument(Situation, required=True),
        date=graphene.Argument(Date, required=True),
        essentiels=graphene.Boolean(),
        aujourdhui=graphene.Argument(Date, description="Par défaut, aujourd'hui (heure de Paris)."),
    )

    @staticmethod
    def resolve_etapes(root, info):
        return _etapes(info)

    @staticmethod
    def resolve_etape(root, info, slug):
        return next((e for e in _etapes(info) if e.slug == slug), None)

    @staticmethod
    def resolve_parcours(root, info, situation, date=None, aujourdhui=None, naissances=None):
        jour = aujourdhui or parcours.aujourdhui()
        return services.calculer_parcours(parcours.Situation(situation), date, jour, tuple(naissances or ()))

    @staticmethod
    def resolve_thematiques(root, info):
        return ThematiqueModel.objects.order_by("ordre", "nom")

    @staticmethod
    def resolve_articles(
        root,
        info,
        etape=None,
        thematique=None,
        recherche=None,
        handicap=None,
        mis_a_jour_depuis=None,
        first=None,
        after=None,
    ):
        if recherche is not None and len(recherche) > 200:
            raise ErreurRequete("RECHERCHE_TROP_LONGUE", "La recherche est limitée à 200 caractères.")
        articles = services.filtrer_articles(
            etape,
            thematique,
            recherche,
            handicap,
            _instant(mis_a_jour_depuis),
            chargement=services.IDENTIFIANTS,
        )
        return representations.page(paginate(articles, first, after))

    @staticmethod
    def resolve_article(root, info, slug):
        pk = services.article_publie(slug)
        trouvee = representations.representations([pk] if pk is not None else [])
        return trouvee[0] if trouvee else None

    @staticmethod
    def resolve_articles_par_ids(root, info, ids):
        if len(ids) > services.MAX_IDS:
            raise ErreurRequete("LISTE_TROP_LONGUE", f"{services.MAX_IDS} identifiants au plus par requête.")
        for id_ in ids:
            check_integer_id(id_)
        return representations.representations(dict.fromkeys(int(i) for i in ids))

    @staticmethod
    def resolve_evenement(root, info, id=None, slug=None):
        if (id is None) == (slug is None):
            raise ErreurRequete(
                "IDENTIFIANT_REQUIS", "Indiquez l'`id` ou le `slug` de l'événement (un seul)."
            )
        if id is not None:
            check_integer_id(id)
            evenement = services.evenement_publie(pk=int(id))
        else:
            evenement = services.evenement_publie(slug=slug)
        evenements_montres(info, [evenement] if evenement else [])
        return evenement

    @staticmethod
    def resolve_configuration_application(root, info):
        return services.configuration()

    @staticmethod
    def resolve_apercu_article(root, info, jeton):
        from contenus import apercu

        page = apercu.lire(jeton)
        if page is None:
            raise ErreurRequete("APERCU_INVALIDE", "Ce lien d'aperçu est invalide ou a expiré.")
        return representations.representer_brouillon(page)

    @staticmethod
    def resolve_mesures(root, info, etape=None, mis_a_jour_depuis=None):
        return services.mesures_publiees(etape, _instant(mis_a_jour_depuis), chargement_mesures(info))

    @staticmethod
    def resolve_evenements(root, info, etape=None):
        if etape is None:
            evenements = services.evenements_du_calendrier()
        else:
            evenements = services.evenements_de_etape(
                next((e for e in _etapes(info) if e.slug == etape), None)
            )
        return evenements_montres(info, evenements)

    @staticmethod
    def resolve_parentheque(root, info, etape=None):
        return services.parentheque(etape)

    @staticmethod
    def resolve_calendrier(root, info, situation, date, essentiels=None, aujourdhui=None):
        situation = parcours.Situation(situation)
        if situation not in parcours.SITUATIONS_DATEES:
            raise ErreurRequete(
                parcours.DATE_INVALIDE,
                "Le calendrier se calcule depuis un terme (GROSSESSE) ou une naissance (ENFANT).",
            )
        parcours.valider(situation, date, aujourdhui or parcours.aujourdhui())
        rendez_vous = services.calendrier(situation, date, essentiels)
        evenements_montres(info, [r.evenement for r in rendez_vous])
        return rendez_vous


__all__ = ["ContenusQuery", "RendezVous", "ArticlePage"]
