import pytest
from django.core.management import call_command


@pytest.fixture
def departements(db):
    call_command("load_departements", verbosity=0, stdout=open("/dev/null", "w"))
