"""`GET /calendrier.ics`: the parent's appointments as an RFC 5545 calendar to subscribe to
(built by `contenus.abonnement`, which the subscription page's token links use too)."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_GET

from contenus import abonnement, parcours
from hub.api.cache import etag_for
from hub.http import NO_STORE, cache_control, error_response, public, vary


def _erreur(code: str, message: str) -> JsonResponse:
    return error_response(code, message, 400)


@require_GET
def calendrier_ics(request):
    try:
        situation = parcours.Situation(request.GET.get("situation", ""))
    except ValueError:
        return _erreur("SITUATION_INVALIDE", "Indiquez situation=GROSSESSE ou situation=ENFANT.")
    if situation not in parcours.SITUATIONS_DATEES:
        return _erreur(parcours.DATE_INVALIDE, "Le calendrier se calcule depuis un terme ou une naissance.")
    try:
        reference = parcours.lire_date(request.GET.get("date", ""))
        jour = (
            parcours.lire_date(request.GET["aujourdhui"])
            if request.GET.get("aujourdhui")
            else parcours.aujourdhui()
        )
        parcours.valider(situation, reference, jour)
    except parcours.ErreurParcours as erreur:
        return _erreur(erreur.code, erreur.message)
    essentiels = request.GET.get("essentiels", "").lower() in ("1", "true", "oui")

    return reponse_ics(abonnement.Abonnement(situation, reference, essentiels))


def reponse_ics(choix: abonnement.Abonnement, cache: str = public(3600)) -> HttpResponse:
    reponse = HttpResponse(abonnement.ical(choix), content_type="text/calendar; charset=utf-8")
    reponse["Content-Disposition"] = 'inline; filename="calendrier-1000-jours.ics"'
    return cache_control(reponse, cache)


@require_GET
def flux(request, genre: str, slug: str, format: str):
    """`/flux/etapes/<slug>.rss|.atom|.json` and `/flux/thematiques/<slug>…`: published articles."""
    from django.conf import settings
    from django.http import Http404

    from contenus import flux as feeds
    from contenus import syndication
    from contenus.models import Etape, Thematique
    from hub.adresses import absolue

    modele = Etape if genre == "etapes" else Thematique
    objet = modele.objects.filter(slug=slug).first()
    if objet is None:
        raise Http404("Étape ou thématique inconnue.")
    de_l = "de l'étape" if genre == "etapes" else "de la thématique"
    contenu = feeds.Flux(
        titre=f"1000 premiers jours — {objet.nom}",
        description=objet.description or f"Les articles {de_l} « {objet.nom} ».",
        url=absolue(request.path),
        accueil=settings.SITE_URL + "/",
        articles=feeds.articles(genre, objet),
        reglages=syndication.parametres(),
    )
    if format == "json":
        reponse = JsonResponse(
            feeds.json_feed(contenu),
            content_type=feeds.TYPES_DE_CONTENU["json"],
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        corps = feeds.rss(contenu) if format == "rss" else feeds.atom(contenu)
        navigateur = "text/html" in request.headers.get("Accept", "")
        type_ = feeds.TYPE_POUR_NAVIGATEUR if navigateur else feeds.TYPES_DE_CONTENU[format]
        reponse = HttpResponse(corps, content_type=type_)
        vary(reponse, "Accept")
    # Feed readers poll: an unchanged feed costs them a 304 instead of the whole body.
    etag = etag_for(reponse.content)
    inchange = get_conditional_response(request, etag=etag)
    if inchange is not None:
        reponse = inchange
    reponse["ETag"] = etag
    return cache_control(reponse, public(900))


@require_GET
def apercu_application(request):
    """The « Application » preview when no front-end is configured (PREVIEW_CLIENT_URL's default):
    the draft the token names, as a page of the hub. Never cached, never indexed."""
    from django.http import Http404
    from django.shortcuts import render

    from contenus import apercu

    page = apercu.lire(request.GET.get("apercu", "")) if request.GET.get("type") == "article" else None
    if page is None:
        raise Http404("Ce lien d'aperçu est invalide ou a expiré.")
    reponse = render(request, "contenus/article_page.html", {"page": page, "apercu": True})
    cache_control(reponse, NO_STORE)
    reponse["X-Robots-Tag"] = "noindex"
    return reponse
