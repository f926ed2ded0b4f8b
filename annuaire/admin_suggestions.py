"""The moderated queue of places suggested by parents: list, review, accept (→ a `Lieu`) or reject.

Deciding needs the right to add places (`annuaire.add_lieu`): accepting creates one.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import log

from annuaire import suggestions
from annuaire.models import SuggestionLieu

PERMISSION = "annuaire.add_lieu"


def _verifier_permission(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def liste(request):
    """Suggestions, pending first; `?statut=` filters."""
    _verifier_permission(request)
    statut = request.GET.get("statut", SuggestionLieu.Statut.EN_ATTENTE)
    elements = SuggestionLieu.objects.select_related("decidee_par")
    if statut in SuggestionLieu.Statut.values:
        elements = elements.filter(statut=statut)
    else:
        statut = ""
    return TemplateResponse(
        request,
        "annuaire/admin/suggestions.html",
        {"suggestions": elements[:200], "statut": statut, "statuts": SuggestionLieu.Statut.choices},
    )


@require_http_methods(["GET", "POST"])
def examiner(request, pk):
    _verifier_permission(request)
    suggestion = get_object_or_404(SuggestionLieu.objects.select_related("lieu", "decidee_par"), pk=pk)
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "accepter":
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
            if decision == "rejeter":
                suggestions.rejeter(suggestion.pk, request.user, request.POST.get("motif", ""))
                log(suggestion, "annuaire.suggestion_rejetee", user=request.user)
                messages.success(request, "La suggestion a été rejetée ; aucun lieu n'a été créé.")
                return redirect("annuaire_suggestions:liste")
            messages.error(request, "Choisissez d'accepter ou de rejeter la suggestion.")
        except suggestions.DecisionImpossible as erreur:
            messages.error(request, str(erreur))
        return redirect("annuaire_suggestions:examiner", pk)
    return TemplateResponse(
        request,
        "annuaire/admin/suggestion.html",
        {"suggestion": suggestion, "en_attente": suggestion.statut == SuggestionLieu.Statut.EN_ATTENTE},
    )


urls = [
    path("", liste, name="liste"),
    path("<int:pk>/", examiner, name="examiner"),
]


class SuggestionsMenuItem(MenuItem):
    """Places suggested by parents, with the number waiting."""

    def __init__(self, order):
        super().__init__(
            "Lieux suggérés", reverse_lazy("annuaire_suggestions:liste"), icon_name="site", order=order
        )

    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)

    def render_component(self, request):
        composant = super().render_component(request)
        en_attente = SuggestionLieu.objects.filter(statut=SuggestionLieu.Statut.EN_ATTENTE).count()
        if en_attente:
            composant.label = f"{composant.label} ({en_attente})"
        return composant
