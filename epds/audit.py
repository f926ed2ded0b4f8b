"""Who saw a follow-up case's personal data, when, and which part: Wagtail's audit log.

One function for every screen of the team's queue that shows decrypted data (a case with its
contact requests and notes, a case's history, an export): call it from the view, once per
response, with the case (or the cases exported). The entries are `epds.consultation` log
entries: user, timestamp, case, and what was viewed; they hold no personal data.
"""

from __future__ import annotations

from collections.abc import Iterable

from wagtail.log_actions import log

ACTION = "epds.consultation"
QUOI = {
    "dossier": "dossier et coordonnées",
    "historique": "historique du dossier",
    "export": "export",
}


def consigner_consultation(user, dossier, quoi: str) -> None:
    """Records that `user` viewed `quoi` (« dossier », « historique », « export ») of `dossier`,
    a `DossierSuivi` or an iterable of them (an export: one entry per case)."""
    if quoi not in QUOI:
        raise ValueError(f"consultation inconnue : {quoi!r}")
    dossiers = dossier if isinstance(dossier, Iterable) else [dossier]
    for un_dossier in dossiers:
        log(un_dossier, ACTION, user=user, data={"quoi": quoi})
