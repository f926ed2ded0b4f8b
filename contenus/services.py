"""Domain functions of the contenus app: published content and the personalised parcours.

GraphQL resolvers and the calendar feed call these; the date rules come from the pure
`contenus.parcours` module, the content from the models.
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction

from contenus import parcours
from contenus.models import (
    ArticlePage,
    ConfigurationApplication,
    DocumentParentheque,
    Etape,
    Evenement,
    Mesure,
    Thematique,
    VideoParentheque,
)
from contenus.parcours import Situation
from hub.api.cache import memo
from hub.api.pagination import DEFAULT_SIZE, Connection, paginate
from hub.texte import mots


def etapes_ordonnees() -> list[Etape]:
    """The stages, read on every parcours: kept in each process until the content changes."""
    return memo("contenus:etapes", lambda: list(Etape.objects.order_by("ordre")), local=True)


def thematiques_ordonnees() -> list[Thematique]:
    """The themes, in their order: kept in each process until the content changes."""
    return memo(
        "contenus:thematiques", lambda: list(Thematique.objects.order_by("ordre", "nom", "pk")), local=True
    )


def thematiques_par_etape() -> dict[int, list[Thematique]]:
    """The themes of every stage, in one query (asked by few queries: not loaded with the stages)."""
    resultat: dict[int, list[Thematique]] = {}
    liens = Etape.thematiques.through.objects.select_related("thematique")
    for lien in liens.order_by("thematique__ordre", "thematique__nom", "thematique_id"):
        resultat.setdefault(lien.etape_id, []).append(lien.thematique)
    return resultat


@dataclass(frozen=True)
class Chargement:
    """What a list loads: the relations it shows, each in one query or join whatever the
    list's length, and the columns it reads (None: all of them). Lists load everything unless
    their caller knows better: the GraphQL resolvers read the query's selection
    (`contenus.types`), so a list of titles never reads the articles' bodies."""

    relations: frozenset[str]
    colonnes: frozenset[str] | None = None

    def restreindre(self, elements: QuerySet) -> QuerySet:
        return elements if self.colonnes is None else elements.only(*self.colonnes)


ARTICLE_COMPLET = Chargement(frozenset({"visuel", "source", "etapes", "thematiques"}))
SANS_RELATIONS = Chargement(frozenset())
# A list of articles selected by index: its rows hold their ids (and sort keys); what the API
# shows of each comes from its representation (`contenus.representations`).
IDENTIFIANTS = Chargement(frozenset(), frozenset({"id"}))
MESURE_COMPLETE = Chargement(frozenset({"etapes", "evenements"}))
EVENEMENT_COMPLET = Chargement(frozenset({"thematique"}))


def _verifier(chargement: Chargement, complet: Chargement) -> None:
    inconnues = chargement.relations - complet.relations
    if inconnues:
        raise ValueError(f"Relations inconnues : {sorted(inconnues)}")


def publiques(pages: QuerySet) -> QuerySet:
    """Wagtail's `public()` inside the same query: no page at or below a page with a view
    restriction (`public()` first reads every restriction in a query of its own)."""
    restrictions = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.exclude(Exists(restrictions))


def articles_publies(chargement: Chargement = ARTICLE_COMPLET) -> QuerySet[ArticlePage]:
    """Live, public articles with what the list shows, in a constant number of queries."""
    _verifier(chargement, ARTICLE_COMPLET)
    articles = chargement.restreindre(publiques(ArticlePage.objects.live()).order_by("ordre", "title", "pk"))
    jointes = [r for r in ("visuel", "source") if r in chargement.relations]
    if jointes:
        articles = articles.select_related(*jointes)
    a_precharger = [r for r in ("etapes", "thematiques") if r in chargement.relations]
    if "visuel" in chargement.relations:
        a_precharger.append("visuel__renditions")
    if a_precharger:
        articles = articles.prefetch_related(*a_precharger)
    return articles


def filtrer_articles(
    etape: str | None = None,
    thematique: str | None = None,
    recherche: str | None = None,
    handicap: bool | None = None,
    mis_a_jour_depuis: datetime.datetime | None = None,
    chargement: Chargement = ARTICLE_COMPLET,
) -> QuerySet[ArticlePage]:
    articles = articles_publies(chargement)
    if mis_a_jour_depuis is not None:  # incremental sync: published or updated since that instant
        articles = articles.filter(last_published_at__gte=mis_a_jour_depuis)
    # Semi-joins rather than joins: no DISTINCT over every page column, a cheap COUNT.
    if etape:
        liens = ArticlePage.etapes.through.objects.filter(etape__slug=etape)
        articles = articles.filter(pk__in=liens.values("articlepage_id"))
    if thematique:
        liens = ArticlePage.thematiques.through.objects.filter(thematique__slug=thematique)
        articles = articles.filter(pk__in=liens.values("articlepage_id"))
    if handicap is not None:
        articles = articles.filter(handicap=handicap)
    for mot in mots(recherche or ""):
        articles = articles.filter(texte_recherche__contains=mot)
    return articles


def evenements_publies(chargement: Chargement = EVENEMENT_COMPLET) -> QuerySet[Evenement]:
    """Live events. Their articles are not prefetched: most queries (parcours, calendrier)
    never ask for them; `articles_par_evenement` loads them in one go when they are asked."""
    _verifier(chargement, EVENEMENT_COMPLET)
    evenements = chargement.restreindre(Evenement.objects.filter(live=True).order_by("debut", "nom", "pk"))
    return evenements.select_related("thematique") if "thematique" in chargement.relations else evenements


def evenements_par_article() -> dict[int, list[Evenement]]:
    """The live events of every article: one query for the links, the events from the memo of
    the live events; kept in each process until the content changes (asked by `article`)."""
    return memo("contenus:evenements-par-article", _evenements_par_article, local=True)


def _evenements_par_article() -> dict[int, list[Evenement]]:
    liens = ArticlePage.evenements.through.objects.filter(evenement__live=True)
    evenements = {e.pk: e for e in evenements_du_calendrier()}  # in their order: debut, nom, pk
    rang = {pk: i for i, pk in enumerate(evenements)}
    resultat: dict[int, list[Evenement]] = {}
    for article, evenement in liens.values_list("articlepage_id", "evenement_id"):
        if evenement in evenements:
            resultat.setdefault(article, []).append(evenements[evenement])
    for liste in resultat.values():
        liste.sort(key=lambda e: rang[e.pk])
    return resultat


def articles_par_evenement(evenements: set[int] | None = None) -> dict[int, list[int]]:
    """The ids of the published articles of the live events `evenements` (None: every live
    event), in the articles' order, in two queries: those of a list's events, not of the whole
    table (their representations come apart: `contenus.representations`)."""
    liens = ArticlePage.evenements.through.objects.filter(evenement__live=True)
    if evenements is not None:
        liens = liens.filter(evenement_id__in=evenements)
    liens = list(liens.values_list("evenement_id", "articlepage_id"))
    publies = articles_publies(IDENTIFIANTS).filter(pk__in={article for _, article in liens})
    rang = {pk: i for i, pk in enumerate(publies.values_list("pk", flat=True))}
    resultat: dict[int, list[int]] = {}
    for evenement, article in sorted(liens, key=lambda lien: rang.get(lien[1], 0)):
        if article in rang:
            resultat.setdefault(evenement, []).append(article)
    return resultat


def evenements_de_etape(etape: Etape | None) -> list[Evenement]:
    """Events whose window overlaps the stage's range (stages without range have none)."""
    if etape is None or etape.debut is None or etape.fin is None:
        return []
    candidats = index_evenements().candidats(etape.debut, etape.fin - 1)
    return [e for e in candidats if chevauche(e, etape.debut, etape.fin)]


def chevauche(evenement: Evenement, debut: int, fin: int) -> bool:
    fin_evenement = evenement.fin if evenement.fin is not None else evenement.debut + 1
    return evenement.debut < fin and debut < fin_evenement


def etapes_de_evenement(evenement: Evenement, etapes: list[Etape]) -> list[Etape]:
    return [
        e
        for e in etapes
        if e.debut is not None and e.fin is not None and chevauche(evenement, e.debut, e.fin)
    ]


def mesures_de_etape(etape: str) -> list[Mesure]:
    """A stage's measures, the same for every parent in it: kept in each process until the
    content changes, fully loaded (one copy per stage)."""
    return memo(f"contenus:mesures-etape:{etape}", lambda: list(mesures_publiees(etape)), local=True)


def mesures_publiees(
    etape: str | None = None,
    mis_a_jour_depuis: datetime.datetime | None = None,
    chargement: Chargement = MESURE_COMPLETE,
) -> QuerySet[Mesure]:
    _verifier(chargement, MESURE_COMPLETE)
    mesures = chargement.restreindre(Mesure.objects.filter(live=True))
    if "etapes" in chargement.relations:
        mesures = mesures.prefetch_related("etapes")
    if "evenements" in chargement.relations:
        mesures = mesures.prefetch_related(Prefetch("evenements", queryset=evenements_publies()))
    if mis_a_jour_depuis is not None:  # incremental sync: published or updated since that instant
        mesures = mesures.filter(last_published_at__gte=mis_a_jour_depuis)
    if etape:  # a semi-join, as for articles: no DISTINCT over every column
        liens = Mesure.etapes.through.objects.filter(etape__slug=etape)
        mesures = mesures.filter(pk__in=liens.values("mesure_id"))
    return mesures.order_by("axe", "ordre", "titre", "pk")


@dataclass
class RendezVous:
    evenement: Evenement
    date: datetime.date
    date_fin: datetime.date | None
    estimee: bool


def evenements_du_calendrier() -> list[Evenement]:
    """The live events, read by every parcours and calendar: kept in each process until the
    content changes, fully loaded (one copy, whatever the queries select)."""
    return memo("contenus:evenements", lambda: list(evenements_publies()), local=True)


# Events spanning more days than this are few (whole-period rights): always looked at.
_DUREE_COURTE = 120


class IndexEvenements:
    """The live events by start offset, to find those overlapping a window of offsets without
    looking at every event: a parcours's next 90 days, a stage's range. Short events (at most
    `_DUREE_COURTE` days) are bisected on their start; the few longer ones are all candidates."""

    def __init__(self, evenements: list[Evenement]):
        self.ordre = list(evenements)  # the list's order (debut, nom, pk): kept in the answers
        rang = {id(e): i for i, e in enumerate(self.ordre)}
        self._rang = rang
        courts = [e for e in self.ordre if _etendue(e) <= _DUREE_COURTE]
        self._longs = [e for e in self.ordre if _etendue(e) > _DUREE_COURTE]
        courts.sort(key=lambda e: e.debut)
        self._courts = courts
        self._debuts = [e.debut for e in courts]

    def candidats(self, premier: int, dernier: int) -> list[Evenement]:
        """Every event that may overlap the offsets [premier, dernier] (a superset: callers
        apply the exact rule), in the list's order."""
        debut = bisect.bisect_left(self._debuts, premier - _DUREE_COURTE)
        fin = bisect.bisect_right(self._debuts, dernier)
        trouves = self._courts[debut:fin] + self._longs
        trouves.sort(key=lambda e: self._rang[id(e)])
        return trouves


def _etendue(evenement: Evenement) -> int:
    """Days from the event's start to its last day or its end, whichever is later."""
    return max(evenement.fin - evenement.debut, 1) if evenement.fin is not None else 1


def index_evenements() -> IndexEvenements:
    return memo("contenus:index-evenements", lambda: IndexEvenements(evenements_du_calendrier()), local=True)


def calendrier(
    situation: Situation,
    reference: datetime.date,
    essentiels: bool | None = None,
    a_venir: tuple[datetime.date, int] | None = None,
) -> list[RendezVous]:
    """Every appointment that applies, dated from the reference date, in date order; with
    `a_venir=(jour, jours)`, only those still to come within `jours` days of `jour`."""
    rendez_vous = []
    evenements = evenements_du_calendrier()
    if a_venir is not None:  # only the events near the window, not every event
        jour, jours = a_venir
        premier, dernier = parcours.fenetre_decalages(reference, jour, jours)
        evenements = index_evenements().candidats(premier, dernier)
    for evenement in evenements:
        if essentiels and not evenement.essentiel:
            continue
        datation = parcours.dater(
            situation, reference, evenement.debut, evenement.fin, evenement.naissances_a_partir_du
        )
        if datation is None or (a_venir is not None and not parcours.a_venir(datation, *a_venir)):
            continue
        rendez_vous.append(RendezVous(evenement, datation.premier, datation.dernier, datation.estimee))
    rendez_vous.sort(key=lambda r: (r.date, r.evenement.debut, r.evenement.nom))
    return rendez_vous


# `Parcours.rendez_vous(jours)`: how far ahead a parent may look, in days.
JOURS_A_VENIR_MAX = 1000


@dataclass
class Parcours:
    """Everything a parent's parcours shows: the stage and its dates (computed once), the
    stage's articles, measures and coming appointments (each read when asked, from the memos
    the stage shares with every parent in it)."""

    situation: Situation
    reference: datetime.date | None
    jour: datetime.date
    etape: Etape
    etape_suivante: Etape | None
    debut_etape: datetime.date | None = None
    fin_etape: datetime.date | None = None
    semaine_amenorrhee: int | None = None
    age_en_jours: int | None = None
    terme_depasse: bool | None = None
    etapes: list[Etape] = field(default_factory=list)

    def rendez_vous(self, jours: int) -> list[RendezVous]:
        """The appointments still to come within `jours` days; none without a reference date."""
        if not 0 <= jours <= JOURS_A_VENIR_MAX:
            raise parcours.ErreurParcours(
                "JOURS_INVALIDE", f"`jours` doit être compris entre 0 et {JOURS_A_VENIR_MAX}."
            )
        if self.reference is None:
            return []
        return calendrier(self.situation, self.reference, a_venir=(self.jour, jours))

    def articles(self, first: int | None = None, after: str | None = None) -> Connection:
        """A page of the stage's articles, selected by index (rows holding their ids). The
        first page is the same for every parent in the stage: kept in each process until the
        content changes (one copy per stage and size)."""
        etape = self.etape.slug
        if after is None and (first is None or 0 <= first <= DEFAULT_SIZE):
            return memo(
                f"contenus:parcours-articles:{etape}:{first}",
                lambda: paginate(filtrer_articles(etape=etape, chargement=IDENTIFIANTS), first),
                local=True,
            )
        return paginate(filtrer_articles(etape=etape, chargement=IDENTIFIANTS), first, after)

    def mesures(self) -> list[Mesure]:
        return mesures_de_etape(self.etape.slug)


def calculer_parcours(
    situation: Situation,
    reference: datetime.date | None,
    jour: datetime.date,
    naissances: tuple[datetime.date, ...] = (),
) -> Parcours:
    """The parent's current stage and dates; raises `parcours.ErreurParcours` on bad input.
    With several children (`naissances`), the parcours follows the last child."""
    reference = parcours.reference_du_parcours(situation, reference, naissances)
    ecart = parcours.valider(situation, reference, jour)
    etapes = etapes_ordonnees()
    etape = parcours.etape_courante(situation, ecart, etapes)
    resultat = Parcours(
        situation=situation,
        reference=reference,
        jour=jour,
        etape=etape,
        etape_suivante=parcours.etape_suivante(etape, etapes),
        etapes=etapes,
        terme_depasse=parcours.terme_depasse(situation, ecart),
    )
    if reference is not None:
        resultat.debut_etape, resultat.fin_etape = parcours.bornes_etape(situation, reference, etape, etapes)
        if situation is Situation.GROSSESSE:
            resultat.semaine_amenorrhee = parcours.semaine_amenorrhee(reference, jour)
        else:
            resultat.age_en_jours = parcours.age_en_jours(reference, jour)
    return resultat


def parentheque(etape: str | None = None) -> tuple[QuerySet[DocumentParentheque], QuerySet[VideoParentheque]]:
    """Documents and videos of the parenthèque, for one stage or all."""
    documents = DocumentParentheque.objects.select_related("document", "thematique").prefetch_related(
        "etapes"
    )
    videos = VideoParentheque.objects.select_related("thematique", "miniature").prefetch_related(
        "etapes", "miniature__renditions"
    )
    if etape:
        documents = documents.filter(etapes__slug=etape).distinct()
        videos = videos.filter(etapes__slug=etape).distinct()
    return documents.order_by("ordre", "titre", "pk"), videos.order_by("ordre", "titre", "pk")


# --- What the app asks for besides the parcours ---------------------------------------------------

MAX_IDS = 100  # favourites the app may ask for in one query


def configuration() -> ConfigurationApplication:
    """The app's configuration: read at every start of every app, kept until the content changes
    (saving the setting advances the content generation, hub.api.cache)."""
    return memo("contenus:configuration", ConfigurationApplication.load, local=True)


def article_publie(slug: str) -> int | None:
    """The id of the published article at `slug`, if any: kept in each process until the
    content changes (the memo's keys are hashed and bounded in bytes: slugs come from clients)."""
    return memo(
        f"contenus:article-slug:{slug}",
        lambda: articles_publies(IDENTIFIANTS).filter(slug=slug).values_list("pk", flat=True).first(),
        local=True,
    )


def evenement_publie(*, pk: int | None = None, slug: str | None = None) -> Evenement | None:
    evenements = evenements_publies()
    return evenements.filter(pk=pk).first() if pk is not None else evenements.filter(slug=slug).first()


def types_de_lieu() -> list:
    """Every type of place of the map, in order (a small table read by many queries)."""
    from annuaire.models import TypeDeLieu

    return memo(
        "contenus:types-de-lieu", lambda: list(TypeDeLieu.objects.order_by("ordre", "nom", "pk")), local=True
    )


def _types_lies(through, colonne: str) -> dict[int, list]:
    par_pk = {t.pk: t for t in types_de_lieu()}
    resultat: dict[int, list] = {}
    for objet, type_ in through.objects.values_list(colonne, "typedelieu_id"):
        if type_ in par_pk:
            resultat.setdefault(objet, []).append(par_pk[type_])
    rang = {pk: i for i, pk in enumerate(par_pk)}
    for liste in resultat.values():
        liste.sort(key=lambda t: rang[t.pk])
    return resultat


def types_lieu_par_article() -> dict[int, list]:
    """The place types of every article, in one query (loaded only when asked)."""
    return _types_lies(ArticlePage.types_lieu.through, "articlepage_id")


def types_lieu_par_evenement() -> dict[int, list]:
    return _types_lies(Evenement.types_lieu.through, "evenement_id")


def types_lieu_de_etape(slug: str) -> list:
    """The types relevant to a stage: those naming it, and those naming no stage (all stages)."""
    return [t for t in types_de_lieu() if t.concerne_etape(slug)]
