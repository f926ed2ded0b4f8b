"""GraphQL types of the contenus domain, named as in the contract.

Relations that lists ask for are prefetched by the domain querysets, or loaded once per
request (`_par_requete`), so that a list costs a constant number of SQL queries.
"""

from __future__ import annotations

import graphene
from grapple.registry import registry
from grapple.types.images import get_image_type

from annuaire.schema import TypeDeLieu
from contenus import parcours, representations, services, syndication, versions
from contenus.blocks import ICONES_EN_BREF, corps_rendu
from hub.adresses import absolue
from hub.api.pagination import connection_type
from hub.api.scalars import Date
from hub.api.selection import selected_fields

Situation = graphene.Enum.from_enum(parcours.Situation, description="Où en est le parent.")


IconeEnBref = graphene.Enum(
    "IconeEnBref",
    [(code, code) for code, _ in ICONES_EN_BREF],
    description="Pictogramme d'une ligne « en bref ».",
)


def _par_requete(info, cle: str, charger):
    """Loads something once per request (a tiny DataLoader for whole small tables)."""
    cache = info.context.__dict__.setdefault("_contenus", {})
    if cle not in cache:
        cache[cle] = charger()
    return cache[cle]


def _etapes(info):
    return _par_requete(info, "etapes", services.etapes_ordonnees)


def _thematiques_par_etape(info) -> dict[int, list]:
    return _par_requete(info, "thematiques_par_etape", services.thematiques_par_etape)


def _reglages(info):
    return _par_requete(info, "syndication", syndication.parametres)


def chargement(
    info, colonnes_par_champ: dict[str, tuple[str, ...]], complet: services.Chargement, *chemin: str
) -> services.Chargement:
    """What a list must load for the fields the query selects below `chemin`: the relations of
    `complet` it asks for (named as their fields) and the columns those fields read. A field
    missing from `colonnes_par_champ` makes the list load every column: a new field can be
    slower, never a query per item."""
    champs = selected_fields(info, *chemin)
    colonnes: set[str] | None = set()
    for champ in champs:
        if champ not in colonnes_par_champ:
            colonnes = None
            break
        colonnes.update(colonnes_par_champ[champ])
    return services.Chargement(
        frozenset(champs) & complet.relations, None if colonnes is None else frozenset(colonnes)
    )


def chargement_mesures(info) -> services.Chargement:
    return chargement(info, COLONNES_MESURE, services.MESURE_COMPLETE)


_AIDE_LICENCE = "Licence de réutilisation (Licence Ouverte 2.0 sauf mention contraire)."
_AIDE_ATTRIBUTION = "Mention à afficher en cas de réutilisation."


def _partenaire_type():
    from epds.models import Partenaire

    return registry.models[Partenaire]


class Thematique(graphene.ObjectType):
    id = graphene.ID(required=True)
    slug = graphene.String(required=True)
    nom = graphene.String(required=True)
    description = graphene.String()

    @staticmethod
    def resolve_id(thematique, info):
        return thematique.pk


class Etape(graphene.ObjectType):
    id = graphene.ID(required=True)
    slug = graphene.String(required=True)
    nom = graphene.String(required=True)
    description = graphene.String()
    ordre = graphene.Int(required=True)
    debut = graphene.Int(description="Début de la plage, en jours depuis le terme ou la naissance (inclus).")
    fin = graphene.Int(description="Fin de la plage, en jours depuis le terme ou la naissance (exclue).")
    thematiques = graphene.List(graphene.NonNull(Thematique), required=True)
    types_lieu = graphene.List(
        graphene.NonNull(TypeDeLieu),
        required=True,
        description="Types de lieux de la carte utiles à cette étape.",
    )

    @staticmethod
    def resolve_id(etape, info):
        return etape.pk

    @staticmethod
    def resolve_types_lieu(etape, info):
        return services.types_lieu_de_etape(etape.slug)

    @staticmethod
    def resolve_thematiques(etape, info):
        return _thematiques_par_etape(info).get(etape.pk, [])


class Bloc(graphene.ObjectType):
    """A block of rich content: a titled section, a paragraph or a box (HTML text)."""

    # Read from the dicts of `contenus.blocks.corps_rendu` by graphene's default resolver.

    type = graphene.String(required=True)
    titre = graphene.String()
    texte = graphene.String(required=True)


class EnBref(graphene.ObjectType):
    icone = graphene.Field(IconeEnBref, required=True)
    texte = graphene.String(required=True)


class Lien(graphene.ObjectType):
    titre = graphene.String(required=True)
    url = graphene.String(required=True)


class Article(graphene.ObjectType):
    id = graphene.ID(required=True)
    slug = graphene.String(required=True)
    titre = graphene.String(required=True)
    resume = graphene.String(required=True)
    visuel = graphene.Field(get_image_type)
    corps = graphene.List(graphene.NonNull(Bloc), required=True)
    le_saviez_vous = graphene.String()
    en_bref = graphene.List(graphene.NonNull(EnBref), required=True)
    liens = graphene.List(graphene.NonNull(Lien), required=True)
    mots_cles = graphene.List(graphene.NonNull(graphene.String), required=True)
    handicap = graphene.Boolean(required=True, description="Contenu lié au handicap.")
    securite_enfant = graphene.Boolean(required=True, description="Contenu sur la sécurité de l'enfant.")
    etapes = graphene.List(graphene.NonNull(Etape), required=True)
    thematiques = graphene.List(graphene.NonNull(Thematique), required=True)
    evenements = graphene.List(
        graphene.NonNull(lambda: Evenement), required=True, description="Rendez-vous et démarches liés."
    )
    types_lieu = graphene.List(
        graphene.NonNull(TypeDeLieu),
        required=True,
        description="Types de lieux de la carte liés à l'article.",
    )
    source = graphene.Field(_partenaire_type)
    source_officielle = graphene.String(description="Le texte ou la page officielle qui fonde l'article.")
    verifie_le = graphene.Field(
        Date, description="Date de la dernière vérification auprès de la source officielle."
    )
    url = graphene.String(required=True, description="Adresse canonique.")
    publie_le = graphene.DateTime(required=True)
    mis_a_jour_le = graphene.DateTime(required=True)
    licence = graphene.String(required=True, description=_AIDE_LICENCE)
    attribution = graphene.String(required=True, description=_AIDE_ATTRIBUTION)

    # The node is an article's representation (`contenus.representations`): a dict whose keys
    # are these fields' names, read by graphene's default resolver; no model, no rendering.
    @staticmethod
    def resolve_evenements(article, info):
        # Loaded once per request, and only when asked (most lists never ask).
        if not hasattr(info.context, "_evenements_par_article"):
            info.context._evenements_par_article = services.evenements_par_article()
        return info.context._evenements_par_article.get(article["id"], [])

    @staticmethod
    def resolve_types_lieu(article, info):
        return _par_requete(info, "types_lieu_par_article", services.types_lieu_par_article).get(
            article["id"], []
        )


ArticleConnection = connection_type(Article, "Article")


def _articles_par_evenement(evenements: set[int] | None = None) -> dict[int, list[dict]]:
    """The representations of the articles of the live events `evenements` (None: every live
    event), read together (constant queries)."""
    ids = services.articles_par_evenement(evenements)
    par_id = {
        r["id"]: r for r in representations.representations({i for liste in ids.values() for i in liste})
    }
    return {evenement: [par_id[i] for i in liste if i in par_id] for evenement, liste in ids.items()}


class Evenement(graphene.ObjectType):
    id = graphene.ID(required=True)
    slug = graphene.String(required=True)
    nom = graphene.String(required=True)
    description = graphene.String()
    debut = graphene.Int(
        required=True, description="Début de la fenêtre, en jours depuis le terme ou la naissance."
    )
    fin = graphene.Int(description="Fin de la fenêtre (exclue) ; vide pour un seul jour.")
    essentiel = graphene.Boolean(required=True)
    thematique = graphene.Field(Thematique)
    source = graphene.String(description="Source officielle.")
    articles = graphene.List(graphene.NonNull(Article), required=True)
    etapes = graphene.List(graphene.NonNull(Etape), required=True)
    types_lieu = graphene.List(
        graphene.NonNull(TypeDeLieu), required=True, description="Où se rendre : types de lieux de la carte."
    )

    @staticmethod
    def resolve_types_lieu(evenement, info):
        return _par_requete(info, "types_lieu_par_evenement", services.types_lieu_par_evenement).get(
            evenement.pk, []
        )

    @staticmethod
    def resolve_id(evenement, info):
        return evenement.pk

    @staticmethod
    def resolve_source(evenement, info):
        return evenement.source or None

    @staticmethod
    def resolve_articles(evenement, info):
        return _articles_de_evenement(info, evenement)

    @staticmethod
    def resolve_etapes(evenement, info):
        return services.etapes_de_evenement(evenement, _etapes(info))


def evenements_montres(info, evenements):
    """Notes the events an answer lists (the events list, a calendar, a parcours's appointments):
    their articles, when the query asks for them, load for those events only, in one go."""
    info.context.__dict__.setdefault("_evenements_montres", set()).update(e.pk for e in evenements)
    return evenements


_TOUS = "*"  # in a request's loaded articles: those of every live event are there


def _articles_de_evenement(info, evenement) -> list:
    """An event's articles, loaded with those of every event the answer lists and not loaded
    yet (a list costs the same queries whatever its length, and reads no more than it shows);
    an event no list noted (a measure's, an article's) loads those of every live event."""
    contexte = info.context.__dict__
    charges = contexte.setdefault("_articles_des_evenements", {})
    if evenement.pk in charges or _TOUS in charges:
        return charges.get(evenement.pk, [])
    montres = contexte.get("_evenements_montres", set())
    if evenement.pk in montres:
        lot = (montres - charges.keys()) | {evenement.pk}
        trouves = _articles_par_evenement(lot)
        charges.update({pk: trouves.get(pk, []) for pk in lot})
    else:
        charges.update(_articles_par_evenement())
        charges[_TOUS] = True
    return charges.get(evenement.pk, [])


class Mesure(graphene.ObjectType):
    id = graphene.ID(required=True)
    slug = graphene.String(required=True)
    titre = graphene.String(required=True)
    resume = graphene.String(required=True)
    corps = graphene.List(graphene.NonNull(Bloc), required=True)
    axe = graphene.Int(required=True, description="Axe de la politique des 1000 premiers jours (1 à 5).")
    porteur = graphene.String()
    lien_officiel = graphene.String()
    etapes = graphene.List(graphene.NonNull(Etape), required=True)
    evenements = graphene.List(graphene.NonNull(Evenement), required=True)
    url = graphene.String(required=True, description="Adresse canonique.")
    publie_le = graphene.DateTime(description="Vide pour une mesure chargée sans publication.")
    mis_a_jour_le = graphene.DateTime(description="Dernière publication.")
    licence = graphene.String(required=True, description=_AIDE_LICENCE)
    attribution = graphene.String(required=True, description=_AIDE_ATTRIBUTION)

    @staticmethod
    def resolve_id(mesure, info):
        return mesure.pk

    @staticmethod
    def resolve_url(mesure, info):
        return syndication.url_mesure(mesure)

    @staticmethod
    def resolve_publie_le(mesure, info):
        return mesure.first_published_at

    @staticmethod
    def resolve_mis_a_jour_le(mesure, info):
        return mesure.last_published_at

    @staticmethod
    def resolve_licence(mesure, info):
        return syndication.licence(mesure, _reglages(info))

    @staticmethod
    def resolve_attribution(mesure, info):
        return syndication.attribution(mesure, _reglages(info))

    @staticmethod
    def resolve_corps(mesure, info):
        return corps_rendu(mesure.corps)

    @staticmethod
    def resolve_porteur(mesure, info):
        return mesure.porteur or None

    @staticmethod
    def resolve_lien_officiel(mesure, info):
        return mesure.lien_officiel or None

    @staticmethod
    def resolve_etapes(mesure, info):
        return mesure.etapes.all()

    @staticmethod
    def resolve_evenements(mesure, info):
        return mesure.evenements.all()


# The columns each field of `Mesure` reads (etapes and evenements load apart).
COLONNES_MESURE: dict[str, tuple[str, ...]] = {
    "__typename": (),
    "id": (),
    "slug": ("slug",),
    "titre": ("titre",),
    "resume": ("resume",),
    "corps": ("corps",),
    "axe": ("axe",),
    "porteur": ("porteur",),
    "lienOfficiel": ("lien_officiel",),
    "etapes": (),
    "evenements": (),
    "url": ("slug",),
    "publieLe": ("first_published_at",),
    "misAJourLe": ("last_published_at",),
    "licence": ("licence",),
    "attribution": ("attribution",),
}


class RendezVous(graphene.ObjectType):
    evenement = graphene.Field(Evenement, required=True)
    date = graphene.Field(Date, required=True)
    date_fin = graphene.Field(Date, description="Dernier jour de la fenêtre (inclus), s'il y en a une.")
    estimee = graphene.Boolean(
        required=True, description="Calculée depuis le terme : la date réelle dépendra de la naissance."
    )


class Parcours(graphene.ObjectType):
    situation = graphene.Field(Situation, required=True)
    etape = graphene.Field(Etape, required=True)
    etape_suivante = graphene.Field(Etape)
    debut_etape = graphene.Field(Date, description="Premier jour de l'étape courante.")
    fin_etape = graphene.Field(Date, description="Dernier jour (inclus) de l'étape courante.")
    semaine_amenorrhee = graphene.Int()
    age_en_jours = graphene.Int()
    terme_depasse = graphene.Boolean(
        description=(
            "GROSSESSE seulement : le terme est passé. L'étape reste « Accouchement » jusqu'à ce que la "
            "naissance soit déclarée : l'application propose « Bébé né » et demande la date de naissance, "
            "puis calcule le parcours en situation ENFANT avec cette date."
        )
    )
    articles = graphene.Field(ArticleConnection, required=True, first=graphene.Int(), after=graphene.String())
    rendez_vous = graphene.List(
        graphene.NonNull(RendezVous), required=True, jours=graphene.Int(default_value=90)
    )
    mesures = graphene.List(graphene.NonNull(Mesure), required=True)

    # The domain's `services.Parcours` computes everything; these only translate arguments.
    @staticmethod
    def resolve_articles(resultat, info, first=None, after=None):
        return representations.page(resultat.articles(first, after))

    @staticmethod
    def resolve_rendez_vous(resultat, info, jours=90):
        rendez_vous = resultat.rendez_vous(jours)
        evenements_montres(info, [r.evenement for r in rendez_vous])
        return rendez_vous

    @staticmethod
    def resolve_mesures(resultat, info):
        return resultat.mesures()


class DocumentParentheque(graphene.ObjectType):
    id = graphene.ID(required=True)
    titre = graphene.String(required=True)
    description = graphene.String()
    url = graphene.String(required=True, description="Adresse du fichier.")
    nom_fichier = graphene.String(required=True)
    thematique = graphene.Field(Thematique)
    etapes = graphene.List(graphene.NonNull(Etape), required=True)

    @staticmethod
    def resolve_id(document, info):
        return document.pk

    @staticmethod
    def resolve_description(document, info):
        return document.description or None

    @staticmethod
    def resolve_url(document, info):
        return absolue(document.document.url)

    @staticmethod
    def resolve_nom_fichier(document, info):
        return document.document.filename

    @staticmethod
    def resolve_etapes(document, info):
        return document.etapes.all()


class VideoParentheque(graphene.ObjectType):
    id = graphene.ID(required=True)
    titre = graphene.String(required=True)
    description = graphene.String()
    url = graphene.String(required=True)
    miniature = graphene.Field(
        get_image_type, description="Vignette affichée avant la lecture (rendus : `rendition(width: …)`)."
    )
    duree_secondes = graphene.Int()
    transcription = graphene.String()
    thematique = graphene.Field(Thematique)
    etapes = graphene.List(graphene.NonNull(Etape), required=True)

    @staticmethod
    def resolve_id(video, info):
        return video.pk

    @staticmethod
    def resolve_description(video, info):
        return video.description or None

    @staticmethod
    def resolve_transcription(video, info):
        return video.transcription or None

    @staticmethod
    def resolve_etapes(video, info):
        return video.etapes.all()


class Parentheque(graphene.ObjectType):
    """The parenthèque: documents and videos for parents."""

    documents = graphene.List(graphene.NonNull(DocumentParentheque), required=True)
    videos = graphene.List(graphene.NonNull(VideoParentheque), required=True)

    @staticmethod
    def resolve_documents(resultat, info):
        return resultat[0]

    @staticmethod
    def resolve_videos(resultat, info):
        return resultat[1]


Plateforme = graphene.Enum("Plateforme", [("IOS", "ios"), ("ANDROID", "android")])
MiseAJour = graphene.Enum.from_enum(
    versions.MiseAJour,
    description=lambda v: {
        "AUCUNE": "À jour (ou aucune version publiée pour la plateforme).",
        "CONSEILLEE": "Une version plus récente est publiée : la proposer.",
        "OBLIGATOIRE": "Version plus ancienne que la version minimale : la mise à jour est nécessaire.",
    }.get(getattr(v, "value", None), "Mise à jour de l'application à proposer."),
)


class VersionApplication(graphene.ObjectType):
    plateforme = graphene.Field(Plateforme, required=True)
    derniere_version = graphene.String(description="Dernière version publiée ; vide : aucune.")
    version_minimale = graphene.String(description="Les versions plus anciennes doivent être mises à jour.")


class Nouveautes(graphene.ObjectType):
    titre = graphene.String()
    texte = graphene.String(required=True, description="Texte simple ; un paragraphe par ligne.")


class ConfigurationApplication(graphene.ObjectType):
    """What the 1000 jours app reads at start, managed by editors (Paramètres › Configuration)."""

    versions = graphene.List(graphene.NonNull(VersionApplication), required=True)
    mise_a_jour = graphene.Field(
        MiseAJour,
        required=True,
        plateforme=Plateforme(required=True),
        version=graphene.String(required=True, description="Version installée, ex. 2.4.1."),
        description="Ce que l'application installée doit proposer.",
    )
    nouveautes = graphene.Field(Nouveautes, description="Nouveautés de la version ; vide : rien à afficher.")
    zero_accident = graphene.Boolean(
        required=True, description="Afficher les contenus « zéro accident » (sécurité de l'enfant)."
    )
    suggestions_lieux = graphene.Boolean(
        required=True, description="Le formulaire « suggérer un lieu » est ouvert (mutation suggererLieu)."
    )

    @staticmethod
    def resolve_versions(config, info):
        return [
            VersionApplication(
                plateforme=p,
                derniere_version=getattr(config, f"version_{p}") or None,
                version_minimale=getattr(config, f"version_minimale_{p}") or None,
            )
            for p in ("ios", "android")
        ]

    @staticmethod
    def resolve_mise_a_jour(config, info, plateforme, version):
        from hub.api.errors import erreur_requete
        from hub.erreurs import ErreurDomaine

        p = getattr(plateforme, "value", plateforme)
        try:
            return versions.mise_a_jour(
                version, getattr(config, f"version_{p}"), getattr(config, f"version_minimale_{p}")
            )
        except ErreurDomaine as erreur:
            raise erreur_requete(erreur) from None

    @staticmethod
    def resolve_nouveautes(config, info):
        if not config.nouveautes and not config.nouveautes_titre:
            return None
        return Nouveautes(titre=config.nouveautes_titre or None, texte=config.nouveautes)
