"""The EPDS inputs' own rules, on top of hub.saisie (what every domain checks the same way):
the entry check of the public mutations with a source, and a parent's first name."""

from __future__ import annotations

from hub.api import partners
from hub.api.errors import ErreurSaisie, RequeteRefusee
from hub.saisie import Saisie, caracteres_interdits, refus

PRENOM_MAX = 100


def prenom(saisie: Saisie, valeur: str | None, *, requis: bool) -> str:
    """A parent's first name, trimmed, at most PRENOM_MAX characters; `requis` where the team
    needs it to call back (a contact request)."""
    return saisie.texte(
        valeur,
        "prenom",
        maximum=PRENOM_MAX,
        requis=refus("PRENOM_REQUIS", "Le prénom est obligatoire.") if requis else None,
        trop_long=refus("PRENOM_TROP_LONG", "Le prénom est trop long."),
    )


def entree_refusee(info, entree: dict) -> tuple[str | None, list[ErreurSaisie]]:
    """What every public mutation with a `source` checks first, in this order: NUL characters,
    then the partner the request is authenticated for (`hub.api.partners`). Returns the partner's
    slug and no error, or no slug and the errors to answer as data."""
    if interdits := caracteres_interdits(entree):
        return None, interdits
    try:
        return partners.mutation_partner(info.context, entree["source"]), []
    except RequeteRefusee as refusee:
        return None, [ErreurSaisie(refusee.code, refusee.message, "source")]
