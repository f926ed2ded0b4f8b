from django import template

from hub import accessibilite

register = template.Library()


@register.simple_tag
def statut_accessibilite() -> str:
    """The RGAA conformity status, for the footer of every page (read from a file)."""
    return accessibilite.statut()
