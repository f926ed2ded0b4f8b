"""The EPDS inputs' own rules, on top of hub.saisie (what every domain checks the same way): a
parent's first name."""

from __future__ import annotations

from hub.saisie import Saisie, refus

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
