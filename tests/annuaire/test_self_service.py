"""Professionals update their own entry: link by email, form, proposal, editor's decision."""

import datetime as dt
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from annuaire import mise_a_jour
from annuaire.models import LienModification, ModificationProposee, Professionnel
from tests.support.factories import envoyer_emails_en_attente
from tests.support.postgres import requires_postgres

pytestmark = pytest.mark.django_db

URL_LIEN = re.compile(r"https?://[^\s]+/professionnels/mise-a-jour/([A-Za-z0-9_-]+)/")


@pytest.fixture
def pro(departements):
    fiche = Professionnel(
        nom="Lefèvre",
        prenom="Claire",
        profession="sage_femme",
        telephone="01 23 45 67 89",
        email="claire.lefevre@example.fr",
        adresse="3 rue Oberkampf",
        code_postal="75011",
        commune="Paris",
        tarif="30 €",
        conventionne=True,
        langues=["français", "anglais"],
        verifie_le=dt.date(2024, 1, 10),
    )
    fiche.save()
    return fiche


@pytest.fixture
def editeur(client, django_user_model):
    user = django_user_model.objects.create_superuser("editrice", "e@example.org", "mot-de-passe-long-123")
    client.force_login(user)
    client.user = user
    return client


def formulaire(pro, **changes):
    """The form as the professional gets it (pre-filled), with some fields changed."""
    donnees = {
        "telephone": pro.telephone,
        "email": pro.email,
        "site_web": pro.site_web,
        "adresse": pro.adresse,
        "code_postal": pro.code_postal,
        "commune": pro.commune,
        "tarif": pro.tarif,
        "conventionne": {True: "oui", False: "non"}.get(pro.conventionne, ""),
        "teleconsultation": {True: "oui", False: "non"}.get(pro.teleconsultation, ""),
        "langues": ", ".join(pro.langues),
        "note": pro.note,
        "commentaire": "",
    }
    donnees.update(changes)
    return {k: v for k, v in donnees.items() if v is not False}


def url(jeton):
    return reverse("annuaire:mise_a_jour", args=[jeton])


def test_only_the_token_hash_is_stored(pro):
    lien, jeton = mise_a_jour.envoyer_lien(pro)
    assert len(jeton) >= 40
    assert lien.jeton_hash == mise_a_jour.hacher(jeton) != jeton
    with connection.cursor() as curseur:
        curseur.execute("SELECT * FROM annuaire_lienmodification")
        lignes = curseur.fetchall()
    assert lignes and all(jeton not in str(valeur) for ligne in lignes for valeur in ligne)
    # two links never share a token
    _, autre = mise_a_jour.envoyer_lien(pro)
    assert autre != jeton and LienModification.objects.count() == 2


def test_the_form_is_prefilled_french_and_csrf_protected(client, pro):
    _, jeton = mise_a_jour.envoyer_lien(pro)
    reponse = client.get(url(jeton))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert '<html lang="fr">' in contenu and "<main" in contenu and "<h1>" in contenu
    assert 'value="01 23 45 67 89"' in contenu and 'value="français, anglais"' in contenu
    assert 'name="csrfmiddlewaretoken"' in contenu
    assert 'aria-describedby="aide_telephone"' in contenu
    assert "<legend>Conventionné</legend>" in contenu
    assert reponse["Referrer-Policy"] == "same-origin"
    assert "no-store" in reponse["Cache-Control"] or "max-age=0" in reponse["Cache-Control"]

    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url(jeton), formulaire(pro, telephone="0987654321")).status_code == 403
    assert ModificationProposee.objects.count() == 0


def test_submission_creates_a_pending_change_and_spends_the_link(client, pro):
    lien, jeton = mise_a_jour.envoyer_lien(pro)
    reponse = client.post(
        url(jeton),
        formulaire(pro, telephone="+33 6 12 34 56 78", teleconsultation="oui", langues="français, arabe"),
    )
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("annuaire:mise_a_jour_merci", args=["modification"])
    assert "publiées dès que notre équipe" in client.get(reponse["Location"]).content.decode()
    proposition = ModificationProposee.objects.get()
    assert proposition.statut == "en_attente" and proposition.type == "modification"
    # only what changed, normalised (phone numbers are stored in E.164: hub/formats.py)
    assert proposition.champs_proposes == {
        "telephone": "+33612345678",
        "teleconsultation": True,
        "langues": ["français", "arabe"],
    }
    lien.refresh_from_db()
    assert lien.utilise_le is not None and proposition.lien == lien
    pro.refresh_from_db()
    assert pro.telephone == "01 23 45 67 89"  # nothing applied before an editor approves

    # single use: the form and a second submission are refused with a clear page (410)
    for reponse in (client.get(url(jeton)), client.post(url(jeton), formulaire(pro, telephone="0611111111"))):
        assert reponse.status_code == 410
        assert "déjà été utilisé" in reponse.content.decode()
    assert ModificationProposee.objects.count() == 1


def test_expired_and_unknown_links(client, pro, settings):
    settings.ANNUAIRE_LIEN_VALIDITE_JOURS = 3
    lien, jeton = mise_a_jour.envoyer_lien(pro)
    assert abs(lien.expire_le - (timezone.now() + dt.timedelta(days=3))) < dt.timedelta(minutes=1)
    assert client.get(url(jeton)).status_code == 200
    LienModification.objects.filter(pk=lien.pk).update(expire_le=timezone.now() - dt.timedelta(seconds=1))
    for reponse in (client.get(url(jeton)), client.post(url(jeton), formulaire(pro, telephone="0611111111"))):
        assert reponse.status_code == 410
        assert "Ce lien a expiré" in reponse.content.decode()
    assert ModificationProposee.objects.count() == 0
    inconnu = client.get(url("pas-un-jeton-valide"))
    assert inconnu.status_code == 404 and "pas valable" in inconnu.content.decode()
    assert client.get(url("x" * 300)).status_code == 404
    # the default delay is 7 days
    del settings.ANNUAIRE_LIEN_VALIDITE_JOURS
    assert mise_a_jour.validite_lien() == dt.timedelta(days=7)


@pytest.mark.parametrize(
    ("champ", "valeur", "message"),
    [
        ("telephone", "12345", "numéro de téléphone français valide"),
        ("telephone", "+44 20 7946 0958", "numéro de téléphone français valide"),
        ("code_postal", "7501", "5 chiffres"),
        ("code_postal", "ABCDE", "5 chiffres"),
        ("email", "pas-une-adresse", "adresse e-mail valide"),
        ("site_web", "http://", "site web valide"),
        ("conventionne", "peut-etre", "Oui, Non ou Non précisé"),
        ("tarif", "x" * 201, "trop long"),
        ("commune", "Paris\x00", "caractère nul"),
    ],
)
def test_invalid_input_is_shown_next_to_its_field_and_nothing_is_stored(client, pro, champ, valeur, message):
    lien, jeton = mise_a_jour.envoyer_lien(pro)
    reponse = client.post(url(jeton), formulaire(pro, **{"telephone": "0611223344", champ: valeur}))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert message in contenu
    assert f'id="erreur_{champ}"' in contenu
    if champ != "conventionne":
        assert re.search(rf'aria-describedby="[^"]*erreur_{champ}"', contenu)
        assert 'aria-invalid="true"' in contenu
    assert 'role="alert"' in contenu
    assert ModificationProposee.objects.count() == 0
    lien.refresh_from_db()
    assert lien.utilise_le is None  # the link still works once corrected


def test_editor_sees_the_diff_and_approving_applies_it(client, editeur, pro):
    _, jeton = mise_a_jour.envoyer_lien(pro)
    client.post(url(jeton), formulaire(pro, telephone="06 12 34 56 78", code_postal="69003", commune="Lyon"))
    proposition = ModificationProposee.objects.get()

    # the admin menu shows how many proposals wait
    assert '"label": "Modifications propos\\u00e9es (1)"' in editeur.get("/admin/").content.decode()
    liste = editeur.get(reverse("annuaire_modifications:liste"))
    assert liste.status_code == 200 and "Lefèvre" in liste.content.decode()
    page = editeur.get(reverse("annuaire_modifications:examiner", args=[proposition.pk]))
    contenu = page.content.decode()
    assert page.status_code == 200
    for attendu in ("01 23 45 67 89", "06 12 34 56 78", "75011", "69003", "Code postal", "Approuver"):
        assert attendu in contenu
    assert "latitude et la longitude" not in contenu  # this entry has no coordinates
    assert "Adresse" not in re.sub(r"(?s).*<table[^>]*id=\"differences\"(.*?)</table>.*", r"\1", contenu)

    reponse = editeur.post(
        reverse("annuaire_modifications:examiner", args=[proposition.pk]), {"decision": "approuver"}
    )
    assert reponse.status_code == 302
    pro.refresh_from_db()
    assert (pro.telephone, pro.code_postal, pro.commune) == ("+33612345678", "69003", "Lyon")
    assert pro.departement.code == "69"  # deduced again from the new postcode
    assert pro.verifie_le == timezone.localdate()
    proposition.refresh_from_db()
    assert proposition.statut == "approuvee" and proposition.decidee_par == editeur.user
    assert proposition.decidee_le is not None
    from wagtail.models import ModelLogEntry

    assert "annuaire.modification_approuvee" in ModelLogEntry.objects.for_instance(pro).values_list(
        "action", flat=True
    )
    # decided once: a second decision is refused, nothing changes
    editeur.post(reverse("annuaire_modifications:examiner", args=[proposition.pk]), {"decision": "rejeter"})
    proposition.refresh_from_db()
    assert proposition.statut == "approuvee"


def test_an_address_change_warns_that_coordinates_stay(client, editeur, pro):
    Professionnel.objects.filter(pk=pro.pk).update(latitude=48.865, longitude=2.378)
    _, jeton = mise_a_jour.envoyer_lien(pro)
    client.post(url(jeton), formulaire(pro, adresse="10 rue de la Roquette"))
    proposition = ModificationProposee.objects.get()
    page = editeur.get(reverse("annuaire_modifications:examiner", args=[proposition.pk])).content.decode()
    assert "latitude et la longitude" in page and "10 rue de la Roquette" in page


def test_rejecting_keeps_the_entry(client, editeur, pro):
    _, jeton = mise_a_jour.envoyer_lien(pro)
    client.post(url(jeton), formulaire(pro, telephone="06 12 34 56 78"))
    proposition = ModificationProposee.objects.get()
    editeur.post(
        reverse("annuaire_modifications:examiner", args=[proposition.pk]),
        {"decision": "rejeter", "motif": "Numéro injoignable"},
    )
    proposition.refresh_from_db()
    assert (proposition.statut, proposition.motif) == ("rejetee", "Numéro injoignable")
    pro.refresh_from_db()
    assert pro.telephone == "01 23 45 67 89" and pro.verifie_le == dt.date(2024, 1, 10)


def test_removal_request_unpublishes_once_approved(client, editeur, pro):
    _, jeton = mise_a_jour.envoyer_lien(pro)
    reponse = client.post(
        url(jeton),
        formulaire(pro, telephone="0611223344", demande_suppression="on", commentaire="Je pars en retraite"),
    )
    assert reponse["Location"].endswith("/merci/retrait/")
    assert "retrait" in client.get(reponse["Location"]).content.decode()
    proposition = ModificationProposee.objects.get()
    assert proposition.type == "suppression" and proposition.champs_proposes == {}
    assert proposition.commentaire == "Je pars en retraite"
    pro.refresh_from_db()
    assert pro.publie  # still listed until an editor decides
    page = editeur.get(reverse("annuaire_modifications:examiner", args=[proposition.pk])).content.decode()
    assert "demande le retrait" in page and "Je pars en retraite" in page
    editeur.post(reverse("annuaire_modifications:examiner", args=[proposition.pk]), {"decision": "approuver"})
    pro.refresh_from_db()
    assert not pro.publie and pro.telephone == "01 23 45 67 89"
    assert Professionnel.objects.publiees().count() == 0


def test_confirming_without_changes_marks_the_entry_verified(client, editeur, pro):
    _, jeton = mise_a_jour.envoyer_lien(pro)
    client.post(url(jeton), formulaire(pro))
    proposition = ModificationProposee.objects.get()
    assert proposition.champs_proposes == {}
    mise_a_jour.approuver(proposition.pk, editeur.user)
    pro.refresh_from_db()
    assert pro.verifie_le == timezone.localdate()


def test_editor_sends_the_link_by_email_through_the_queue(
    client, django_user_model, departements, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://1000jours.example.fr"
    pro = Professionnel(
        nom="Martin", profession="pediatre", email="dr.martin@example.fr", code_postal="13001"
    )
    pro.save()
    sans_email = Professionnel(nom="Sans", profession="pediatre")
    sans_email.save()
    user = django_user_model.objects.create_superuser("editrice", "e@example.org", "mot-de-passe-long-123")
    client.force_login(user)

    edition = client.get(
        reverse("wagtailsnippets_annuaire_professionnel:edit", args=[pro.pk])
    ).content.decode()
    adresse = reverse("annuaire_modifications:envoyer_lien", args=[pro.pk])
    assert "Envoyer un lien de mise à jour" in edition and adresse in edition
    assert "dr.martin@example.fr" in client.get(adresse).content.decode()
    with django_capture_on_commit_callbacks(execute=True) as rappels:
        assert client.post(adresse).status_code == 302
    assert len(rappels) == 1  # enqueued once the transaction commits
    assert mail.outbox == []  # the worker sends it, not the request
    assert envoyer_emails_en_attente() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dr.martin@example.fr"]
    assert "Mettez à jour votre fiche" in message.subject
    jeton = URL_LIEN.search(message.body).group(1)
    expire = timezone.localtime(LienModification.objects.get().expire_le)
    assert f"expire le {expire.day} " in message.body and f"{expire:%Hh%M}" in message.body
    assert message.body.count("https://1000jours.example.fr/professionnels/mise-a-jour/") == 1
    lien = LienModification.objects.get()
    assert lien.envoye_par == user and lien.envoye_le is not None
    assert lien.jeton_hash == mise_a_jour.hacher(jeton)
    # the queue holds the token encrypted only
    from django_tasks_db.models import DBTaskResult

    assert not any(jeton in str(r.args_kwargs) for r in DBTaskResult.objects.all())
    assert client.get(url(jeton)).status_code == 200
    assert envoyer_emails_en_attente() == 0
    assert len(mail.outbox) == 1  # sent once

    # an entry without an email cannot get a link
    client.post(reverse("annuaire_modifications:envoyer_lien", args=[sans_email.pk]))
    assert LienModification.objects.filter(professionnel=sans_email).count() == 0
    with pytest.raises(ValueError):
        mise_a_jour.envoyer_lien(sans_email)


def test_editors_without_the_right_to_change_entries_are_refused(client, django_user_model, pro):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("lecteur", password="mot-de-passe-long-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    _, jeton = mise_a_jour.envoyer_lien(pro)
    Client = type(client)
    Client().post(url(jeton), formulaire(pro, telephone="0611223344"))
    proposition = ModificationProposee.objects.get()
    for adresse in (
        reverse("annuaire_modifications:liste"),
        reverse("annuaire_modifications:examiner", args=[proposition.pk]),
        reverse("annuaire_modifications:envoyer_lien", args=[pro.pk]),
    ):
        assert client.get(adresse).status_code in (302, 403)
    client.post(reverse("annuaire_modifications:examiner", args=[proposition.pk]), {"decision": "approuver"})
    proposition.refresh_from_db()
    assert proposition.statut == "en_attente"


@requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the Wagtail tree
def test_concurrent_submissions_of_one_link_store_a_single_proposal(departements):
    """Two tabs submit at the same instant: the row lock lets one through, the other gets 410."""
    import threading

    from django.db import connections

    pro = Professionnel(nom="Durand", profession="pediatre", email="durand@example.fr", code_postal="75011")
    pro.save()
    _, jeton = mise_a_jour.envoyer_lien(pro)
    depart = threading.Barrier(4)
    issues = []

    def soumettre(numero):
        try:
            depart.wait()
            mise_a_jour.proposer(jeton, {"telephone": f"06 12 34 56 7{numero}"})
            issues.append("ok")
        except mise_a_jour.LienInvalide as erreur:
            issues.append(erreur.raison)
        finally:
            connections.close_all()

    fils = [threading.Thread(target=soumettre, args=(n,)) for n in range(4)]
    for f in fils:
        f.start()
    for f in fils:
        f.join(30)
    assert sorted(issues) == ["ok", "utilise", "utilise", "utilise"]
    assert ModificationProposee.objects.count() == 1
    ContentType.objects.clear_cache()  # the flush after this test renumbers content types


def test_the_link_email_is_retried_with_backoff_while_smtp_is_down(
    pro, settings, django_capture_on_commit_callbacks
):
    """The same delivery rules as the EPDS notifications (hub.tasks): a failure is recorded and
    retried later, not lost in a failed task."""
    from django_tasks_db.models import DBTaskResult

    from hub.models import StatutEnvoi
    from tests.support.smtp import ServeurSmtp

    serveur = ServeurSmtp()  # a real SMTP server, stopped: connection refused
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", serveur.port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.ANNUAIRE_LIEN_EMAIL_DELAI_SECONDES = 120
    with django_capture_on_commit_callbacks(execute=True):
        mise_a_jour.envoyer_lien(pro)
    with django_capture_on_commit_callbacks(execute=True):
        assert envoyer_emails_en_attente() == 1
    lien = LienModification.objects.get()
    assert (lien.statut, lien.tentatives, lien.envoye_le) == (StatutEnvoi.EN_ATTENTE, 1, None)
    assert lien.derniere_erreur and lien.prochaine_tentative > timezone.now() + dt.timedelta(seconds=100)
    en_file = DBTaskResult.objects.filter(
        status="READY", task_path="annuaire.tasks.envoyer_lien_modification"
    )
    assert en_file.get().run_after == lien.prochaine_tentative

    serveur.start()
    try:
        en_file.update(run_after=timezone.now())
        assert envoyer_emails_en_attente() == 1
    finally:
        serveur.stop()
    lien.refresh_from_db()
    assert (lien.statut, lien.tentatives) == (StatutEnvoi.ENVOYE, 2) and lien.envoye_le is not None
    assert len(serveur.messages) == 1 and serveur.messages[0].rcpt_tos == [pro.email]


def test_guessing_links_is_throttled_per_address_and_per_prefix_without_oracle(client, pro, settings):
    settings.ANNUAIRE_LIEN_TENTATIVES_PAR_MINUTE = 5
    _, jeton = mise_a_jour.envoyer_lien(pro)
    for n in range(5):
        assert client.get(url(f"devine-{n:02d}-" + "x" * 30)).status_code == 404
    # Over the limit: refused before any lookup, the same answer for a valid token.
    for essai in (url("devine-99-" + "x" * 30), url(jeton)):
        reponse = client.get(essai)
        assert reponse.status_code == 429 and reponse["Retry-After"] == "60"
        assert "TROP_DE_TENTATIVES" in reponse.content.decode()
    # Another address is not held back; many addresses on one token prefix are.
    assert client.get(url(jeton), REMOTE_ADDR="203.0.113.7").status_code == 200
    for n in range(6):
        reponse = client.get(url("commun12" + f"-{n}" + "y" * 30), REMOTE_ADDR=f"198.51.100.{n}")
    assert reponse.status_code == 429
