"""The PDF of an EPDS result sent to a professional: built in memory, never written anywhere.

No Django here: the caller passes the questionnaire's texts (in the language taken and in
French), the answers, the result of `epds.scoring` and the font. fpdf2 (pure Python) draws it;
a TrueType font (DejaVu Sans) carries accents and other scripts, the core Helvetica is the
fallback when the font file is missing (latin-1 characters only, others become « ? »).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fpdf import FPDF

from epds.scoring import LIBELLES_NIVEAU, NOMBRE_REPONSES, SCORE_MAX, Resultat


@dataclass(frozen=True)
class Texte:
    """The questionnaire in one language: its name in French, and per item its wording and the
    four answers in display order."""

    langue: str
    questions: Sequence[tuple[int, str, Sequence[str]]]


class _Document(FPDF):
    def __init__(self, police: str | None):
        super().__init__(format="A4")
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)
        self.unicode = False
        if police and Path(police).is_file():
            self.add_font("Texte", "", police)
            gras = Path(police).with_name(Path(police).stem + "-Bold.ttf")
            self.add_font("Texte", "B", str(gras) if gras.is_file() else police)
            self.famille, self.unicode = "Texte", True
        else:
            self.famille = "Helvetica"

    def texte(self, contenu: str) -> str:
        return contenu if self.unicode else contenu.encode("latin-1", "replace").decode("latin-1")

    def ligne(self, contenu: str, taille: float = 10.5, gras: bool = False, retrait: float = 0) -> None:
        self.set_font(self.famille, "B" if gras else "", taille)
        self.set_x(self.l_margin + retrait)
        self.multi_cell(0, taille * 0.5, self.texte(contenu), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)


def resultat_pdf(
    *,
    resultat: Resultat,
    reponses: Sequence[int],
    textes: Sequence[Texte],
    passe_le: date,
    version: str,
    police: str | None = None,
) -> bytes:
    """The PDF, as bytes. `textes` holds the language taken first, then French (once when the
    test was taken in French); `reponses[i]` is the index of the answer chosen to item i+1."""
    doc = _Document(police)
    doc.set_title("Résultat du questionnaire EPDS")
    doc.set_creator("Hub des 1000 premiers jours")
    doc.add_page()
    doc.ligne("Résultat du questionnaire EPDS", taille=16, gras=True)
    doc.ligne(
        f"Échelle de dépression postnatale d'Édimbourg (EPDS), version {version}, passée le "
        f"{passe_le:%d/%m/%Y} en {textes[0].langue}."
    )
    doc.ln(2)
    doc.ligne(f"Score : {resultat.score}/{SCORE_MAX}", taille=13, gras=True)
    doc.ligne(f"Niveau : {LIBELLES_NIVEAU[resultat.niveau]}", taille=12, gras=True)
    if resultat.alerte_question_10:
        doc.ligne(
            f"Question 10 (idées de se faire du mal) : {resultat.points[9]}/{NOMBRE_REPONSES - 1} — "
            "alerte, quel que soit le score.",
            gras=True,
        )
    for texte in textes:
        doc.ln(3)
        doc.ligne(f"Réponses ({texte.langue})", taille=13, gras=True)
        for (numero, libelle, choix), index, points in zip(
            texte.questions, reponses, resultat.points, strict=True
        ):
            doc.ligne(f"{numero}. {libelle}", gras=True)
            doc.ligne(f"Réponse : {choix[index]} ({points} point{'s' if points > 1 else ''})", retrait=6)
    doc.ln(4)
    doc.ligne(
        "Document établi à la demande du professionnel, avec le consentement de la patiente. "
        "Le hub des 1000 premiers jours n'en garde aucune copie.",
        taille=8.5,
    )
    return bytes(doc.output())
