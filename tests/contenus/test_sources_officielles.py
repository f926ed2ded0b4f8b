"""Every official link of the reference data points at a text, not at a site's home page.

Table-driven over the data files: each row names a file and the fields holding its source or
link URLs. A URL must be https, well-formed, and have a path (a bare domain or « / » is a home
page). The few items for which no official text's address is known yet keep the best link they
had; they are listed in SANS_TEXTE (and in docs/faits-reference.md) and must stay there, nowhere
else: fixing one means removing it from the list.
"""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

RACINE = Path(__file__).resolve().parents[2]

# (file, fields of one object holding a source or link URL; "liens" is a list of {titre, url})
SOURCES = [
    ("contenus/data/evenements.json", ["source"]),
    ("contenus/data/mesures.json", ["lien_officiel"]),
    ("contenus/data/articles.json", ["source_officielle", "liens"]),
]
# Links to a service or an organisation itself (a parent in distress must land on the service, a
# partner is cited by its site): https and well-formed, a home page allowed.
SITES = [
    ("epds/data/ressources_fr.json", ["url"]),
    ("contenus/data/partenaires.json", ["site_web"]),
]

# No official text's address in /work/shared/reference nor found: the best link is kept (report).
SANS_TEXTE = {
    ("evenements", "vaccin-coqueluche-grossesse"),  # HAS, recommandation vaccinale 2022
    ("evenements", "vaccin-vrs-grossesse"),
    ("mesures", "soutien-a-la-parentalite"),
    ("mesures", "parents-en-situation-de-handicap"),
    ("mesures", "referents-parcours-perinatalite"),
    ("mesures", "detresse-psychique-parentale"),
    ("mesures", "application-1000-jours"),  # the site of the 1000 jours is the thing itself
    ("mesures", "livret-1000-jours"),
    ("mesures", "groupes-de-parents"),
    ("mesures", "qualite-accueil-jeune-enfant"),
    ("articles", "devenir-parent-en-situation-de-handicap"),
}


def urls(fichier, champs):
    for objet in json.loads((RACINE / fichier).read_text(encoding="utf-8")):
        cle = objet.get("slug") or objet.get("cle")
        for champ in champs:
            valeur = objet.get(champ)
            for url in [lien["url"] for lien in valeur] if champ == "liens" else [valeur]:
                if url:
                    yield Path(fichier).stem, cle, url


def lignes(tableau):
    return [pytest.param(*ligne, id=f"{ligne[0]}-{ligne[1]}") for f, c in tableau for ligne in urls(f, c)]


def bien_formee(url):
    parties = urlsplit(url)
    return (
        parties.scheme == "https"
        and "." in parties.hostname
        and not parties.username
        and parties.port is None
        and " " not in url
    )


def page_d_accueil(url):
    parties = urlsplit(url)
    return parties.path in ("", "/") and not parties.query


@pytest.mark.parametrize(("fichier", "cle", "url"), lignes(SOURCES))
def test_a_source_is_an_official_text(fichier, cle, url):
    assert bien_formee(url), url
    assert page_d_accueil(url) is ((fichier, cle) in SANS_TEXTE), url


@pytest.mark.parametrize(("fichier", "cle", "url"), lignes(SITES))
def test_a_service_link_is_well_formed(fichier, cle, url):
    assert bien_formee(url), url


def test_every_item_without_a_text_exists():
    connus = {(f, c) for fichier, champs in SOURCES for f, c, _ in urls(fichier, champs)}
    assert SANS_TEXTE <= connus


@pytest.mark.parametrize(
    ("url", "accueil", "valide"),
    [
        ("https://www.ameli.fr/", True, True),
        ("https://www.ameli.fr", True, True),
        ("https://www.service-public.fr/particuliers/vosdroits/F968", False, True),
        ("http://www.ameli.fr/assure", False, False),
        ("https://localhost/x", False, False),
        ("https://user@www.ameli.fr/x", False, False),
    ],
)
def test_the_rules_themselves(url, accueil, valide):
    assert page_d_accueil(url) is accueil
    assert bien_formee(url) is valide
