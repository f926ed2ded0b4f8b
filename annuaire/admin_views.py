"""Admin side of the professionals' self-service: send a link, review proposals (a moderated
queue, `annuaire.admin_moderation`).

Both need the right to change professionals (`annuaire.change_professionnel`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.log_actions import log

from annuaire import mise_a_jour
from annuaire.admin_moderation import FileModeree
from annuaire.models import ModificationProposee, Professionnel

PERMISSION = "annuaire.change_professionnel"


def _verifier_permission(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _url_fiche(professionnel) -> str:
    return reverse("wagtailsnippets_annuaire_professionnel:edit", args=[professionnel.pk])


@require_http_methods(["GET", "POST"])
def envoyer_lien(request, pk):
    """Confirmation page, then the link is created and its email queued."""
    _verifier_permission(request)
    pro = get_object_or_404(Professionnel, pk=pk)
    if request.method == "POST":
        if not pro.email:
            messages.error(
                request, "Cette fiche n'a pas d'adresse e-mail : ajoutez-en une avant d'envoyer un lien."
            )
            return redirect(_url_fiche(pro))
        lien, _ = mise_a_jour.envoyer_lien(pro, envoye_par=request.user)
        log(pro, "annuaire.lien_envoye", user=request.user, data={"email": pro.email, "lien": lien.pk})
        messages.success(
            request,
            f"Un lien de mise à jour a été envoyé à {pro.email}. "
            f"Il expire le {timezone.localtime(lien.expire_le):%d/%m/%Y à %H:%M}.",
        )
        return redirect(_url_fiche(pro))
    return TemplateResponse(
        request,
        "annuaire/admin/envoyer_lien.html",
        {
            "professionnel": pro,
            "url_fiche": _url_fiche(pro),
            "validite_jours": mise_a_jour.validite_lien().days,
            "liens": pro.liens_modification.select_related("envoye_par")[:5],
        },
    )


class FileModifications(FileModeree):
    """Proposals sent by professionals through their update link."""

    modele = ModificationProposee
    permission = PERMISSION
    espace = "annuaire_modifications"
    titre = "Modifications proposées"
    sous_titre = "par les professionnels"
    icone = "edit"
    verbe = "approuver"
    template = "annuaire/admin/examiner.html"
    relations = ("professionnel", "decidee_par")
    colonnes = (
        ("Professionnel", lambda p: str(p.professionnel)),
        ("Demande", lambda p: p.get_type_display()),
    )

    def titres(self, proposition):
        return proposition.get_type_display(), str(proposition.professionnel)

    def contexte(self, proposition):
        """The diff (current vs proposed, per field)."""
        return {
            "differences": mise_a_jour.differences(proposition),
            "url_fiche": _url_fiche(proposition.professionnel),
            "coordonnees_a_revoir": proposition.professionnel.latitude is not None
            and bool({"adresse", "code_postal", "commune"} & set(proposition.champs_proposes)),
        }

    def accepter(self, request, proposition):
        proposition = mise_a_jour.approuver(proposition.pk, request.user)
        log(
            proposition.professionnel,
            "annuaire.modification_approuvee",
            user=request.user,
            data={"champs": sorted(proposition.champs_proposes), "type": proposition.type},
        )
        if proposition.type == ModificationProposee.Type.SUPPRESSION:
            messages.success(request, f"La fiche de {proposition.professionnel} a été dépubliée.")
        else:
            messages.success(request, f"La fiche de {proposition.professionnel} a été mise à jour.")
        return None

    def rejeter(self, request, proposition, motif):
        proposition = mise_a_jour.rejeter(proposition.pk, request.user, motif)
        log(proposition.professionnel, "annuaire.modification_rejetee", user=request.user)
        messages.success(request, "La proposition a été rejetée ; la fiche n'a pas changé.")


FILE = FileModifications()
