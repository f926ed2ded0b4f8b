"""Viewing a case's decrypted data (its page: coordinates, journal, history) is audited: who,
when, which case. The queue shows no personal data; the dashboard and its export are anonymous."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.epds.test_file_suivi import dossiers, editeur  # noqa: F401 — fixtures


def consultations(dossier=None):
    entrees = ModelLogEntry.objects.filter(action="epds.consultation").order_by("pk")
    if dossier is not None:
        entrees = entrees.filter(object_id=str(dossier.pk))
    return [(e.user_id, e.object_id, e.data["quoi"]) for e in entrees]


def test_viewing_a_case_is_audited(client, membre, dossiers):  # noqa: F811
    dossier = dossiers["ancien"]
    client.force_login(membre)
    avant = timezone.now()
    page = client.get(reverse("file_suivi_epds:edit", args=[dossier.pk]))
    assert page.status_code == 200 and "Alix" in page.content.decode()
    assert consultations() == [(membre.pk, str(dossier.pk), "dossier")]
    entree = ModelLogEntry.objects.get(action="epds.consultation")
    assert entree.timestamp >= avant
    assert "Alix" not in str(entree.data)

    # A form sent back with its errors shows the data again: audited again.
    refus = client.post(
        reverse("file_suivi_epds:edit", args=[dossier.pk]), {"action": "issue", "issue": "orientee"}
    )
    assert refus.status_code == 200
    assert consultations(dossier) == [(membre.pk, str(dossier.pk), "dossier")] * 2
    # A change that redirects shows nothing: the page it leads to is the next consultation.
    client.post(reverse("file_suivi_epds:edit", args=[dossier.pk]), {"action": "issue", "issue": "aidee"})
    assert len(consultations(dossier)) == 2


def test_the_queue_and_the_dashboard_are_no_consultation(client, membre, dossiers):  # noqa: F811
    client.force_login(membre)
    html = client.get(reverse("file_suivi_epds:index")).content.decode()
    assert "Alix" not in html and "06 12" not in html
    assert client.get(reverse("file_suivi_epds:tableau")).status_code == 200
    assert client.get(reverse("file_suivi_epds:export")).status_code == 200
    assert consultations() == []


def test_a_refused_view_is_no_consultation(client, editeur, dossiers):  # noqa: F811
    client.force_login(editeur)
    assert client.get(reverse("file_suivi_epds:edit", args=[dossiers["ancien"].pk])).status_code in (302, 403)
    assert consultations() == []


def test_the_audit_helper_refuses_unknown_kinds(dossiers):  # noqa: F811
    from epds.audit import consigner_consultation

    with pytest.raises(ValueError):
        consigner_consultation(None, dossiers["ancien"], "autre chose")
