"""The EPDS widget's pages through Django's test client: the journey, its errors, its limits."""

from __future__ import annotations

import re

import pytest

from tests.epds.reference import indexes_pour, points_pour_score
from tests.support.factories import compter

URL = "/widget/epds/"


@pytest.fixture
def partenaire_widget(epds):
    from epds.models import Partenaire

    return Partenaire.objects.create(
        nom="Maternité du widget",
        slug="maternite-widget",
        origines_autorisees=["https://www.maternite.example"],
        texte_accueil="Bienvenue sur le questionnaire de la maternité.",
    )


def _etat(reponse) -> str:
    return re.search(r'name="etat" value="([^"]+)"', reponse.content.decode()).group(1)


def _poster(client, reponse, action, **champs):
    return client.post(URL, {"etat": _etat(reponse), "action": action, **champs})


def _reponses(points):
    return {f"q{i + 1}": str(index) for i, index in enumerate(indexes_pour(points))}


def _jusquaux_questions(client, source="maternite-widget", langue="fr"):
    accueil = client.get(URL, {"source": source, "langue": langue})
    assert accueil.status_code == 200
    demographie = _poster(client, accueil, "demographie")
    return _poster(client, demographie, "passer")


def test_the_whole_journey_stores_through_the_domain_and_opens_the_case(client, partenaire_widget, caplog):
    import logging

    from epds.models import DemandeContact, SoumissionEpds

    caplog.set_level(logging.DEBUG)

    accueil = client.get(URL, {"source": "maternite-widget"})
    html = accueil.content.decode()
    assert "Bienvenue sur le questionnaire de la maternité." in html
    assert "parents ont déjà fait ce test" in html
    assert accueil["Content-Security-Policy"].endswith("frame-ancestors https://www.maternite.example")
    assert "X-Frame-Options" not in accueil
    assert not accueil.cookies  # no cookie at all
    demographie = _poster(client, accueil, "demographie")
    questions = _poster(client, demographie, "questions", genre="F", tranche_age="25-30", departement="75")
    assert "J’ai pu rire et prendre les choses du bon côté" in questions.content.decode()
    resultat = _poster(client, questions, "resultat", **_reponses(points_pour_score(13, question_10=2)))
    assert resultat.status_code == 200
    soumission = SoumissionEpds.objects.get()
    assert (soumission.score, soumission.niveau, soumission.alerte_question_10) == (13, "TRES_ELEVE", True)
    assert (soumission.genre, soumission.tranche_age, soumission.departement) == ("F", "25-30", "75")
    html = resultat.content.decode()
    assert html.index('id="urgence"') < html.index('id="niveau"')  # emergency resources first
    assert "3114" in html[html.index('id="urgence"') : html.index('id="niveau"')]
    contact = _poster(client, resultat, "contact")
    envoye = _poster(
        client,
        contact,
        "envoyer",
        canal="SMS",
        prenom="Camille",
        telephone="06 12 34 56 78",
        creneaux=["MATIN"],
        consentement="oui",
    )
    assert envoye.status_code == 200, envoye.content.decode()[:2000]
    encore = _poster(
        client,
        contact,
        "envoyer",
        canal="SMS",
        prenom="Camille",
        telephone="06 12 34 56 78",
        creneaux=["MATIN"],
        consentement="oui",
    )  # the confirmation page reloaded
    demande = DemandeContact.objects.get()  # one request
    assert demande.reference in encore.content.decode()
    assert demande.dossier.soumission == soumission and demande.dossier.statut == "nouveau"
    assert demande.reference in envoye.content.decode()
    assert demande.telephone == "+33612345678"
    journal = caplog.text
    assert "Camille" not in journal and "06 12 34 56 78" not in journal and "q10" not in journal


def test_errors_are_french_coded_and_tied_to_their_fields(client, partenaire_widget):
    questions = _jusquaux_questions(client)
    reponses = _reponses(points_pour_score(5))
    del reponses["q4"]
    page = _poster(client, questions, "resultat", **reponses)
    html = page.content.decode()
    assert 'data-code="REPONSE_REQUISE"' in html and "Choisissez une réponse à cette question." in html
    assert 'aria-describedby="q4-erreur"' in html and 'id="q4-erreur"' in html
    assert f'name="q5" value="{reponses["q5"]}" checked' in html  # answers given are kept
    assert compter()["soumissions"] == 0

    demographie = _poster(
        client,
        _poster(client, client.get(URL, {"source": "maternite-widget"}), "demographie"),
        "questions",
        departement="999",
        mois="x",
    )
    html = demographie.content.decode()
    assert 'data-code="DEPARTEMENT_INVALIDE"' in html and "Département inconnu." in html
    assert 'data-code="NOMBRE_INVALIDE"' in html
    assert 'aria-describedby="departement-aide departement-erreur"' in html


def test_a_double_submit_stores_one_answer(client, partenaire_widget, monkeypatch):
    import time

    questions = _jusquaux_questions(client)
    reponses = _reponses(points_pour_score(4))
    premiere = _poster(client, questions, "resultat", **reponses)
    plus_tard = time.time() + 42
    monkeypatch.setattr(time, "time", lambda: plus_tard)
    seconde = _poster(client, questions, "resultat", **reponses)  # a reload posts the same form again
    assert premiere.status_code == seconde.status_code == 200
    assert compter()["soumissions"] == 1
    assert 'id="retest"' in seconde.content.decode()  # low score: retest in two weeks
    assert "CLE_IDEMPOTENCE" not in seconde.content.decode()
    # Back to the questions, one answer changed: a new submission, not a refused replay.
    autres = {**reponses, "q1": str(3 - int(reponses["q1"]))}
    troisieme = _poster(client, questions, "resultat", **autres)
    assert troisieme.status_code == 200 and "CLE_IDEMPOTENCE" not in troisieme.content.decode()
    assert compter()["soumissions"] == 2


def test_unknown_source_is_a_clear_page(client, epds):
    for params in ({"source": "inconnue"}, {}, {"source": "x\x00"}, {"source": "a" * 500}):
        reponse = client.get(URL, params)
        assert reponse.status_code == 404
        assert "Ce questionnaire n’est pas disponible ici" in reponse.content.decode()
        assert "SOURCE_INCONNUE" in reponse.content.decode()


@pytest.mark.parametrize(
    "donnees",
    [
        {"etat": "forge", "action": "resultat"},
        {"etat": "", "action": "envoyer", "source": "maternite-widget"},
        {"action": "resultat"},
        {"etat": "a" * 10_000},
        {"etat": "", "action": "resultat", "source": "x\x00"},
    ],
)
def test_hostile_posts_never_fail(client, partenaire_widget, donnees):
    reponse = client.post(URL, donnees)
    assert reponse.status_code in (400, 404)
    assert compter()["soumissions"] == 0


def test_hostile_fields_never_fail(client, partenaire_widget):
    questions = _jusquaux_questions(client)
    for champs in (
        {"q1": "\x00"},
        {"q1": "9", **{f"q{i}": "0" for i in range(2, 11)}},
        {"q1": "-3", **{f"q{i}": "0" for i in range(2, 11)}},
        {"q1": "zéro", **{f"q{i}": "0" for i in range(2, 11)}},
        {"q1": "1" * 1000},
    ):
        reponse = _poster(client, questions, "resultat", **champs)
        assert reponse.status_code in (200, 400), champs
    assert (
        'data-code="REPONSE_HORS_BORNES"'
        in _poster(
            client, questions, "resultat", q1="9", **{f"q{i}": "0" for i in range(2, 11)}
        ).content.decode()
    )
    assert _poster(client, questions, "inconnue").status_code == 400
    assert compter()["soumissions"] == 0


def test_contact_errors_come_from_the_domain(client, partenaire_widget):
    resultat = _poster(client, _jusquaux_questions(client), "resultat", **_reponses(points_pour_score(12)))
    contact = _poster(client, resultat, "contact")
    page = _poster(client, contact, "envoyer", canal="SMS", prenom="", telephone="01")
    html = page.content.decode()
    for code, champ in (
        ("PRENOM_REQUIS", "prenom"),
        ("TELEPHONE_INVALIDE", "telephone"),
        ("CONSENTEMENT_REQUIS", "consentement"),
    ):
        assert f'id="{champ}-erreur" data-code="{code}"' in html
    assert "Le consentement est nécessaire." in html
    assert 'aria-describedby="telephone-aide telephone-erreur" aria-invalid="true"' in html
    page = _poster(
        client, contact, "envoyer", canal="SMS", prenom="A", telephone="0612345678", naissance="31/02/2020"
    )
    assert 'data-code="DATE_INVALIDE"' in page.content.decode()
    page = _poster(client, contact, "envoyer", canal="FAX", prenom="A", consentement="oui")
    assert 'data-code="CANAL_INDISPONIBLE"' in page.content.decode()
    assert compter()["demandes"] == 0


def test_english_is_the_original_wording_with_its_citation(client, partenaire_widget):
    questions = _jusquaux_questions(client, langue="en")
    html = questions.content.decode()
    assert '<html lang="en" dir="ltr"' in html
    assert "I have been able to laugh and see the funny side of things" in html
    assert "British Journal of Psychiatry 150:782-786" in html


def test_rate_limit_applies_to_the_widget(client, partenaire_widget, settings):
    settings.RATE_LIMIT_PER_ADDRESS = 0
    page = _poster(client, _jusquaux_questions(client), "resultat", **_reponses(points_pour_score(4)))
    assert page.status_code == 429 and 'data-code="LIMITE_DEPASSEE"' in page.content.decode()
    assert compter()["soumissions"] == 0


def test_the_embed_script_and_the_personal_data_page(client, partenaire_widget):
    script = client.get("/widget/epds.js")
    assert script.status_code == 200 and script["Content-Type"].startswith("text/javascript")
    assert b"evenement.origin !== hub.origin" in script.content
    assert (
        client.get("/widget/epds/donnees-personnelles/", {"source": "x\x00", "langue": "\x00"}).status_code
        == 200
    )
    donnees = client.get("/widget/epds/donnees-personnelles/", {"source": "maternite-widget"})
    assert donnees.status_code == 200 and "Vos données personnelles" in donnees.content.decode()
    assert donnees["Content-Security-Policy"].endswith("frame-ancestors https://www.maternite.example")


def _donnees_partenaire(**champs):
    donnees = {
        "nom": "Maternité du widget",
        "slug": "maternite-widget",
        "site_web": "",
        "contact_email": "",
        "actif": "on",
        "origines_autorisees": "https://www.maternite.example\nhttps://autre.example/\n\n",
        "canaux_contact": ["SMS", "EMAIL"],
        "texte_accueil": "Bonjour",
        "lien_rendez_vous": "",
    }
    donnees.update(champs)
    return donnees


def test_the_admin_edits_origins_as_a_list_and_shows_the_snippets(admin_client, partenaire_widget):
    url = f"/admin/partenaires/edit/{partenaire_widget.pk}/"
    page = admin_client.get(url).content.decode()
    assert "https://www.maternite.example</textarea>" in page  # one origin per line, not JSON
    assert "/widget/epds.js&quot; data-source=&quot;maternite-widget&quot;" in page
    assert "/widget/epds/?source=maternite-widget" in page
    assert "/widget/epds/contact/?source=maternite-widget" in page  # the page without the test
    reponse = admin_client.post(url, _donnees_partenaire())
    assert reponse.status_code == 302, reponse.content.decode()[-2000:]
    partenaire_widget.refresh_from_db()
    assert partenaire_widget.origines_autorisees == ["https://www.maternite.example", "https://autre.example"]
    assert partenaire_widget.canaux_contact == ["SMS", "EMAIL"]
    reponse = admin_client.post(
        url, _donnees_partenaire(origines_autorisees="https://ok.example\nwww.sans-schema.fr")
    )
    assert reponse.status_code == 200
    assert "« www.sans-schema.fr » n&#x27;est pas une origine valide" in reponse.content.decode()


def test_channels_switched_off_are_not_offered(client, partenaire_widget):
    partenaire_widget.canaux_contact = ["TELEPHONE"]
    partenaire_widget.save()
    resultat = _poster(client, _jusquaux_questions(client), "resultat", **_reponses(points_pour_score(12)))
    contact = _poster(client, resultat, "contact").content.decode()
    assert 'name="canal" value="TELEPHONE"' in contact and 'value="SMS"' not in contact
    partenaire_widget.canaux_contact = []
    partenaire_widget.save()
    resultat = _poster(client, _jusquaux_questions(client), "resultat", **_reponses(points_pour_score(12)))
    assert "Ce site ne propose pas encore d’être contacté·e." in resultat.content.decode()


# --- « Être contacté·e sans faire le test » ------------------------------------------------------

URL_CONTACT = "/widget/epds/contact/"


def test_contact_without_the_test_opens_a_case_with_javascript_off(client, partenaire_widget, caplog):
    import logging

    from epds.models import DemandeContact

    caplog.set_level(logging.DEBUG)
    accueil = client.get(URL, {"source": "maternite-widget"}).content.decode()
    assert f'href="{URL_CONTACT}?source=maternite-widget&amp;langue=fr"' in accueil  # from the welcome step

    page = client.get(URL_CONTACT, {"source": "maternite-widget"})
    assert page.status_code == 200 and not page.cookies
    assert page["Content-Security-Policy"].endswith("frame-ancestors https://www.maternite.example")
    html = page.content.decode()
    assert '<h1 id="titre-etape" tabindex="-1" autofocus>Être contacté·e sans faire le test</h1>' in html
    assert html.index('id="urgence"') < html.index("<form")  # the emergency lines come first
    assert "3114" in html and 'href="tel:3114"' in html
    assert "mes coordonnées soient transmis" in html and "mon résultat" not in html
    assert 'value="retour_resultat"' not in html and 'value="envoyer"' in html

    vide = _poster(client, page, "envoyer", canal="SMS")
    html = vide.content.decode()
    assert 'id="prenom-erreur" data-code="PRENOM_REQUIS"' in html
    assert 'id="consentement-erreur" data-code="CONSENTEMENT_REQUIS"' in html
    assert 'aria-describedby="consentement-erreur" aria-invalid="true"' in html
    assert compter()["demandes"] == 0

    champs = {"canal": "SMS", "prenom": "Camille", "telephone": "06 12 34 56 78", "consentement": "oui"}
    envoye = _poster(client, vide, "envoyer", **champs)
    encore = _poster(client, vide, "envoyer", **champs)  # the confirmation page reloaded
    demande = DemandeContact.objects.get()
    assert demande.reference in envoye.content.decode() and demande.reference in encore.content.decode()
    assert demande.dossier.soumission is None and demande.dossier.canal_arrivee == "demande_sans_test"
    assert (demande.dossier.partenaire, demande.langue, demande.telephone) == (
        partenaire_widget,
        "fr",
        "+33612345678",
    )
    assert compter() == {"soumissions": 0, "dossiers": 1, "demandes": 1, "notifications": 1}
    assert "Camille" not in caplog.text and "06 12 34 56 78" not in caplog.text


def test_contact_without_the_test_has_one_form_and_no_questionnaire(client, partenaire_widget):
    page = client.get(URL_CONTACT, {"source": "maternite-widget", "langue": "en"})
    html = page.content.decode()
    assert '<html lang="en" dir="ltr"' in html and "Be contacted without taking the test" in html
    assert "my first name and my contact details are sent" in html
    for action in ("resultat", "questions", "contact", "retour_resultat", "demographie"):
        refus = _poster(client, page, action, **_reponses(points_pour_score(20)))
        assert refus.status_code == 400 and 'data-code="ETAT_INVALIDE"' in refus.content.decode(), action
    assert compter()["soumissions"] == compter()["demandes"] == 0
    for params in ({"source": "inconnue"}, {}, {"source": "x\x00"}):
        assert client.get(URL_CONTACT, params).status_code == 404
    assert client.post(URL_CONTACT, {"source": "maternite-widget"}).status_code == 405


def test_contact_without_the_test_offers_the_partners_channels_and_its_limits(
    client, partenaire_widget, settings
):
    partenaire_widget.canaux_contact = ["TELEPHONE"]
    partenaire_widget.save()
    page = client.get(URL_CONTACT, {"source": "maternite-widget"})
    html = page.content.decode()
    assert 'name="canal" value="TELEPHONE"' in html and 'value="SMS"' not in html
    refus = _poster(
        client, page, "envoyer", canal="SMS", prenom="A", telephone="0612345678", consentement="oui"
    )
    assert 'data-code="CANAL_INDISPONIBLE"' in refus.content.decode()

    settings.RATE_LIMIT_PER_ADDRESS = 0
    limite = _poster(
        client, page, "envoyer", canal="TELEPHONE", prenom="A", telephone="0612345678", consentement="oui"
    )
    assert limite.status_code == 429 and 'data-code="LIMITE_DEPASSEE"' in limite.content.decode()
    assert compter()["demandes"] == 0

    partenaire_widget.canaux_contact = []
    partenaire_widget.save()
    html = client.get(URL_CONTACT, {"source": "maternite-widget"}).content.decode()
    assert "Ce site ne propose pas encore d’être contacté·e." in html and "<form" not in html
    assert "3114" in html  # the emergency lines stay
    assert URL_CONTACT not in client.get(URL, {"source": "maternite-widget"}).content.decode()
