"""The moderated queue of places suggested by parents (`annuaire.admin_moderation`): accepting
one creates an unpublished, located `Lieu`; rejecting creates nothing.

Deciding needs the right to add places (`annuaire.add_lieu`): accepting creates one.
"""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin import messages
from wagtail.log_actions import log

from annuaire import suggestions
from annuaire.admin_moderation import FileModeree
from annuaire.models import SuggestionLieu


class FileSuggestions(FileModeree):
    modele = SuggestionLieu
    permission = "annuaire.add_lieu"
    espace = "annuaire_suggestions"
    titre = "Lieux suggérés"
    sous_titre = "par les parents, depuis l'application"
    icone = "site"
    verbe = "accepter"
    template = "annuaire/admin/suggestion.html"
    relations = ("lieu", "decidee_par")
    colonnes = (
        ("Lieu", lambda s: s.nom),
        ("Type", lambda s: s.get_type_display()),
        ("Commune", lambda s: f"{s.code_postal} {s.commune}"),
    )

    def titres(self, suggestion):
        return "Suggestion de lieu", suggestion.nom

    def accepter(self, request, suggestion):
        resultat = suggestions.accepter(suggestion.pk, request.user)
        log(resultat.lieu, "annuaire.suggestion_acceptee", user=request.user)
        if resultat.echec_geocodage:
            messages.warning(
                request,
                f"Lieu « {resultat.lieu} » créé, non publié, sans coordonnées "
                f"({resultat.echec_geocodage}) : saisissez-les puis publiez-le.",
            )
        else:
            messages.success(
                request,
                f"Lieu « {resultat.lieu} » créé et localisé, non publié : vérifiez-le puis publiez-le.",
            )
        return redirect(reverse("wagtailsnippets_annuaire_lieu:edit", args=[resultat.lieu.pk]))

    def rejeter(self, request, suggestion, motif):
        suggestions.rejeter(suggestion.pk, request.user, motif)
        log(suggestion, "annuaire.suggestion_rejetee", user=request.user)
        messages.success(request, "La suggestion a été rejetée ; aucun lieu n'a été créé.")


FILE = FileSuggestions()
