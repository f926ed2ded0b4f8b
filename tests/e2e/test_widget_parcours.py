"""The EPDS widget in Chromium, by keyboard only: every step axe-clean (WCAG 2.1 A/AA), focus on
each new step's heading, errors tied to their fields, emergency resources first on item 10, and
the contact request opening the case the follow-up team sees in the admin.

The whole matrix of the issue: French, English and Arabic (added here as a right-to-left
language) × 320 and 1280 px × JavaScript on and off, twelve journeys with varied scores and
demographics; then, in each language, the page « être contacté·e sans faire le test » reached
from the welcome step. One test per language prepares the data once for its journeys (a
transactional test flushes the database at its end); each journey has its own browser context
(no cookie, no cache carried over), JavaScript off being a context with java_script_enabled=False
whose pages axe-core checks in one twin page of the same origin and width.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.core.management import call_command
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import assert_accessible
from tests.epds.reference import BAREME, indexes_pour, points_pour_score

SOURCE = "maternite-e2e"
# language → its four journeys: (width, JavaScript, item points, demographics filled in).
# Every language has an item-10 alert (emergency resources first), a low score (retest advice)
# and both widths with JavaScript on and off.
PARCOURS = {
    "fr": [
        (320, True, points_pour_score(14, question_10=2), False),
        (320, False, points_pour_score(9), True),
        (1280, True, points_pour_score(4), True),
        (1280, False, points_pour_score(20, question_10=3), False),
    ],
    "en": [
        (320, True, points_pour_score(0), False),
        (320, False, points_pour_score(12), True),
        (1280, True, points_pour_score(16, question_10=1), True),
        (1280, False, points_pour_score(10), False),
    ],
    "ar": [
        (320, True, points_pour_score(11), True),
        (320, False, points_pour_score(25, question_10=2), False),
        (1280, True, points_pour_score(20, question_10=3), False),
        (1280, False, points_pour_score(7), True),
    ],
}
# The page without the test, once per language: (width, JavaScript).
SANS_TEST = {"fr": (320, False), "en": (1280, True), "ar": (320, True)}
PRENOMS = ["Camille", "Noa", "Sacha", "Alex", "Lou"]


@pytest.fixture(autouse=True)
def _port_du_serveur(settings, live_server):
    """The live server's ephemeral port is a port the hub is served on (hub.adresses)."""
    settings.ALLOWED_HOST_PORTS = [live_server.url.rsplit(":", 1)[1]]


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


@dataclass
class Parcours:
    """One journey's page, keyboard only; `jumelle` is the twin page of a JavaScript-off journey."""

    page: object
    jumelle: object | None
    nom: str

    def focus_id(self) -> str:
        return self.page.evaluate("document.activeElement && document.activeElement.id")

    def tab_jusqua(self, selecteur: str, max_tabs: int = 80) -> None:
        """Presses Tab until the first element matching `selecteur` has the focus."""
        est_active = "s => document.activeElement === document.querySelector(s)"
        for _ in range(max_tabs):
            if self.page.evaluate(est_active, selecteur):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"{self.nom} : {selecteur} n'est pas atteignable au clavier")

    def choisir(self, nom: str, position: int) -> None:
        """A radio group by keyboard: Tab into the group, Space, then arrows to the answer."""
        self.tab_jusqua(f"input[name='{nom}']:checked, input[name='{nom}']")
        radios = self.page.locator(f"input[name='{nom}']")
        actuelle = radios.evaluate_all("rs => rs.indexOf(document.activeElement)")
        self.page.keyboard.press("Space")
        ecart = position - actuelle
        for _ in range(abs(ecart)):
            self.page.keyboard.press("ArrowDown" if ecart > 0 else "ArrowUp")
        assert radios.nth(position).is_checked(), f"{self.nom} : {nom}"

    def appuyer(self, selecteur: str) -> None:
        self.tab_jusqua(selecteur)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def taper(self, selecteur: str, texte: str) -> None:
        self.tab_jusqua(selecteur)
        self.page.keyboard.type(texte)

    def verifier(self, etape: str) -> None:
        """axe-core needs JavaScript (its promises and timers): with JavaScript off, the page as
        the browser received it is checked in the twin page, scripts removed."""
        if self.jumelle is None:
            assert_accessible(self.page, f"{self.nom}, {etape}")
            return
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", self.page.content(), flags=re.S)
        self.jumelle.set_content(html)
        assert_accessible(self.jumelle, f"{self.nom}, {etape} (sans JavaScript)")

    def nouvelle_etape(self, etape: str, attendu: str = "titre-etape") -> None:
        try:
            # Polled every 100 ms, not at each animation frame: a page nobody paints (headless,
            # in the background) may draw no frame for seconds, and the focus that had moved went
            # unseen until the timeout (the rare miss: focus on #attendu when the error was written).
            self.page.wait_for_function(
                "id => document.activeElement && document.activeElement.id === id", arg=attendu, polling=100
            )
        except PlaywrightTimeout:  # say where the journey stood (a rare miss seen once in CI)
            titre = self.page.locator("h1").first.text_content() if self.page.locator("h1").count() else None
            raise AssertionError(
                f"{self.nom} : {etape} — focus not on #{attendu} after 10 s; url {self.page.url}, "
                f"h1 {titre!r}, focus on #{self.focus_id()!r}"
            ) from None
        assert self.focus_id() == attendu, f"{self.nom} : {etape}"
        self.verifier(etape)


class Session:
    """What the journeys of one test share: the browser, the twin page, the team's client."""

    def __init__(self, browser, live_server, client):
        from django.contrib.auth import get_user_model

        from epds.groupes import creer_groupe_equipe_suivi

        self.browser, self.url, self.client = browser, live_server.url, client
        self.contexte_jumelle = browser.new_context(base_url=self.url)
        self.jumelle = self.contexte_jumelle.new_page()
        self.jumelle.goto("/widget/epds.js")  # the hub's origin, for the twin's relative URLs
        membre = get_user_model().objects.create_user("suivi", password="mot-de-passe-solide-42")
        membre.groups.add(creer_groupe_equipe_suivi())
        client.force_login(membre)

    def parcours(self, nom: str, largeur: int, js: bool):
        contexte = self.browser.new_context(
            base_url=self.url, viewport={"width": largeur, "height": 800}, java_script_enabled=js
        )
        if js:  # axe-core sent once for the context rather than once per page (tests.e2e.conftest)
            contexte.add_init_script(AXE_SCRIPT)
        page = contexte.new_page()
        page.set_default_timeout(10_000)
        if not js:
            self.jumelle.set_viewport_size({"width": largeur, "height": 800})
        return contexte, Parcours(page, None if js else self.jumelle, nom)

    def vu_par_l_equipe(self, dossier, demande, prenom: str, nom: str) -> str:
        """The follow-up team's queue in the admin lists the case, its page shows the request."""
        assert str(dossier) in self.client.get("/admin/epds/file-suivi/").content.decode(), nom
        fiche = self.client.get(f"/admin/epds/file-suivi/edit/{dossier.pk}/").content.decode()
        assert prenom in fiche and demande.reference in fiche, nom
        return fiche

    def fermer(self):
        self.contexte_jumelle.close()


def _accueil(p: Parcours, langue: str) -> None:
    p.page.goto(f"/widget/epds/?source={SOURCE}&langue={langue}")
    html = p.page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == (
        langue,
        "rtl" if langue == "ar" else "ltr",
    ), p.nom
    assert p.page.context.cookies() == []
    p.verifier("accueil")


def _demographie(p: Parcours, langue: str, remplie: bool) -> None:
    p.nouvelle_etape("démographie")
    if not remplie:
        p.appuyer("button[value=passer]")
        return
    p.choisir("genre", 0)
    p.taper("#departement", "2B" if langue != "fr" else "999")
    p.appuyer("button[value=questions]")
    if langue == "fr":  # an unknown département: the error is tied to its field
        p.nouvelle_etape("démographie en erreur", attendu="erreurs")
        assert p.page.locator("#departement").get_attribute("aria-describedby").split()[-1] == (
            "departement-erreur"
        )
        assert p.page.locator("#departement-erreur").get_attribute("data-code") == "DEPARTEMENT_INVALIDE"
        p.tab_jusqua("#departement")
        p.page.keyboard.press("Control+A")
        p.page.keyboard.type("75")
        p.appuyer("button[value=questions]")


def _questions(p: Parcours, points: list[int], largeur: int, js: bool) -> None:
    p.nouvelle_etape("questions")
    indexes = indexes_pour(points)
    une_par_ecran = js and largeur < 768
    oubli = 3 if not js and largeur > 768 else None  # one question left out, then answered
    for i, index in enumerate(indexes):
        if i == oubli:
            continue
        if une_par_ecran:
            assert p.page.locator(f"#q{i + 1}").is_visible(), p.nom
            assert p.page.locator(".epds-question:visible").count() == 1, p.nom
        p.choisir(f"q{i + 1}", index)
        if une_par_ecran and i < 9:
            p.tab_jusqua(".epds-nav-question .fr-btn:not(.fr-btn--secondary)")
            p.page.keyboard.press("Enter")
            p.page.wait_for_function(
                "id => document.activeElement && document.activeElement.closest(id) !== null",
                arg=f"#q{i + 2}",
            )
    p.appuyer("button[value=resultat]")
    if oubli is not None:
        p.nouvelle_etape("questions en erreur", attendu="erreurs")
        radio = p.page.locator(f"input[name=q{oubli + 1}]").first
        assert radio.get_attribute("aria-describedby") == f"q{oubli + 1}-erreur"
        assert p.page.locator(f"#q{oubli + 1}-erreur").get_attribute("data-code") == "REPONSE_REQUISE"
        assert p.page.locator("input[name=q1]:checked").count() == 1  # nothing lost
        p.choisir(f"q{oubli + 1}", indexes[oubli])
        p.appuyer("button[value=resultat]")


def _resultat(p: Parcours, points: list[int]) -> None:
    """The facts of docs/epds.md: an item-10 answer other than « never » shows the emergency
    resources first, whatever the total; a low score (0–8) advises to retest."""
    p.nouvelle_etape("résultat")
    premier = p.page.locator("main .fr-stepper ~ *").first
    if points[9] >= 1:
        assert premier.get_attribute("id") == "urgence", p.nom
        assert "3114" in p.page.locator("#urgence").inner_text()
    else:
        assert premier.get_attribute("id") == "niveau", p.nom
        assert p.page.locator("#urgence").count() == 0
    assert p.page.locator("#retest").count() == (sum(points) <= 8), p.nom


def _formulaire_contact(p: Parcours, prenom: str) -> str:
    """Sent empty first (errors tied to their fields), then filled in; returns the reference."""
    p.appuyer("button[value=envoyer]")
    p.nouvelle_etape("contact en erreur", attendu="erreurs")
    assert "prenom-erreur" in p.page.locator("#prenom").get_attribute("aria-describedby")
    assert p.page.locator("#consentement-oui").get_attribute("aria-describedby") == "consentement-erreur"
    p.choisir("canal", 0)  # SMS
    p.taper("#prenom", prenom)
    p.taper("#telephone", "06 12 34 56 78")
    p.tab_jusqua("#consentement-oui")
    p.page.keyboard.press("Space")
    p.appuyer("button[value=envoyer]")
    p.nouvelle_etape("confirmation")
    assert p.page.context.cookies() == []
    return p.page.locator("#reference").inner_text()


def _journey(session: Session, langue, largeur, js, points, demographie, prenom) -> None:
    from epds.models import DemandeContact, SoumissionEpds

    nom = f"{langue} {largeur} px, JavaScript {'on' if js else 'off'}, score {sum(points)}"
    contexte, p = session.parcours(nom, largeur, js)
    try:
        avant = SoumissionEpds.objects.count()
        _accueil(p, langue)
        p.appuyer("button[value=demographie]")
        _demographie(p, langue, demographie)
        _questions(p, points, largeur, js)
        _resultat(p, points)
        assert SoumissionEpds.objects.count() == avant + 1, nom
        soumission = SoumissionEpds.objects.latest("pk")
        assert (soumission.score, soumission.langue, list(soumission.points)) == (sum(points), langue, points)
        assert soumission.departement == ("" if not demographie else "75" if langue == "fr" else "2B")

        p.appuyer("button[value=contact]")
        p.nouvelle_etape("contact")
        reference = _formulaire_contact(p, prenom)
    finally:
        contexte.close()
    demande = DemandeContact.objects.get(reference=reference)
    assert demande.dossier.soumission == soumission and demande.dossier.statut == "nouveau", nom
    session.vu_par_l_equipe(demande.dossier, demande, prenom, nom)


def _contact_sans_test(session: Session, langue, largeur, js, prenom) -> None:
    """From the welcome step's link, the form alone: a case with no submission for the team."""
    from epds.models import DemandeContact, SoumissionEpds

    nom = f"contact sans test, {langue} {largeur} px, JavaScript {'on' if js else 'off'}"
    contexte, p = session.parcours(nom, largeur, js)
    avant = SoumissionEpds.objects.count()
    try:
        _accueil(p, langue)
        p.appuyer("#lien-contact-sans-test")
        p.nouvelle_etape("contact sans test")
        # the emergency lines before the form
        assert p.page.evaluate(
            "() => !!(document.querySelector('#urgence').compareDocumentPosition("
            "document.querySelector('main form')) & Node.DOCUMENT_POSITION_FOLLOWING)"
        ), nom
        assert "3114" in p.page.locator("#urgence").inner_text()
        reference = _formulaire_contact(p, prenom)
    finally:
        contexte.close()
    demande = DemandeContact.objects.get(reference=reference)
    assert demande.dossier.soumission is None and demande.dossier.sans_test, nom
    assert (demande.langue, SoumissionEpds.objects.count()) == (langue, avant)
    fiche = session.vu_par_l_equipe(demande.dossier, demande, prenom, nom)
    assert "sans faire le test" in fiche, nom


@pytest.mark.longue
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("langue", list(PARCOURS))
def test_the_whole_journey_by_keyboard(browser, live_server, client, langue):
    _preparer()
    session = Session(browser, live_server, client)
    try:
        for n, (largeur, js, points, demographie) in enumerate(PARCOURS[langue]):
            _journey(session, langue, largeur, js, points, demographie, PRENOMS[n])
        _contact_sans_test(session, langue, *SANS_TEST[langue], PRENOMS[-1])
    finally:
        session.fermer()
