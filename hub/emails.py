"""Plain-text emails of the hub: every value put into one is a single, clean line.

A value typed by the public (a first name, a professional's name) or entered in the admin
must never add lines to a message the team reads and trusts: « Léa\\nScore : 0/30 » would
otherwise forge a « Score » line. Templates hold the fixed labels, one per line; they receive
only values passed through `une_ligne` (`corps_texte` does it for the whole context), so a
value can never start a line of its own. Pure text, no HTML: templates render with
autoescape off.
"""

from __future__ import annotations

import unicodedata

from django.template.loader import render_to_string

LONGUEUR_MAX = 300

# Line breaks of every kind, control and format characters (bidirectional overrides, zero-width
# characters) become a space; runs of spaces collapse.
_CATEGORIES_REMPLACEES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def une_ligne(valeur, longueur_max: int = LONGUEUR_MAX) -> str:
    """`valeur` as one printable line: no newline, carriage return or other control character,
    spaces collapsed, at most `longueur_max` characters (an ellipsis marks a cut)."""
    if valeur is None:
        return ""
    texte = unicodedata.normalize("NFC", str(valeur))
    texte = "".join(" " if unicodedata.category(c) in _CATEGORIES_REMPLACEES else c for c in texte)
    texte = " ".join(texte.split())
    if len(texte) > longueur_max:
        texte = texte[: longueur_max - 1].rstrip() + "…"
    return texte


def corps_texte(template_name: str, valeurs: dict[str, object]) -> str:
    """Renders a plain-text email template whose context holds single-line strings only
    (`une_ligne` of each value; booleans stay booleans for `{% if %}`, None becomes "")."""
    contexte = {
        cle: valeur if isinstance(valeur, bool) else une_ligne(valeur) for cle, valeur in valeurs.items()
    }
    return render_to_string(template_name, contexte)
