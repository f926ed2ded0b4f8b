"""The admin screens of a moderated queue (`annuaire.models.DecisionModeree`), written once.

A queue lists its elements, pending first (`?statut=` filters, `toutes` shows every one); an
element's page shows what was sent and, while it waits, the one decision form: the queue's
« yes » (`verbe`) or « rejeter », with an optional reason. Each queue (`FileModeree`) names its
model, permission and columns, and says what deciding does (`accepter`, `rejeter`); a decided
element cannot be decided again (`DecisionImpossible`, shown as an error).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from annuaire.models import DecisionImpossible


class FileModeree:
    """One moderated queue; subclasses fill the attributes and the three hooks."""

    modele: Any  # a DecisionModeree subclass
    permission: str
    espace: str  # the URL namespace (`liste`, `examiner`)
    titre: str
    sous_titre: str
    icone: str
    verbe: str  # the « yes » decision: the form's value and its button, after « Choisissez d' »
    template: str  # the element's page, extending annuaire/admin/decision.html
    relations: tuple[str, ...] = ("decidee_par",)
    # The first columns of the list, before « Reçue le », « Statut » and « Décidée par »; the
    # first one links to the element.
    colonnes: tuple[tuple[str, Callable[[Any], str]], ...] = ()

    def accepter(self, request, element) -> HttpResponse | None:
        """Says yes (messages included); returns where to go, or None for the list."""
        raise NotImplementedError

    def rejeter(self, request, element, motif: str) -> None:
        raise NotImplementedError

    def titres(self, element) -> tuple[str, str]:
        """The title and subtitle of the element's page."""
        raise NotImplementedError

    def contexte(self, element) -> dict:
        """What the element's own template shows besides the element."""
        return {}

    def _verifier_permission(self, request) -> None:
        if not request.user.has_perm(self.permission):
            raise PermissionDenied

    def _elements(self):
        return self.modele.objects.select_related(*self.relations)

    def liste(self, request):
        self._verifier_permission(request)
        Statut = self.modele.Statut
        statut = request.GET.get("statut", Statut.EN_ATTENTE)
        elements = self._elements()
        if statut in Statut.values:
            elements = elements.filter(statut=statut)
        else:
            statut = ""
        lignes = [
            {
                "element": element,
                "url": reverse(f"{self.espace}:examiner", args=[element.pk]),
                "valeurs": [valeur(element) for _, valeur in self.colonnes],
            }
            for element in elements[:200]
        ]
        return TemplateResponse(
            request,
            "annuaire/admin/file_moderee.html",
            {
                "file": self,
                "lignes": lignes,
                "colonnes": [titre for titre, _ in self.colonnes],
                "statut": statut,
                "libelle_statut": Statut(statut).label if statut else "",
                "statuts": Statut.choices,
                "nom": self.modele._meta.verbose_name,
            },
        )

    def examiner(self, request, pk):
        self._verifier_permission(request)
        element = get_object_or_404(self._elements(), pk=pk)
        if request.method == "POST":
            decision = request.POST.get("decision")
            try:
                if decision == self.verbe:
                    return self.accepter(request, element) or redirect(f"{self.espace}:liste")
                if decision == "rejeter":
                    self.rejeter(request, element, request.POST.get("motif", ""))
                    return redirect(f"{self.espace}:liste")
                messages.error(
                    request, f"Choisissez d'{self.verbe} ou de rejeter la {self.modele._meta.verbose_name}."
                )
            except DecisionImpossible as erreur:
                messages.error(request, str(erreur))
            return redirect(f"{self.espace}:examiner", pk)
        titre, sous_titre = self.titres(element)
        return TemplateResponse(
            request,
            self.template,
            {
                "file": self,
                "element": element,
                "titre": titre,
                "sous_titre": sous_titre,
                "en_attente": element.statut == self.modele.Statut.EN_ATTENTE,
                **self.contexte(element),
            },
        )

    def urls(self) -> list:
        return [
            path("", self.liste, name="liste"),
            path("<int:pk>/", require_http_methods(["GET", "POST"])(self.examiner), name="examiner"),
        ]

    def menu(self, order: int) -> MenuItem:
        return _FileMenuItem(self, order)


class _FileMenuItem(MenuItem):
    """A queue in the admin menu, with the number of elements waiting."""

    def __init__(self, file: FileModeree, order: int):
        self.file = file
        super().__init__(file.titre, reverse_lazy(f"{file.espace}:liste"), icon_name=file.icone, order=order)

    def is_shown(self, request):
        return request.user.has_perm(self.file.permission)

    def render_component(self, request):
        composant = super().render_component(request)
        modele = self.file.modele
        en_attente = modele.objects.filter(statut=modele.Statut.EN_ATTENTE).count()
        if en_attente:
            composant.label = f"{composant.label} ({en_attente})"
        return composant
