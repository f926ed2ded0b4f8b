"""An install loaded by the first version of the hub gets the corrected emergency resources.

That version shipped five French resources (epds/data/ressources_fr_anterieures.json) with
« Allô Parents en crise » as an emergency line and neither 119, 114, the partner association nor
Allô Parents Bébé; `load_initial_data` (what `make run` and the production migrate job run)
corrects it, and keeps a resource an editor changed.
"""

import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from wagtail.models import Locale

from epds.models import RessourceEpds
from hub.models import EcritureReference

DATA = Path(settings.BASE_DIR) / "epds" / "data"


def lire(nom):
    return json.loads((DATA / nom).read_text(encoding="utf-8"))


def installer_l_ancienne_version():
    """The French resources exactly as the first load_epds created them (no trace, no key)."""
    locale = Locale.objects.get(language_code="fr")
    RessourceEpds.objects.filter(locale=locale).delete()
    EcritureReference.objects.filter(modele="epds.ressourceepds").delete()
    for r in lire("ressources_fr_anterieures.json"):
        r.pop("cle")
        niveaux = r.pop("niveaux")
        RessourceEpds.objects.create(
            locale=locale, **r, **{c: n in niveaux for n, c in RessourceEpds.CHAMP_PAR_NIVEAU.items()}
        )


def charger():
    sortie = io.StringIO()
    call_command("load_initial_data", stdout=sortie)
    return sortie.getvalue()


def test_the_old_resources_are_corrected_by_load_initial_data(epds):
    installer_l_ancienne_version()
    assert RessourceEpds.objects.get(titre="Allô Parents en crise").urgence is True

    sortie = charger()

    attendues = lire("ressources_fr.json")
    assert RessourceEpds.objects.filter(locale__language_code="fr").count() == len(attendues)
    assert "4 créés, 4 mis à jour, 0 gardés" in sortie  # « Parler à un professionnel » did not change
    assert RessourceEpds.objects.get(titre="Allô Parents en crise").urgence is False
    urgences = set(RessourceEpds.objects.filter(urgence=True).values_list("telephone", flat=True))
    assert urgences == {"3114", "15", "114", "119"}
    assert RessourceEpds.objects.filter(titre__startswith="Maman Blues", urgence=False).exists()
    assert RessourceEpds.objects.filter(titre="Allô Parents Bébé", urgence=False).exists()
    assert "0 créés, 0 mis à jour, 0 gardés" in charger()


def test_a_resource_an_editor_changed_is_kept_and_reported(epds):
    installer_l_ancienne_version()
    RessourceEpds.objects.filter(titre__startswith="3114").update(description="Texte de la rédaction.")

    sortie = charger()

    assert "gardé (modifié par la rédaction) : epds.ressourceepds « 3114 »" in sortie
    assert RessourceEpds.objects.get(titre__startswith="3114").description == "Texte de la rédaction."
    assert RessourceEpds.objects.get(titre="Allô Parents en crise").urgence is False  # the others corrected
    RessourceEpds.objects.filter(titre__startswith="3114").update(description="Encore modifié.")
    assert "« 3114 »" in charger()  # now recorded: still the editor's
