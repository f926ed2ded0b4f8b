"""`/calendrier/`: a parent picks the situation and the date and gets links to subscribe to the
appointments (webcal, Google, Outlook, a file, a QR code) and one to send to the co-parent.

POST-redirect-GET: the form posts the date in the body, the answer redirects to the
subscription's opaque token (`contenus.abonnement`), so no address ever holds the date.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import segno
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from contenus import abonnement, parcours, services
from contenus.forms import AbonnementForm
from contenus.views import reponse_ics
from hub.adresses import absolue
from hub.http import PRIVATE_NO_STORE, cache_control, private
from hub.views import page_erreur

NOM_DU_CALENDRIER = "Mes rendez-vous des 1000 premiers jours"


def _prive(reponse):
    """Pages and files whose address is the subscription: kept out of other sites' Referer
    headers (the Google and Outlook links), of search engines and of shared caches."""
    reponse["Referrer-Policy"] = "no-referrer"
    reponse["X-Robots-Tag"] = "noindex, nofollow"
    return reponse


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def formulaire(request):
    form = AbonnementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        choix = abonnement.Abonnement(
            form.cleaned_data["situation"],
            form.cleaned_data["date"],
            essentiels=form.cleaned_data["essentiels"],
            rappels=form.cleaned_data["rappels"],
        )
        return redirect("calendrier_abonnement", jeton=abonnement.jeton(choix))
    statut = 400 if request.method == "POST" else 200
    return render(request, "contenus/calendrier/formulaire.html", {"form": form}, status=statut)


def _lire(request, jeton: str):
    """The subscription of a token, or the French error page to answer instead."""
    try:
        choix = abonnement.lire_jeton(jeton)
    except abonnement.JetonInvalide:
        return None, _prive(page_erreur(request, 404))
    try:
        parcours.valider(choix.situation, choix.reference, parcours.aujourdhui())
    except parcours.ErreurParcours as erreur:
        if erreur.code == parcours.HORS_PARCOURS:  # the 1000 days are over: apps stop polling
            return None, _prive(page_erreur(request, 410, message=erreur.message))
        # A due date more than 41 weeks ahead cannot be made by the form: not a token of ours.
        return None, _prive(page_erreur(request, 404))
    return choix, None


def qr_svg(donnees: str, titre: str) -> str:
    """A QR code as inline SVG, drawn on the server (no script, no image request)."""
    svg = segno.make(donnees, error="m").svg_inline(scale=4, border=2, title=titre, svgclass="qr-code")
    return svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)


def liens(jeton: str) -> dict[str, str]:
    """Every address of a subscription, absolute from the configured SITE_URL."""
    ics = absolue(f"/calendrier/{jeton}.ics")
    webcal = "webcal://" + ics.split("://", 1)[1]
    page = absolue(f"/calendrier/{jeton}/")
    message = (
        "Voici le lien pour ajouter à ton agenda nos rendez-vous des 1000 premiers jours "
        f"(ils se mettent à jour tout seuls) : {page}"
    )
    return {
        "ics": ics,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": ics, "name": NOM_DU_CALENDRIER}, quote_via=quote),
        "page": page,
        "email": "mailto:?"
        + urlencode({"subject": "Nos rendez-vous des 1000 premiers jours", "body": message}, quote_via=quote),
        "sms": "sms:?" + urlencode({"body": message}, quote_via=quote),
    }


@require_GET
def page_abonnement(request, jeton: str):
    choix, erreur = _lire(request, jeton)
    if erreur:
        return erreur
    adresses = liens(jeton)
    contexte = {
        "choix": choix,
        "grossesse": choix.situation is parcours.Situation.GROSSESSE,
        "liens": adresses,
        "qr": mark_safe(qr_svg(adresses["page"], "Code QR de cette page, à scanner avec un téléphone")),
        "rendez_vous": services.calendrier(choix.situation, choix.reference, choix.essentiels),
        "rappel_jours": abonnement.RAPPEL_AVANT.days,
    }
    reponse = render(request, "contenus/calendrier/abonnement.html", contexte)
    cache_control(reponse, PRIVATE_NO_STORE)
    return _prive(reponse)


@require_GET
def ics(request, jeton: str):
    choix, erreur = _lire(request, jeton)
    if erreur:
        return erreur
    return _prive(reponse_ics(choix, cache=private(3600)))
