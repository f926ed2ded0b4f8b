"""StreamField blocks of the editorial content, and the one reading of a body made of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wagtail import blocks
from wagtail.rich_text import RichText

ICONES_EN_BREF = [("BEBE", "Bébé"), ("PARENT", "Parent"), ("ALIMENTATION", "Alimentation")]


class SectionBlock(blocks.StructBlock):
    titre = blocks.CharBlock(max_length=200)
    texte = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "doc-full"
        label = "Section titrée"


class CorpsBlock(blocks.StreamBlock):
    section = SectionBlock()
    paragraphe = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"], label="Paragraphe")
    encadre = SectionBlock(label="Encadré", icon="warning")


@dataclass(frozen=True)
class BlocCorps:
    """One block of a body (`CorpsBlock`), whatever its kind: a paragraph has no title."""

    type: str
    titre: str | None
    texte: RichText


def blocs_du_corps(corps: Iterable) -> list[BlocCorps]:
    """The blocks of a body as the API, the feeds and the search text read them."""
    return [
        BlocCorps(bloc.block_type, None, bloc.value)
        if bloc.block_type == "paragraphe"
        else BlocCorps(bloc.block_type, bloc.value["titre"], bloc.value["texte"])
        for bloc in corps
    ]


def corps_rendu(corps: Iterable) -> list[dict]:
    """A body as the API shows it (`Bloc`: type, titre, texte), its rich text rendered to HTML."""
    return [{"type": b.type, "titre": b.titre, "texte": str(b.texte)} for b in blocs_du_corps(corps)]


class EnBrefBlock(blocks.StructBlock):
    icone = blocks.ChoiceBlock(choices=ICONES_EN_BREF, default="BEBE")
    texte = blocks.CharBlock(max_length=300)

    class Meta:
        icon = "list-ul"
        label = "Ligne « en bref »"


class LienBlock(blocks.StructBlock):
    titre = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock()

    class Meta:
        icon = "link"
        label = "Lien"
