"""Logs never hold personal data: what reaches them from URLs is scrubbed.

Query strings carry it (a persisted GET's variables, `calendrier.ics`'s due or birth date, a
refused GET mutation's first name and phone), and so do secret addresses whose token is the
path (professionals' update links, parents' calendar subscriptions). gunicorn's access log (`JournalGunicorn`, hub/gunicorn_conf.py) and
Django's own loggers (`FiltreDonneesPersonnelles` on every handler, settings.LOGGING) write
URLs through `expurger`: the path without its secrets, never the query string.

In production (`LOG_FORMAT=json`, the default when DEBUG is off) every line, Django's and
gunicorn's, is one JSON object with `time`, `level`, `logger`, `message` and the request's
`request_id` (X-Request-ID, django-guid); an access line has its fields apart.
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger
from pythonjsonlogger.json import JsonFormatter

_REQUETE = re.compile(r"\?\S+")
# Secret addresses: a professional's update link, a parent's calendar subscription (its token
# opens the calendar, which encrypts the due or birth date).
_JETON = re.compile(r"(/professionnels/mise-a-jour/(?!merci/)|/calendrier/)[A-Za-z0-9_-]+")
EXPURGE = "-"


def expurger(texte: str) -> str:
    """`texte` without query strings (`?…` becomes `?-`) nor the tokens of secret addresses."""
    if "?" not in texte and "/mise-a-jour/" not in texte and "/calendrier/" not in texte:
        return texte
    return _JETON.sub(rf"\1{EXPURGE}", _REQUETE.sub(f"?{EXPURGE}", texte))


def format_journal() -> str:
    """`json` or `plain`: LOG_FORMAT, else json when DEBUG is off (read by the settings and by
    gunicorn's logger, which starts before Django)."""
    import environ

    env = environ.Env()
    return env.str("LOG_FORMAT", default="plain" if env.bool("DEBUG", default=True) else "json")


class FormatJson(JsonFormatter):
    """One JSON object a line: level, logger, message (and request_id in a request), time in
    UTC (ISO 8601). Non-ASCII text is written as it is, so that a grep finds what was logged."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(levelname)s %(name)s %(message)s")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)


# An access line's fields in JSON (gunicorn's atoms, scrubbed): no query string, no token.
ACCES_JSON = {
    "remote": "h",
    "method": "m",
    "path": "U",
    "protocol": "H",
    "status": "s",
    "bytes": "B",
    "duration_ms": "M",
    "referer": "f",
    "user_agent": "a",
    "request_id": "{x-request-id}o",
}


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

    def setup(self, cfg):
        super().setup(cfg)
        self.json = format_journal() == "json"
        if self.json:
            for journal in (self.error_log, self.access_log):
                for handler in journal.handlers:
                    handler.setFormatter(FormatJson())

    def access(self, resp, req, environ, request_time):
        if not self.json:
            return super().access(resp, req, environ, request_time)
        if not self.access_log_enabled:
            return
        atomes = self.atoms(resp, req, environ, request_time)
        ligne = {champ: atomes.get(atome, "-") for champ, atome in ACCES_JSON.items()}
        self.access_log.info(f"{ligne['method']} {ligne['path']} {ligne['status']}", extra=ligne)

    # gunicorn's error log names the request too (« Error handling request GET /… »).
    def _expurge(self, niveau, msg, *args, **kwargs):
        args = tuple(expurger(a) if isinstance(a, str) else a for a in args)
        return getattr(super(), niveau)(expurger(msg) if isinstance(msg, str) else msg, *args, **kwargs)

    def critical(self, msg, *args, **kwargs):
        self._expurge("critical", msg, *args, **kwargs)

    def error(self, msg, *args, **kwargs):
        self._expurge("error", msg, *args, **kwargs)

    def warning(self, msg, *args, **kwargs):
        self._expurge("warning", msg, *args, **kwargs)

    def info(self, msg, *args, **kwargs):
        self._expurge("info", msg, *args, **kwargs)

    def debug(self, msg, *args, **kwargs):
        self._expurge("debug", msg, *args, **kwargs)

    def exception(self, msg, *args, **kwargs):
        self._expurge("exception", msg, *args, **kwargs)


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
