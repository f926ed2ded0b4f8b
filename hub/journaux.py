"""Logs never hold personal data: what reaches them from URLs is scrubbed.

Query strings carry it (a persisted GET's variables, `calendrier.ics`'s due or birth date, a
refused GET mutation's first name and phone), and so do the professionals' update links (the
token is the path). gunicorn's access log (`JournalGunicorn`, hub/gunicorn_conf.py) and
Django's own loggers (`FiltreDonneesPersonnelles` on every handler, settings.LOGGING) write
URLs through `expurger`: the path without its secrets, never the query string.
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

_REQUETE = re.compile(r"\?\S+")
_JETON = re.compile(r"(/professionnels/mise-a-jour/)(?!merci/)[^/\s?\"']+")
EXPURGE = "-"


def expurger(texte: str) -> str:
    """`texte` without query strings (`?…` becomes `?-`) nor update-link tokens."""
    if "?" not in texte and "/mise-a-jour/" not in texte:
        return texte
    return _JETON.sub(rf"\1{EXPURGE}", _REQUETE.sub(f"?{EXPURGE}", texte))


class JournalGunicorn(Logger):
    """gunicorn's logger, whose access lines hold no query string and no token: the request
    line (%(r)s), the path (%(U)s), the referer (%(f)s) and every header or environ atom are
    scrubbed; %(q)s is empty."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for cle, valeur in atoms.items():
            if isinstance(valeur, str):
                atoms[cle] = expurger(valeur)
        atoms["q"] = ""
        atoms["{query_string}e"] = ""
        return atoms


class FiltreDonneesPersonnelles(logging.Filter):
    """Scrubs URLs in Django's log records (`Not Found: /…`, runserver's request lines, the
    request an error happened in)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            message = record.getMessage()
            record.msg, record.args = expurger(message), None
        elif isinstance(record.msg, str):
            record.msg = expurger(record.msg)
        return True
