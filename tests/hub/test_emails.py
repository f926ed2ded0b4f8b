"""hub.emails: a value put into an email is one printable line, whatever it holds."""

import pytest

from hub.emails import une_ligne


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        ("Léa\nScore : 0/30\nNE PAS RAPPELER", "Léa Score : 0/30 NE PAS RAPPELER"),
        ("Léa\r\nScore : 0/30", "Léa Score : 0/30"),
        ("Léa\rScore", "Léa Score"),
        ("Léa\u2028Score\u2029X\x85Y\x0bZ\x0cW", "Léa Score X Y Z W"),  # Unicode line breaks
        ("Léa\x1b[2J\x07", "Léa [2J"),  # terminal escapes, bell
        ("\u202eaeL\u202c", "aeL"),  # bidirectional override
        ("Zoé\u200b\u200d", "Zoé"),  # zero-width characters
        ("  Jean\t\t Pierre  ", "Jean Pierre"),
        ("Zoe\u0301", "Zoé"),  # NFC
        (None, ""),
        (14, "14"),
    ],
)
def test_a_value_is_one_clean_line(valeur, attendu):
    assert une_ligne(valeur) == attendu


def test_a_long_value_is_cut_visibly():
    assert une_ligne("a" * 1000, longueur_max=10) == "a" * 9 + "…"
