"""Reference rows that the loaders own: corrected when the data files change, never over an editor.

Each loader (`load_parcours`, `load_epds`) hands every reference row to `Proprietaire.appliquer`
with its stable key (a slug, or the `cle` of the data file) and the values of the data file in a
plain form (texts, numbers, slugs of related rows). `hub.models.EcritureReference` keeps, per
row, the SHA-256 of the values the loader last wrote. On the next run:

- the row already has the reference values: nothing to do;
- its values still hash to what the loader last wrote: nobody changed it, the loader writes the
  new reference values (« mis à jour »);
- they hash to something else: an editor changed it, the row is kept and reported (« gardé »);
- the loader wrote it once and it is gone: an editor deleted it, it is not created again;
- a draft of the row waits for publication: it is an editor's work, kept;
- no record yet (an install loaded by a version that kept none): the row is the loader's when no
  editor ever saved it (no revision by a user: the admin records one at every save, the loaders
  never did) and, for a model without revisions, when its values are one of the versions the
  hub shipped before (`anciennes`); otherwise it is kept and reported.

`forcer` (`load_parcours --mettre-a-jour`) restores the reference values even over an edit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from hub.empreintes import sha256
from hub.models import EcritureReference


def empreinte(valeurs: dict[str, Any]) -> str:
    """SHA-256 of a row's values in a canonical form (sorted keys, dates as ISO text)."""
    return sha256(json.dumps(valeurs, sort_keys=True, ensure_ascii=False, default=str))


def modifie_par_la_redaction(objet) -> bool:
    """True when someone saved the row through the admin (a revision with a user)."""
    revisions = getattr(objet, "revisions", None)
    return revisions is not None and revisions.filter(user__isnull=False).exists()


@dataclass
class Proprietaire:
    """One loader run over the rows it owns; `rapport()` says what it did."""

    forcer: bool = False
    crees: int = 0
    mis_a_jour: int = 0
    gardes: list[tuple[str, str, str]] = field(default_factory=list)

    def appliquer(
        self,
        modele: str,
        cle: str,
        objet,
        reference: dict[str, Any],
        etat: Callable[[Any], dict[str, Any]],
        ecrire: Callable[[Any], Any],
        anciennes: Iterable[dict[str, Any]] | None = None,
    ):
        """Creates, updates or keeps one row; returns the row (None when an editor deleted it).

        `etat(objet)` reads the row in the form of `reference`; `ecrire(objet or None)` writes the
        reference values (creating the row when given None) and returns the row.
        """
        trace = EcritureReference.objects.filter(modele=modele, cle=cle).first()
        if objet is None:
            if trace is not None and not self.forcer:
                self.gardes.append((modele, cle, "supprimé par la rédaction"))
                return None
            objet = ecrire(None)
            self.crees += 1
            self._tracer(trace, modele, cle, objet, etat)
            return objet
        actuel = empreinte(etat(objet))
        if actuel == empreinte(reference):
            if trace is None or trace.empreinte != actuel or trace.objet_id != objet.pk:
                self._tracer(trace, modele, cle, objet, etat)
            return objet
        if getattr(objet, "has_unpublished_changes", False):
            proprietaire = False  # an editor's draft waits for publication
        elif trace is not None:
            proprietaire = trace.empreinte == actuel
        else:
            proprietaire = not modifie_par_la_redaction(objet) and (
                anciennes is None or actuel in {empreinte(a) for a in anciennes}
            )
        if not (proprietaire or self.forcer):
            self.gardes.append((modele, cle, "modifié par la rédaction"))
            return objet
        objet = ecrire(objet)
        self.mis_a_jour += 1
        self._tracer(trace, modele, cle, objet, etat)
        return objet

    @staticmethod
    def _tracer(trace, modele, cle, objet, etat) -> None:
        if trace is None:
            trace = EcritureReference(modele=modele, cle=cle)
        trace.objet_id, trace.empreinte = objet.pk, empreinte(etat(objet))
        trace.save()

    def rapport(self) -> list[str]:
        """One line of totals, then one line per row kept as an editor left it."""
        lignes = [f"{self.crees} créés, {self.mis_a_jour} mis à jour, {len(self.gardes)} gardés"]
        lignes += [f"  gardé ({raison}) : {modele} « {cle} »" for modele, cle, raison in self.gardes]
        return lignes
