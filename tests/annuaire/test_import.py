"""CSV import: formats, validation with line numbers, upsert, all-or-nothing, 50 000 rows."""

import csv
import io
import random

import pytest
from django.core.management import CommandError, call_command

from annuaire.importers import FichierInvalide, importer
from annuaire.models import Lieu, Professionnel
from tests.annuaire.generation import ENTETE_CSV, ligne_csv

pytestmark = pytest.mark.django_db

ENTETE = "identifiant;nom;prenom;profession;code_postal;commune;latitude;longitude;langues;conventionne"


def fichier(*lignes, entete=ENTETE, bom=False):
    texte = "\n".join([entete, *lignes]) + "\n"
    return ("\ufeff" if bom else "").encode() + texte.encode("utf-8")


def test_import_with_bom_semicolons_decimal_commas_and_labels(departements):
    contenu = fichier(
        "SF1;Lefèvre;Hélène;Sage-femme;75011;Paris;48,8566;2,3522;français|anglais;oui",
        "PED1;Benoît;;pediatre;20200;Bastia;42.70;9.45;;non",
        bom=True,
    )
    rapport = importer(contenu, "professionnels")
    assert (rapport.lignes, rapport.crees, rapport.mis_a_jour, rapport.rejets) == (2, 2, 0, [])
    sf = Professionnel.objects.get(identifiant_externe="SF1")
    assert (sf.nom, sf.prenom, sf.profession, sf.departement.code) == (
        "Lefèvre",
        "Hélène",
        "sage_femme",
        "75",
    )
    assert (sf.latitude, sf.longitude, sf.langues, sf.conventionne) == (
        48.8566,
        2.3522,
        ["français", "anglais"],
        True,
    )
    assert sf.texte_recherche == "helene lefevre sage femme paris 75011" and sf.commune_normalisee == "paris"
    ped = Professionnel.objects.get(identifiant_externe="PED1")
    assert (ped.departement.code, ped.conventionne, ped.langues) == ("2B", False, [])


def test_import_with_commas_and_quoted_fields(departements):
    contenu = (
        "identifiant,nom,type,etapes,code_postal,description\n"
        'MAT1,"Maternité Port-Royal, AP-HP",Maternité,accouchement|suite-et-fin-de-grossesse,75014,"Niveau 3"\n'
    ).encode()
    rapport = importer(contenu, "lieux")
    assert rapport.rejets == [] and rapport.crees == 1
    lieu = Lieu.objects.get()
    assert (lieu.nom, lieu.type, lieu.etapes) == (
        "Maternité Port-Royal, AP-HP",
        "maternite",
        ["accouchement", "suite-et-fin-de-grossesse"],
    )
    assert lieu.etapes_recherche == " accouchement suite-et-fin-de-grossesse "


def test_upsert_by_external_id_keeps_absent_columns(departements):
    importer(fichier("SF1;Lefèvre;Hélène;sage_femme;75011;Paris;48.85;2.35;;oui"), "professionnels")
    Professionnel.objects.filter(identifiant_externe="SF1").update(note="Accès PMR")
    rapport = importer(
        fichier("SF1;Lefèvre-Martin;Hélène;sage_femme", "SF2;Durand;;psychologue",
                entete="identifiant;nom;prenom;profession"),
        "professionnels",
    )  # fmt: skip
    assert (rapport.crees, rapport.mis_a_jour) == (1, 1)
    sf = Professionnel.objects.get(identifiant_externe="SF1")
    assert (sf.nom, sf.note, sf.latitude, sf.code_postal) == ("Lefèvre-Martin", "Accès PMR", 48.85, "75011")
    assert "lefevre martin" in sf.texte_recherche and "acces pmr" in sf.texte_recherche
    assert Professionnel.objects.count() == 2


BROKEN = [
    "OK1;Martin;Léa;sage_femme;75011;Paris;48.85;2.35;;oui",  # line 2
    "BAD-CP;Martin;Léa;sage_femme;7501;Paris;48.85;2.35;;oui",  # line 3: bad postcode
    "BAD-NOM;;Léa;sage_femme;75011;Paris;48.85;2.35;;oui",  # line 4: missing name
    "BAD-GEO;Martin;Léa;sage_femme;75011;Paris;2.35;48.85;;oui",  # line 5: swapped coordinates, off France
    "DUP;Martin;Léa;sage_femme;75011;Paris;48.85;2.35;;oui",  # line 6: duplicate id
    "OK2;Durand;;pediatre;69003;Lyon;45.76;4.83;;non",  # line 7
    "DUP;Durand;;pediatre;69003;Lyon;45.76;4.83;;non",  # line 8: duplicate id
    "BAD-MULTI;Martin;;dentiste;97500;;48.85;;;peut-être",  # line 9: several reasons
    "BAD-COLS;Martin",  # line 10: missing columns
]


def test_broken_rows_are_reported_with_line_and_reason_and_none_imported(departements):
    rapport = importer(fichier(*BROKEN), "professionnels")
    assert rapport.applique and rapport.crees == 2
    assert set(Professionnel.objects.values_list("identifiant_externe", flat=True)) == {"OK1", "OK2"}
    par_ligne = {r.ligne: (r.identifiant, " ; ".join(r.raisons)) for r in rapport.rejets}
    assert sorted(par_ligne) == [3, 4, 5, 6, 8, 9, 10]
    assert par_ligne[3] == ("BAD-CP", "code postal invalide « 7501 »")
    assert par_ligne[4] == ("BAD-NOM", "nom manquant")
    assert par_ligne[5] == ("BAD-GEO", "coordonnées hors de France (2.35, 48.85)")
    assert par_ligne[6] == ("DUP", "identifiant en double (aussi ligne 8)")
    assert par_ligne[8] == ("DUP", "identifiant en double (aussi ligne 6)")
    assert par_ligne[9][0] == "BAD-MULTI"
    for raison in ("code postal invalide « 97500 »", "coordonnées incomplètes", "profession inconnue « dentiste »",
                   "conventionne : « peut-être » n'est ni oui ni non"):  # fmt: skip
        assert raison in par_ligne[9][1]
    assert par_ligne[10] == ("BAD-COLS", "2 colonnes au lieu de 10")


def test_all_or_nothing_and_simulation_write_nothing(departements):
    assert not importer(fichier(*BROKEN), "professionnels", tout_ou_rien=True).applique
    rapport = importer(fichier(BROKEN[0]), "professionnels", simulation=True)
    assert rapport.rejets == [] and not rapport.applique
    assert Professionnel.objects.count() == 0


def test_a_failure_while_writing_leaves_nothing(departements, monkeypatch):
    lignes = [f"ID{i};Nom{i};;sage_femme;75011;Paris;48.85;2.35;;" for i in range(4500)]
    appels = []
    original = Professionnel.objects.bulk_create

    def bulk_create_qui_casse(objs, *args, **kwargs):
        appels.append(len(objs))
        if len(appels) == 2:
            raise RuntimeError("disque plein")
        return original(objs, *args, **kwargs)

    monkeypatch.setattr(Professionnel.objects, "bulk_create", bulk_create_qui_casse)
    with pytest.raises(RuntimeError):
        importer(fichier(*lignes), "professionnels")
    assert appels[0] == 2000 and Professionnel.objects.count() == 0


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        (b"", "vide"),
        ("identifiant;nom;profession\nX;é;sage_femme\n".encode("latin-1"), "UTF-8"),
        (b"identifiant;nom;profession;couleur\n", "Colonne(s) inconnue(s) : couleur"),
        (b"identifiant;nom\n", "obligatoire(s) absente(s) : profession"),
    ],
)
def test_unusable_files_are_refused(departements, contenu, message):
    with pytest.raises(FichierInvalide, match=message.replace("(", r"\(").replace(")", r"\)")):
        importer(contenu, "professionnels")


def test_command_reports_rejects_and_writes_report(departements, tmp_path):
    source = tmp_path / "pros.csv"
    source.write_bytes(fichier(*BROKEN))
    rapport = tmp_path / "rejets.csv"
    sortie, erreurs = io.StringIO(), io.StringIO()
    call_command("import_annuaire", "professionnels", str(source), "--rapport", str(rapport), stdout=sortie,
                 stderr=erreurs)  # fmt: skip
    assert "9 lignes lues, 2 valides, 7 rejetées ; 2 créées, 0 mises à jour" in sortie.getvalue()
    assert "Rejetée : ligne 3 (identifiant « BAD-CP ») : code postal invalide « 7501 »" in erreurs.getvalue()
    lignes = list(csv.reader(rapport.open(encoding="utf-8"), delimiter=";"))
    assert lignes[0] == ["ligne", "identifiant", "raisons"] and [r[0] for r in lignes[1:]] == [
        "3",
        "4",
        "5",
        "6",
        "8",
        "9",
        "10",
    ]
    with pytest.raises(CommandError, match="Rien n'a été importé"):
        call_command("import_annuaire", "professionnels", str(source), "--tout-ou-rien", stdout=io.StringIO(),
                     stderr=io.StringIO())  # fmt: skip


LIGNES = 10_000


def test_import_of_many_rows_with_broken_ones(departements, tmp_path):
    """10 000 rows, 40 of them broken at known lines: each reported with its line, none imported.
    (The import's speed is measured by `make bench`, not here.)"""
    rng = random.Random(42)
    source = tmp_path / "pros.csv"
    casses = {}  # line number → (identifiant, reason)
    with source.open("w", encoding="utf-8", newline="") as f:
        ecrivain = csv.writer(f, delimiter=";")
        ecrivain.writerow(ENTETE_CSV)
        for i in range(LIGNES):
            ligne = ligne_csv(i, rng)
            numero = i + 2
            if i % (LIGNES // 40) == 7:
                sorte = (i // (LIGNES // 40)) % 4
                if sorte == 0:
                    ligne[5] = "7500"
                    casses[numero] = (ligne[0], "code postal invalide « 7500 »")
                elif sorte == 1:
                    ligne[1] = ""
                    casses[numero] = (ligne[0], "nom manquant")
                elif sorte == 2:
                    ligne[7], ligne[8] = "40.416775", "-3.703790"  # Madrid
                    casses[numero] = (ligne[0], "coordonnées hors de France (40.416775, -3.70379)")
                else:
                    ligne[0] = "RPPS00000000"  # the id of line 2
                    casses[numero] = (ligne[0], "identifiant en double (aussi ligne 2)")
            ecrivain.writerow(ligne)
    doublons = [2, *(n for n, (ident, _) in sorted(casses.items()) if ident == "RPPS00000000")]
    for numero in doublons:
        autres = ", ".join(str(n) for n in doublons if n != numero)
        casses[numero] = ("RPPS00000000", f"identifiant en double (aussi ligne {autres})")
    sortie = io.StringIO()
    call_command("import_annuaire", "professionnels", str(source), "--max-rejets-affiches", "0", stdout=sortie,
                 stderr=io.StringIO())  # fmt: skip
    assert len(casses) == 41
    assert (
        f"{LIGNES} lignes lues, {LIGNES - 41} valides, 41 rejetées ; {LIGNES - 41} créées"
        in sortie.getvalue()
    )
    assert f"validation : {LIGNES}/{LIGNES} lignes" in sortie.getvalue()  # progress
    assert Professionnel.objects.count() == LIGNES - 41
    assert not Professionnel.objects.filter(identifiant_externe__in=[i for i, _ in casses.values()]).exists()
    # Re-import: the valid rows are all updates, the same rows are rejected with the same reasons.
    rapport = importer(source.read_bytes(), "professionnels")
    assert (rapport.crees, rapport.mis_a_jour) == (0, LIGNES - 41)
    assert {r.ligne: (r.identifiant, " ; ".join(r.raisons)) for r in rapport.rejets} == casses


def test_import_invalidates_cached_api_responses(departements, gql, django_capture_on_commit_callbacks):
    requete = {"recherche": {"departement": "75"}}
    assert gql.operation("Professionnels", requete)["data"]["professionnels"]["totalCount"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        importer(fichier("SF1;Lefèvre;Hélène;sage_femme;75011;Paris;48.85;2.35;;oui"), "professionnels")
    assert gql.operation("Professionnels", requete)["data"]["professionnels"]["totalCount"] == 1


@pytest.mark.parametrize(
    ("sorte", "nom"), [("professionnels", "exemple_professionnels.csv"), ("lieux", "exemple_lieux.csv")]
)
def test_documented_example_files_import_cleanly(departements, sorte, nom):
    from pathlib import Path

    import annuaire

    contenu = (Path(annuaire.__file__).parent / "data" / nom).read_bytes()
    assert contenu.startswith(b"\xef\xbb\xbf")
    rapport = importer(contenu, sorte)
    assert rapport.rejets == [] and rapport.crees == 3
    modele = Professionnel if sorte == "professionnels" else Lieu
    departements_importes = sorted(modele.objects.values_list("departement__code", flat=True))
    assert departements_importes == (["69", "75", "974"] if sorte == "professionnels" else ["2A", "69", "75"])
