"""Geocoding of addresses (annuaire/geocodage.py) against a local server answering like the BAN:
on CSV import (every failure reported by line, never a guessed point) and on edit in the admin."""

import io

import pytest
from django.core.management import call_command

from annuaire import geocodage
from annuaire.admin_formulaires import FicheGeocodeeForm
from annuaire.importers import importer
from annuaire.models import Lieu
from tests.support.ban import ServeurBAN

pytestmark = pytest.mark.django_db

# The BAN's points for these addresses (lon, lat, score)
PORT_ROYAL = (2.3376, 48.8381, 0.93)
MAIRIE_LYON = (4.8357, 45.7676, 0.88)
ENTETE = "identifiant,nom,type,adresse,code_postal,commune"


@pytest.fixture
def ban(settings):
    serveur = ServeurBAN(
        {
            "123 boulevard de port-royal": PORT_ROYAL,
            "1 place de la comedie": MAIRIE_LYON,
            "rue incertaine": (2.35, 48.85, 0.31),  # the BAN's answer to a vague query
        }
    )
    # The geocoder goes through hub/reseau.py (public Internet only): this loopback server is allowed.
    settings.WEBHOOK_RESEAUX_AUTORISES = ["127.0.0.1/32"]
    settings.GEOCODER = "annuaire.geocodage.GeocodeurBAN"
    settings.GEOCODER_URL = serveur.url
    settings.GEOCODER_SCORE_MIN = 0.6
    yield serveur
    serveur.arreter()


def _csv(*lignes) -> bytes:
    return ("\n".join([ENTETE, *lignes]) + "\n").encode()


def test_import_without_coordinates_gets_them_from_the_geocoder(departements, ban):
    rapport = importer(
        _csv(
            "MAT1,Maternité Port-Royal,maternite,123 boulevard de Port-Royal,75014,Paris",
            "MAI1,Mairie de Lyon 1er,mairie,1 place de la Comédie,69001,Lyon",
        ),
        "lieux",
    )
    assert (rapport.rejets, rapport.non_localisees, rapport.localisees, rapport.crees) == ([], [], 2, 2)
    maternite = Lieu.objects.get(identifiant_externe="MAT1")
    assert (maternite.latitude, maternite.longitude) == (
        PORT_ROYAL[1],
        PORT_ROYAL[0],
    )  # [lon, lat] read right
    mairie = Lieu.objects.get(identifiant_externe="MAI1")
    assert (mairie.latitude, mairie.longitude) == (MAIRIE_LYON[1], MAIRIE_LYON[0])
    # the query carries the whole address and the postcode filter
    assert ban.requetes[0]["q"] == ["123 boulevard de Port-Royal 75014 Paris"]
    assert ban.requetes[0]["postcode"] == ["75014"]


def test_failed_lookups_are_reported_by_line_never_guessed(departements, ban):
    rapport = importer(
        _csv(
            "OK1,Maternité Port-Royal,maternite,123 boulevard de Port-Royal,75014,Paris",
            "INC1,PMI inconnue,pmi,9 impasse qui n'existe pas,75011,Paris",
            "VAG1,PMI floue,pmi,rue incertaine,75011,Paris",
        ),
        "lieux",
    )
    assert rapport.rejets == [] and rapport.crees == 3 and rapport.localisees == 1
    assert [(r.ligne, r.identifiant, r.raisons) for r in rapport.non_localisees] == [
        (3, "INC1", ["adresse non localisée : adresse introuvable"]),
        (4, "VAG1", ["adresse non localisée : adresse incertaine (score 0.31 < 0.60)"]),
    ]
    # imported without coordinates: no guessed point
    sans_point = Lieu.objects.filter(latitude__isnull=True).values_list("identifiant_externe", flat=True)
    assert set(sans_point) == {"VAG1", "INC1"}


def test_server_down_is_reported_by_line(departements, ban):
    ban.panne = True
    rapport = importer(_csv("MAT1,Maternité,maternite,123 boulevard de Port-Royal,75014,Paris"), "lieux")
    assert [(r.ligne, r.raisons) for r in rapport.non_localisees] == [
        (2, ["adresse non localisée : service de géocodage en erreur (HTTP 500)"])
    ]
    ban.arreter()  # nothing listens any more
    rapport = importer(_csv("MAT2,Maternité,maternite,123 boulevard de Port-Royal,75014,Paris"), "lieux")
    assert [(r.ligne, r.raisons) for r in rapport.non_localisees] == [
        (2, ["adresse non localisée : service de géocodage injoignable"])
    ]
    assert Lieu.objects.filter(latitude__isnull=False).count() == 0


def test_given_or_stored_coordinates_are_kept(departements, ban):
    importer(
        (
            "identifiant,nom,type,adresse,code_postal,commune,latitude,longitude\n"
            "MAT1,Maternité,maternite,123 boulevard de Port-Royal,75014,Paris,48.80,2.30\n"
        ).encode(),
        "lieux",
    )
    assert ban.requetes == []  # coordinates given: nothing asked
    # a later file without coordinate columns leaves the stored point alone
    rapport = importer(_csv("MAT1,Maternité,maternite,123 boulevard de Port-Royal,75014,Paris"), "lieux")
    assert ban.requetes == [] and rapport.localisees == 0
    assert Lieu.objects.get().latitude == 48.80


def test_without_geocoder_nothing_is_required_and_the_report_says_so(departements, settings):
    settings.GEOCODER = "annuaire.geocodage.GeocodeurIndisponible"
    rapport = importer(_csv("MAT1,Maternité,maternite,123 boulevard de Port-Royal,75014,Paris"), "lieux")
    assert (rapport.crees, rapport.a_localiser_sans_geocodeur, rapport.non_localisees) == (1, 1, [])
    assert Lieu.objects.get().latitude is None


def test_import_command_prints_the_lines_left_without_coordinates(departements, ban, tmp_path):
    fichier = tmp_path / "lieux.csv"
    fichier.write_bytes(_csv("INC1,PMI,pmi,9 impasse inconnue,75011,Paris"))
    rapport = tmp_path / "rapport.csv"
    erreurs = io.StringIO()
    call_command(
        "import_annuaire",
        "lieux",
        str(fichier),
        "--rapport",
        str(rapport),
        stdout=io.StringIO(),
        stderr=erreurs,
    )
    assert (
        "Sans coordonnées : ligne 2 (identifiant « INC1 ») : adresse non localisée : adresse introuvable"
        in erreurs.getvalue()
    )
    assert "2;INC1;adresse non localisée : adresse introuvable" in rapport.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("corps", "raison"),
    [
        (b"pas du json", "réponse du service de géocodage illisible"),
        (b'{"features": [{"geometry": {"coordinates": []}, "properties": {"score": 0.9}}]}', "illisible"),
        (
            b'{"features": [{"geometry": {"coordinates": [-74.0, 40.7]}, "properties": {"score": 0.99}}]}',
            "hors de France",
        ),
    ],
)
def test_unreadable_or_foreign_answers_are_failures(corps, raison, settings):
    settings.GEOCODER_SCORE_MIN = 0.6
    with pytest.raises(geocodage.EchecGeocodage, match=raison):
        geocodage.GeocodeurBAN(url="http://exemple.invalid/")._lire(corps)


def test_the_geocoder_url_must_lead_to_the_public_internet(settings):
    settings.WEBHOOK_RESEAUX_AUTORISES = []
    geocodeur = geocodage.GeocodeurBAN(url="http://127.0.0.1:9/search/")
    with pytest.raises(geocodage.EchecGeocodage, match="non autorisé"):
        geocodeur.localiser(geocodage.Adresse("1 rue de la Paix", "75002", "Paris"))


def _formulaire(lieu=None, **donnees):
    from wagtail.admin.panels import ObjectList

    classe = ObjectList(Lieu.panels, base_form_class=FicheGeocodeeForm).bind_to_model(Lieu).get_form_class()
    valeurs = {"nom": "PMI", "type": "pmi", "etapes": "", "publie": "on", **donnees}
    return classe(data=valeurs, instance=lieu or Lieu())


def test_admin_edit_locates_the_address(departements, ban):
    form = _formulaire(adresse="123 boulevard de Port-Royal", code_postal="75014", commune="Paris")
    assert form.is_valid(), form.errors
    lieu = form.save()
    assert (lieu.latitude, lieu.longitude) == (PORT_ROYAL[1], PORT_ROYAL[0])
    # the address changes, the coordinates are left as they were: located again
    form = _formulaire(
        lieu,
        adresse="1 place de la Comédie",
        code_postal="69001",
        commune="Lyon",
        latitude=str(lieu.latitude),
        longitude=str(lieu.longitude),
    )
    assert form.is_valid(), form.errors
    assert (form.save().latitude, lieu.longitude) == (MAIRIE_LYON[1], MAIRIE_LYON[0])


def test_admin_edit_never_keeps_a_stale_or_guessed_point(departements, ban):
    lieu = Lieu.objects.create(
        nom="PMI", type="pmi", adresse="123 boulevard de Port-Royal", latitude=48.8, longitude=2.3
    )
    form = _formulaire(
        lieu, adresse="rue incertaine", code_postal="75011", commune="Paris", latitude="48.8", longitude="2.3"
    )
    assert form.is_valid(), form.errors
    assert form.echec_geocodage == "adresse incertaine (score 0.31 < 0.60)"
    assert form.save().latitude is None
    # coordinates typed by the editor win over the geocoder
    form = _formulaire(
        lieu, adresse="rue incertaine", code_postal="75011", commune="Paris", latitude="48.9", longitude="2.4"
    )
    assert form.is_valid() and form.save().latitude == 48.9
