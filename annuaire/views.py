"""Public pages of the annuaire: the professional's update form, reached through their link."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from annuaire import mise_a_jour
from annuaire.forms import MiseAJourForm

# A used or expired link is gone for good (410); a token that never existed is not found (404);
# too many tries from one address (or on one token prefix) are refused before any lookup (429).
_STATUT_LIEN_INVALIDE = {"inconnu": 404, "utilise": 410, "expire": 410, "trop_de_tentatives": 429}
CODE_TROP_DE_TENTATIVES = "TROP_DE_TENTATIVES"


def _trop_de_tentatives(request, jeton: str) -> bool:
    """Counts this request against its address and its token's first characters. Every request
    counts, valid token or not, and the refusal comes before the lookup: it says nothing of
    whether a token exists."""
    import hashlib

    from django.conf import settings

    from hub.api.ratelimit import client_address, hit

    limite = settings.ANNUAIRE_LIEN_TENTATIVES_PAR_MINUTE
    prefixe = hashlib.sha256(jeton[:8].encode()).hexdigest()[:16]
    par_adresse = hit(f"lien:ip:{client_address(request)}", limite)
    par_prefixe = hit(f"lien:prefixe:{prefixe}", limite)
    return not (par_adresse and par_prefixe)


def _sans_fuite(reponse):
    """The token is in the URL: keep it out of other sites' Referer headers and of search engines.

    `same-origin`, not `no-referrer`: with no-referrer browsers send `Origin: null` on the form's
    POST, which Django's CSRF origin check refuses.
    """
    reponse["Referrer-Policy"] = "same-origin"
    reponse["X-Robots-Tag"] = "noindex, nofollow"
    return reponse


def _lien_invalide(request, raison: str):
    reponse = render(
        request,
        "annuaire/mise_a_jour/lien_invalide.html",
        {"raison": raison, "code": CODE_TROP_DE_TENTATIVES},
        status=_STATUT_LIEN_INVALIDE[raison],
    )
    if raison == "trop_de_tentatives":
        reponse["Retry-After"] = "60"
    return _sans_fuite(reponse)


@never_cache
@csrf_protect
def formulaire(request, jeton: str):
    if _trop_de_tentatives(request, jeton):
        return _lien_invalide(request, "trop_de_tentatives")
    try:
        lien = mise_a_jour.trouver_lien(jeton)
    except mise_a_jour.LienInvalide as erreur:
        return _lien_invalide(request, erreur.raison)
    pro = lien.professionnel
    if request.method == "POST":
        form = MiseAJourForm(request.POST, professionnel=pro)
        if form.is_valid():
            try:
                mise_a_jour.proposer(
                    jeton,
                    form.valeurs(),
                    suppression=form.cleaned_data["demande_suppression"],
                    commentaire=form.cleaned_data["commentaire"],
                )
            except mise_a_jour.LienInvalide as erreur:  # spent by a concurrent submission
                return _lien_invalide(request, erreur.raison)
            suite = "retrait" if form.cleaned_data["demande_suppression"] else "modification"
            return redirect("annuaire:mise_a_jour_merci", suite)
        statut = 200  # re-rendered with its errors
    else:
        form = MiseAJourForm(professionnel=pro)
        statut = 200
    reponse = render(
        request,
        "annuaire/mise_a_jour/formulaire.html",
        {"form": form, "professionnel": pro, "lien": lien},
        status=statut,
    )
    return _sans_fuite(reponse)


@never_cache
def merci(request, suite: str):
    if suite not in ("modification", "retrait"):
        raise Http404
    return render(request, "annuaire/mise_a_jour/merci.html", {"retrait": suite == "retrait"})
