"""What a CSV file may not carry into the directory: formulas (written back by the admin export),
NUL bytes, giant fields, an unclosed quote that merges rows. Each is refused with its line."""

import csv
import io

import pytest
from django.urls import reverse

from annuaire.importers import FichierInvalide, importer
from annuaire.models import Professionnel

pytestmark = pytest.mark.django_db

ENTETE = "identifiant;nom;profession;telephone;note"


def fichier(*lignes):
    return ("\n".join([ENTETE, *lignes]) + "\n").encode()


@pytest.mark.parametrize(
    "cellule",
    [
        '"=HYPERLINK(""https://pirate.example"";""Cliquez"")"',
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|x",
        "@SUM(A1)",
        "\t=1+1",
    ],
)
def test_formula_cells_are_refused_with_their_line(departements, cellule):
    rapport = importer(
        fichier("P1;Durand;sage_femme;01 02 03 04 05;ok", f"P2;Martin;sage_femme;;{cellule}"),
        "professionnels",
    )
    assert [r.ligne for r in rapport.rejets] == [3]
    assert "formule" in str(rapport.rejets[0]) and str(rapport.rejets[0]).startswith("ligne 3")
    assert list(Professionnel.objects.values_list("identifiant_externe", flat=True)) == ["P1"]


def test_numbers_and_phone_numbers_are_not_formulas(departements):
    rapport = importer(fichier("P1;Durand;sage_femme;+33 1 02 03 04 05;-3"), "professionnels")
    assert rapport.rejets == [] and Professionnel.objects.get().telephone == "+33102030405"  # E.164


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        (fichier("P1;Durand;sage_femme;;ok", "P2;Ma\x00rtin;sage_femme;;ok"), "Ligne 3 : caractère nul"),
        (
            fichier("P1;Durand;sage_femme;;ok", "P2;Martin;sage_femme;;" + "x" * 200_000),
            "Ligne 3 : un champ dépasse 128 Ko",
        ),
        (  # closed by a stray quote two rows later: a row of the right width, silently merged
            fichier('P1;"Durand;x', "P2;Martin;sage_femme;;ok", 'P3;Petit";sage_femme;;ok'),
            r"Ligne 2 : guillemet non refermé \(les lignes 2 à 4 seraient lues comme un seul champ\)",
        ),
        (
            fichier('P1;"Durand;sage_femme;;ok', "P2;Martin;sage_femme;;ok", 'P3;Petit;sage_femme;;"ok"'),
            r"Ligne 2 : guillemet non refermé \(les lignes 2 à 4 seraient lues comme un seul champ\)",
        ),
        (
            fichier("P1;Durand;sage_femme;;ok", 'P2;"Martin;sage_femme;;ok'),
            "Ligne 3 : guillemet non refermé",
        ),
    ],
)
def test_unreadable_rows_refuse_the_file_with_their_line(departements, contenu, message):
    with pytest.raises(FichierInvalide, match=message):
        importer(contenu, "professionnels")
    assert not Professionnel.objects.exists()


def test_a_multiline_quoted_note_is_still_accepted(departements):
    rapport = importer(fichier('P1;Durand;sage_femme;;"Lundi matin\nsur rendez-vous"'), "professionnels")
    assert rapport.rejets == [] and Professionnel.objects.get().note == "Lundi matin\nsur rendez-vous"


def test_admin_csv_export_neutralises_formulas(client, django_user_model, departements):
    admin = django_user_model.objects.create_superuser("editrice", "e@example.org", "mot-de-passe-long-123")
    client.force_login(admin)
    Professionnel.objects.create(
        nom='=HYPERLINK("https://pirate.example")',
        prenom="@SUM(A1)",
        profession="sage_femme",
        telephone="+33 1 02 03 04 05",
    )
    reponse = client.get(reverse("wagtailsnippets_annuaire_professionnel:list"), {"export": "csv"})
    assert reponse.status_code == 200
    lignes = list(csv.reader(io.StringIO(b"".join(reponse.streaming_content).decode())))
    ligne = dict(zip(lignes[0], lignes[1], strict=True))
    valeurs = set(ligne.values())
    assert '\'=HYPERLINK("https://pirate.example")' in valeurs and "'@SUM(A1)" in valeurs
    assert "+33 1 02 03 04 05" in valeurs  # a phone number stays as it is
