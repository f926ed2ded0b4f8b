"""StreamField blocks of the editorial content."""

from wagtail import blocks

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
