"""Editor screens: calendar windows in SA, weeks or months (with dates for an example due date),
slugs from titles, no True/False columns, accents in labels."""

import pytest
from django.contrib.auth.models import User

from contenus.admin_formulaires import dates_exemple, fenetre, terme_exemple
from contenus.models import Evenement, Mesure, Thematique

LISTE = "/admin/snippets/contenus/evenement/"


@pytest.fixture
def editeur(reference, client):
    client.force_login(User.objects.create_superuser("admin-ecrans", "a@example.org", "x"))
    return client


def _formulaire(**autres):
    return {
        "nom": "Séance d'essai en SA",
        "slug": "",
        "description": "…",
        "debut_nombre": "24",
        "debut_unite": "sa",
        "fin_nombre": "28",
        "fin_unite": "sa",
        "thematique": str(Thematique.objects.get(slug="sante-des-parents").pk),
        "source": "https://www.ameli.fr/",
        **autres,
    }


@pytest.mark.parametrize(
    ("debut", "fin", "texte"),
    [
        (-147, -112, "20 SA → 25 SA (exclue)"),
        (0, 6, "J0 (terme ou naissance) → J+6 (exclue)"),
        (-42, 70, "35 SA → 10 semaines après le terme ou la naissance (exclue)"),
        (30, 61, "1 mois → 2 mois (exclue)"),
        (0, None, "J0 (terme ou naissance)"),
    ],
)
def test_fenetre_in_the_units_of_the_texts(debut, fin, texte):
    assert fenetre(debut, fin) == texte


def test_dates_for_the_example_due_date():
    from datetime import date

    terme = date(2027, 5, 14)
    assert dates_exemple(0, 6, terme) == "du 14 mai 2027 au 19 mai 2027"  # J+5 is the last day
    assert dates_exemple(0, None, terme) == "le 14 mai 2027"


def test_calendar_list_shows_windows_in_sa_and_example_dates(editeur):
    html = editeur.get(LISTE).content.decode()
    assert "Fenêtre (fin exclue)" in html and "20 SA → 37 SA (exclue)" in html  # whooping cough
    assert "Dates pour un terme au" in html
    coqueluche = Evenement.objects.get(slug="vaccin-coqueluche-grossesse")
    assert dates_exemple(coqueluche.debut, coqueluche.fin) in html
    assert "True" not in html and "False" not in html
    assert "Essentiel" in html and "Facultatif" in html


def test_an_event_entered_in_sa_is_stored_in_days_with_its_slug_from_the_title(editeur):
    reponse = editeur.post(LISTE + "add/", _formulaire(**{"action-publish": "1"}))
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    evenement = Evenement.objects.get(slug="seance-dessai-en-sa")
    assert (evenement.debut, evenement.fin) == (24 * 7 - 287, 28 * 7 - 287)
    edition = editeur.get(f"{LISTE}edit/{evenement.pk}/").content.decode()
    assert 'name="debut_nombre" value="24"' in edition and 'value="sa" selected' in edition
    assert terme_exemple().strftime("%Y") in edition


@pytest.mark.parametrize(
    ("changement", "champ"),
    [({"fin_nombre": "20"}, "fin_nombre"), ({"debut_nombre": ""}, "debut_nombre"), ({"nom": ""}, "nom")],
)
def test_a_bad_window_is_refused_and_nothing_stored(editeur, changement, champ):
    avant = Evenement.objects.count()
    reponse = editeur.post(LISTE + "add/", _formulaire(**changement, **{"action-publish": "1"}))
    assert reponse.status_code == 200
    assert champ in reponse.context["form"].errors
    assert Evenement.objects.count() == avant


def test_a_measure_slug_comes_from_its_title(editeur):
    reponse = editeur.post(
        "/admin/snippets/contenus/mesure/add/",
        {
            "titre": "Maisons des 1000 premiers jours",
            "slug": "",
            "resume": "…",
            "axe": "6",
            "ordre": "0",
            "corps-count": "0",
            "action-publish": "1",
        },
    )
    assert reponse.status_code == 302, reponse.context["form"].errors if reponse.context else reponse
    assert Mesure.objects.get(slug="maisons-des-1000-premiers-jours").axe == 6


def test_labels_have_their_accents(editeur):
    html = editeur.get(LISTE + "add/").content.decode()
    assert "Thématique" in html and "Thematique<" not in html
    html = editeur.get("/admin/snippets/contenus/mesure/add/").content.decode()
    assert "Étapes" in html and "Événements" in html
