"""The EPDS widget in Chromium, by keyboard only: every step axe-clean (WCAG 2.1 A/AA), focus on
each new step's heading, errors tied to their fields, emergency resources first on item 10, and
the contact request opening the case the follow-up team sees.

Four journeys cover each language (French, English, and Arabic added here as a right-to-left
language), and each width (320 and 1280 px) with JavaScript on and with it off; one browser for
the session, JavaScript off by a context with java_script_enabled=False.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from tests.e2e.conftest import assert_accessible
from tests.epds.reference import BAREME, indexes_pour, points_pour_score

SOURCE = "maternite-e2e"
PARCOURS = [  # (language, width, JavaScript, points, demographics filled in)
    ("fr", 320, True, points_pour_score(14, question_10=2), False),
    ("fr", 1280, False, points_pour_score(4), True),
    ("en", 320, False, points_pour_score(12), True),
    ("ar", 1280, True, points_pour_score(20, question_10=3), False),
]


def _preparer():
    from epds.models import Partenaire

    call_command("load_epds", stdout=open("/dev/null", "w"))
    _ajouter_arabe()
    return Partenaire.objects.create(nom="Maternité e2e", slug=SOURCE)


def _ajouter_arabe():
    """A right-to-left language added as editors would: its questionnaire (same points) and its
    texts. Test data only: the hub never machine-translates the instrument."""
    from wagtail.models import Locale

    from epds.models import LibelleEpds, QuestionEpds, QuestionnaireEpds

    arabe = Locale.objects.get_or_create(language_code="ar")[0]
    if QuestionnaireEpds.objects.filter(locale=arabe).exists():
        return
    q = QuestionnaireEpds(version="2026.1", consigne="تعليمات الاستبيان", locale=arabe, publie=True)
    q.questions = [
        QuestionEpds(
            numero=i + 1,
            libelle=f"السؤال {i + 1}",
            **{f"reponse_{n}": f"الجواب {n}" for n in range(1, 5)},
            **{f"points_{n}": p for n, p in enumerate(BAREME[i], start=1)},
        )
        for i in range(10)
    ]
    q.save()
    LibelleEpds.objects.bulk_create(
        [
            LibelleEpds(cle=fr.cle, texte=f"نص {fr.cle}", locale=arabe, translation_key=fr.translation_key)
            for fr in LibelleEpds.objects.filter(locale__language_code="fr")
        ]
    )


def _focus_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def _tab_jusqua(page, selecteur: str, max_tabs: int = 80) -> None:
    """Presses Tab until the element matching `selecteur` has the focus (keyboard only)."""
    cible = page.locator(selecteur).first
    for _ in range(max_tabs):
        if cible.evaluate("e => e === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selecteur} n'est pas atteignable au clavier")


def _choisir(page, nom: str, position: int) -> None:
    """A radio group by keyboard: Tab into the group, Space, then arrows to the answer."""
    _tab_jusqua(page, f"input[name='{nom}']:checked, input[name='{nom}']")
    radios = page.locator(f"input[name='{nom}']")
    actuelle = radios.evaluate_all("rs => rs.indexOf(document.activeElement)")
    page.keyboard.press("Space")
    ecart = position - actuelle
    for _ in range(abs(ecart)):
        page.keyboard.press("ArrowDown" if ecart > 0 else "ArrowUp")
    assert radios.nth(position).is_checked(), nom


def _appuyer(page, selecteur: str) -> None:
    _tab_jusqua(page, selecteur)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _verifier(page, etape: str) -> None:
    """axe-core needs JavaScript (its promises and timers): with JavaScript off, the page as the
    browser received it is checked in a twin page of the same origin and width, scripts removed."""
    jumelle = getattr(page, "jumelle", None)
    if jumelle is None:
        assert_accessible(page, etape)
        return
    html = page.content()
    jumelle.goto(page.url if page.url.endswith("/widget/epds.js") else "/widget/epds.js")
    jumelle.set_content(re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S))
    assert_accessible(jumelle, etape + " (sans JavaScript)")


def _nouvelle_etape(page, etape: str, attendu: str = "titre-etape") -> None:
    page.wait_for_function(f"document.activeElement && document.activeElement.id === '{attendu}'")
    assert _focus_id(page) == attendu, etape
    _verifier(page, etape)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("langue", "largeur", "js", "points", "demographie"), PARCOURS)
def test_the_whole_journey_by_keyboard(
    browser, live_server, client, langue, largeur, js, points, demographie
):
    from epds.models import DemandeContact, DossierSuivi, SoumissionEpds

    _preparer()
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": largeur, "height": 800}, java_script_enabled=js
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    if not js:
        jumelle = browser.new_context(base_url=live_server.url, viewport={"width": largeur, "height": 800})
        page.jumelle = jumelle.new_page()
    try:
        page.goto(f"/widget/epds/?source={SOURCE}&langue={langue}")
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == (
            langue,
            "rtl" if langue == "ar" else "ltr",
        )
        assert page.context.cookies() == []
        _verifier(page, f"accueil {langue} {largeur}")
        _appuyer(page, "button[value=demographie]")

        _nouvelle_etape(page, "démographie")
        if demographie:
            _choisir(page, "genre", 0)
            _tab_jusqua(page, "#departement")
            page.keyboard.type("2B" if langue != "fr" else "999")
            _appuyer(page, "button[value=questions]")
            if langue == "fr":  # an unknown département: the error is tied to its field
                _nouvelle_etape(page, "démographie en erreur", attendu="erreurs")
                assert page.locator("#departement").get_attribute("aria-describedby").split()[-1] == (
                    "departement-erreur"
                )
                assert (
                    page.locator("#departement-erreur").get_attribute("data-code") == "DEPARTEMENT_INVALIDE"
                )
                _tab_jusqua(page, "#departement")
                page.keyboard.press("Control+A")
                page.keyboard.type("75")
                _appuyer(page, "button[value=questions]")
        else:
            _appuyer(page, "button[value=passer]")

        _nouvelle_etape(page, "questions")
        indexes = indexes_pour(points)
        une_par_ecran = js and largeur < 768
        oubli = 3 if not js and largeur > 768 else None  # one question left out, then answered
        for i, index in enumerate(indexes):
            if i == oubli:
                continue
            if une_par_ecran:
                assert (
                    page.locator(f"#q{i + 1}").is_visible()
                    and page.locator(".epds-question:visible").count() == 1
                )
            _choisir(page, f"q{i + 1}", index)
            if une_par_ecran and i < 9:
                _tab_jusqua(page, ".epds-nav-question .fr-btn:not(.fr-btn--secondary)")
                page.keyboard.press("Enter")
                page.wait_for_function(
                    f"document.activeElement && document.activeElement.closest('#q{i + 2}') !== null"
                )
        _appuyer(page, "button[value=resultat]")
        if oubli is not None:
            _nouvelle_etape(page, "questions en erreur", attendu="erreurs")
            radio = page.locator(f"input[name=q{oubli + 1}]").first
            assert radio.get_attribute("aria-describedby") == f"q{oubli + 1}-erreur"
            assert page.locator(f"#q{oubli + 1}-erreur").get_attribute("data-code") == "REPONSE_REQUISE"
            assert page.locator("input[name=q1]:checked").count() == 1  # nothing lost
            _choisir(page, f"q{oubli + 1}", indexes[oubli])
            _appuyer(page, "button[value=resultat]")

        _nouvelle_etape(page, "résultat")
        soumission = SoumissionEpds.objects.get()
        assert soumission.score == sum(points) and soumission.langue == langue
        premier = page.locator("main .fr-stepper ~ *").first
        if soumission.alerte_question_10:  # emergency resources first and prominent
            assert premier.get_attribute("id") == "urgence"
            assert "3114" in page.locator("#urgence").inner_text()
        else:
            assert premier.get_attribute("id") == "niveau"
            assert page.locator("#urgence").count() == 0
        assert page.locator("#retest").count() == (soumission.niveau == "BIEN")

        _appuyer(page, "button[value=contact]")
        _nouvelle_etape(page, "contact")
        _appuyer(page, "button[value=envoyer]")  # empty: errors tied to their fields
        _nouvelle_etape(page, "contact en erreur", attendu="erreurs")
        assert "prenom-erreur" in page.locator("#prenom").get_attribute("aria-describedby")
        assert page.locator("#consentement-oui").get_attribute("aria-describedby") == "consentement-erreur"
        _choisir(page, "canal", 0)  # SMS
        _tab_jusqua(page, "#prenom")
        page.keyboard.type("Camille")
        _tab_jusqua(page, "#telephone")
        page.keyboard.type("06 12 34 56 78")
        _tab_jusqua(page, "#consentement-oui")
        page.keyboard.press("Space")
        _appuyer(page, "button[value=envoyer]")
        _nouvelle_etape(page, "confirmation")

        demande = DemandeContact.objects.get()
        assert page.locator("#reference").inner_text() == demande.reference
        dossier = DossierSuivi.objects.get(soumission=soumission)
        assert dossier.statut == "nouveau" and demande.dossier == dossier
        assert page.context.cookies() == []
        _vu_par_l_equipe(client, dossier, demande)
    finally:
        context.close()
        if not js:
            jumelle.close()


def _vu_par_l_equipe(client, dossier, demande) -> None:
    """The follow-up team's queue in the admin lists the case, its page shows the request."""
    from django.contrib.auth import get_user_model

    from epds.groupes import creer_groupe_equipe_suivi

    membre = get_user_model().objects.create_user("suivi", password="mot-de-passe-solide-42")
    membre.groups.add(creer_groupe_equipe_suivi())
    client.force_login(membre)
    assert str(dossier) in client.get("/admin/epds/file-suivi/").content.decode()
    fiche = client.get(f"/admin/epds/file-suivi/edit/{dossier.pk}/").content.decode()
    assert "Camille" in fiche and demande.reference in fiche
