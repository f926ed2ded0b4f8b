"""The widget's texts in one language (LibelleEpds), French where a language lacks one."""

from __future__ import annotations

from epds.models import LibelleEpds
from hub.api.cache import memo

LANGUE_DE_REFERENCE = "fr"


class Textes(dict):
    """key → text; `langue_de` tells which language a text was found in (for `lang` attributes)."""

    def __init__(self, textes: dict[str, str], langues: dict[str, str]):
        super().__init__(textes)
        self.langue_de = langues

    def __missing__(self, cle):  # a template asking an unknown key shows nothing, never fails
        return ""


def _lire(langue: str) -> Textes:
    rangs = LibelleEpds.objects.filter(locale__language_code__in={langue, LANGUE_DE_REFERENCE}).values_list(
        "cle", "texte", "locale__language_code"
    )
    textes, langues = {}, {}
    for cle, texte, code in sorted(rangs, key=lambda r: r[2] == langue):  # the language's own last
        textes[cle], langues[cle] = texte, code
    return Textes(textes, langues)


def textes_du_widget(langue: str) -> Textes:
    return memo(f"epds:widget:textes:{langue}", lambda: _lire(langue), local=True)


def remplir(texte: str, **valeurs) -> str:
    """Fills `{nom}` placeholders; an editor's stray brace never breaks a page."""
    for nom, valeur in valeurs.items():
        texte = texte.replace("{" + nom + "}", str(valeur))
    return texte
