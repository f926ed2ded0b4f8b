"""Viewing a case's decrypted data, its history or an export is audited: who, when, which case."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.epds.test_file_suivi import dossiers, editeur, membre  # noqa: F401 — fixtures


def consultations(dossier=None):
    entrees = ModelLogEntry.objects.filter(action="epds.consultation").order_by("pk")
    if dossier is not None:
        entrees = entrees.filter(object_id=str(dossier.pk))
    return [(e.user_id, e.object_id, e.data["quoi"]) for e in entrees]


def test_viewing_a_case_is_audited(client, membre, dossiers):  # noqa: F811
    dossier = dossiers["12"]
    client.force_login(membre)
    avant = timezone.now()
    page = client.get(reverse("file_suivi_epds:edit", args=[dossier.pk]))
    assert page.status_code == 200 and "Alix" in page.content.decode()
    assert consultations() == [(membre.pk, str(dossier.pk), "dossier")]
    entree = ModelLogEntry.objects.get(action="epds.consultation")
    assert entree.timestamp >= avant
    assert "Alix" not in str(entree.data)

    # A form sent back with its errors shows the data again: audited again.
    refus = client.post(reverse("file_suivi_epds:edit", args=[dossier.pk]), {"statut": "aidee", "notes": ""})
    assert refus.status_code == 200
    assert consultations(dossier) == [(membre.pk, str(dossier.pk), "dossier")] * 2


def test_viewing_a_case_history_is_audited(client, membre, dossiers):  # noqa: F811
    dossier = dossiers["alerte"]
    client.force_login(membre)
    assert client.get(reverse("file_suivi_epds:history", args=[dossier.pk])).status_code == 200
    assert consultations() == [(membre.pk, str(dossier.pk), "historique")]


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_an_export_is_audited_case_by_case(client, membre, dossiers, format_):  # noqa: F811
    client.force_login(membre)
    reponse = client.get(reverse("file_suivi_epds:index"), {"export": format_})
    assert reponse.status_code == 200
    assert sorted(consultations()) == sorted((membre.pk, str(d.pk), "export") for d in dossiers.values())


def test_a_refused_view_is_no_consultation(client, editeur, dossiers):  # noqa: F811
    client.force_login(editeur)
    assert client.get(reverse("file_suivi_epds:edit", args=[dossiers["12"].pk])).status_code in (302, 403)
    assert consultations() == []


def test_the_audit_helper_refuses_unknown_kinds(dossiers):  # noqa: F811
    from epds.audit import consigner_consultation

    with pytest.raises(ValueError):
        consigner_consultation(None, dossiers["12"], "autre chose")
