"""Domain functions of the contenus app: published content and the personalised parcours.

GraphQL resolvers and the calendar feed call these; the date rules come from the pure
`contenus.parcours` module, the content from the models.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from contenus import parcours
from contenus.models import ArticlePage, DocumentParentheque, Etape, Evenement, Mesure, VideoParentheque
from contenus.parcours import Situation
from contenus.recherche import mots


def etapes_ordonnees() -> list[Etape]:
    return list(Etape.objects.order_by("ordre").prefetch_related("thematiques"))


def articles_publies() -> QuerySet[ArticlePage]:
    """Live, public articles with what a list shows, in a constant number of queries."""
    return (
        ArticlePage.objects.live()
        .public()
        .select_related("visuel", "source")
        .prefetch_related(
            "etapes",
            "thematiques",
            "visuel__renditions",
        )
        .order_by("ordre", "title", "pk")
    )


def filtrer_articles(
    etape: str | None = None,
    thematique: str | None = None,
    recherche: str | None = None,
    handicap: bool | None = None,
    mis_a_jour_depuis: datetime.datetime | None = None,
) -> QuerySet[ArticlePage]:
    articles = articles_publies()
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


def evenements_publies() -> QuerySet[Evenement]:
    """Live events. Their articles are not prefetched: most queries (parcours, calendrier)
    never ask for them; `articles_par_evenement` loads them in one go when they are asked."""
    return Evenement.objects.filter(live=True).select_related("thematique").order_by("debut", "nom", "pk")


def evenements_par_article() -> dict[int, list[Evenement]]:
    """The live events of every article, in two queries; loaded only when a query asks for them."""
    liens = list(
        ArticlePage.evenements.through.objects.filter(evenement__live=True).values_list(
            "articlepage_id", "evenement_id"
        )
    )
    evenements = {e.pk: e for e in evenements_publies().filter(pk__in={e for _, e in liens})}
    resultat: dict[int, list[Evenement]] = {}
    for article, evenement in liens:
        resultat.setdefault(article, []).append(evenements[evenement])
    for liste in resultat.values():
        liste.sort(key=lambda e: (e.debut, e.nom, e.pk))
    return resultat


def articles_par_evenement() -> dict[int, list[ArticlePage]]:
    """The published articles of every live event, in a constant number of queries."""
    liens = list(
        ArticlePage.evenements.through.objects.filter(evenement__live=True).values_list(
            "evenement_id", "articlepage_id"
        )
    )
    articles = list(articles_publies().filter(pk__in={article for _, article in liens}))
    rang = {article.pk: i for i, article in enumerate(articles)}
    par_pk = {article.pk: article for article in articles}
    resultat: dict[int, list[ArticlePage]] = {}
    for evenement, article in sorted(liens, key=lambda lien: rang.get(lien[1], 0)):
        if article in par_pk:
            resultat.setdefault(evenement, []).append(par_pk[article])
    return resultat


def evenements_de_etape(etape: Etape | None) -> list[Evenement]:
    """Events whose window overlaps the stage's range (stages without range have none)."""
    if etape is None or etape.debut is None or etape.fin is None:
        return []
    return [e for e in evenements_publies() if chevauche(e, etape.debut, etape.fin)]


def chevauche(evenement: Evenement, debut: int, fin: int) -> bool:
    fin_evenement = evenement.fin if evenement.fin is not None else evenement.debut + 1
    return evenement.debut < fin and debut < fin_evenement


def etapes_de_evenement(evenement: Evenement, etapes: list[Etape]) -> list[Etape]:
    return [
        e
        for e in etapes
        if e.debut is not None and e.fin is not None and chevauche(evenement, e.debut, e.fin)
    ]


def mesures_publiees(
    etape: str | None = None, mis_a_jour_depuis: datetime.datetime | None = None
) -> QuerySet[Mesure]:
    mesures = Mesure.objects.filter(live=True).prefetch_related(
        "etapes", Prefetch("evenements", queryset=evenements_publies())
    )
    if mis_a_jour_depuis is not None:  # incremental sync: published or updated since that instant
        mesures = mesures.filter(last_published_at__gte=mis_a_jour_depuis)
    if etape:
        mesures = mesures.filter(etapes__slug=etape).distinct()
    return mesures.order_by("axe", "ordre", "titre", "pk")


@dataclass
class RendezVous:
    evenement: Evenement
    date: datetime.date
    date_fin: datetime.date | None
    estimee: bool


def calendrier(
    situation: Situation, reference: datetime.date, essentiels: bool | None = None
) -> list[RendezVous]:
    """Every appointment that applies, dated from the reference date, in date order."""
    evenements = evenements_publies()
    if essentiels:
        evenements = evenements.filter(essentiel=True)
    rendez_vous = []
    for evenement in evenements:
        datation = parcours.dater(situation, reference, evenement.debut, evenement.fin)
        if datation is not None:
            rendez_vous.append(RendezVous(evenement, datation.premier, datation.dernier, datation.estimee))
    rendez_vous.sort(key=lambda r: (r.date, r.evenement.debut, r.evenement.nom))
    return rendez_vous


@dataclass
class Parcours:
    situation: Situation
    reference: datetime.date | None
    jour: datetime.date
    etape: Etape
    etape_suivante: Etape | None
    debut_etape: datetime.date | None = None
    fin_etape: datetime.date | None = None
    semaine_amenorrhee: int | None = None
    age_en_jours: int | None = None
    etapes: list[Etape] = field(default_factory=list)

    def rendez_vous(self, jours: int) -> list[RendezVous]:
        if self.reference is None:
            return []
        return [
            r
            for r in calendrier(self.situation, self.reference)
            if parcours.a_venir(parcours.Datation(r.date, r.date_fin, r.estimee), self.jour, jours)
        ]


def calculer_parcours(situation: Situation, reference: datetime.date | None, jour: datetime.date) -> Parcours:
    """The parent's current stage and dates; raises `parcours.ErreurParcours` on bad input."""
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
    )
    if reference is not None:
        resultat.debut_etape, resultat.fin_etape = parcours.bornes(reference, etape.debut, etape.fin)
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
    videos = VideoParentheque.objects.select_related("thematique").prefetch_related("etapes")
    if etape:
        documents = documents.filter(etapes__slug=etape).distinct()
        videos = videos.filter(etapes__slug=etape).distinct()
    return documents.order_by("ordre", "titre", "pk"), videos.order_by("ordre", "titre", "pk")
