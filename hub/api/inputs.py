"""What a request body may hold before anything recursive reads it: bounded nesting, finite
numbers, no NUL character. Each refusal is a `RequeteRefusee` (400, coded), never a 500.

`json.loads` recurses once per level (a 40 000-deep array is a RecursionError), accepts
`NaN`/`Infinity` (not JSON) and turns `1e400` into an infinite float that GraphQL's Int and
Float then fail to convert; PostgreSQL refuses NUL characters in text. The nesting of a JSON or
GraphQL text is measured first, by a scan that skips strings and stops at the limit.
"""

from __future__ import annotations

import json
import math
import re

from hub.api.errors import RequeteRefusee

# Far above any real operation or variables (the deepest documented operation nests 8).
MAX_NESTING = 64

# Possessive, and an unterminated string runs to its end (of text, or of line): linear scans.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*+(?:"|\Z)|[\[\]{}]', re.DOTALL)
_GRAPHQL_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*+(?:"""|\Z)'
    r'|"(?:[^"\\\n\r]|\\.)*+(?:"|(?=[\n\r])|\Z)'
    r"|#[^\n\r]*+"
    r"|[\[\](){}]",
    re.DOTALL,
)
_OPENING = frozenset("[{(")


def nesting_exceeds(text: str, limit: int = MAX_NESTING, *, graphql: bool = False) -> bool:
    """Whether brackets nest deeper than `limit` (strings and comments skipped)."""
    depth = 0
    for match in (_GRAPHQL_TOKENS if graphql else _JSON_TOKENS).finditer(text):
        token = match.group()
        if len(token) != 1:
            continue  # a string or a comment
        if token in _OPENING:
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _invalid(message: str) -> RequeteRefusee:
    return RequeteRefusee(400, "REQUETE_INVALIDE", message)


def _no_constant(name: str):
    raise _invalid(f"JSON invalide : « {name} » n'est pas un nombre JSON.")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _invalid(f"Nombre hors limites : {text[:20]}.")
    return value


def read_json(text: str, what: str = "Le corps de la requête"):
    """The JSON value of `text`, nesting at most MAX_NESTING levels, with finite numbers (NUL
    characters: `refuse_nul`, called by the view where the domain does not check them itself)."""
    if nesting_exceeds(text):
        raise _invalid(f"{what} est trop imbriqué (au plus {MAX_NESTING} niveaux).")
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except RequeteRefusee:
        raise
    except (ValueError, TypeError, RecursionError):
        raise _invalid(f"{what} n'est pas du JSON valide.") from None
    return value


def refuse_nul(value) -> None:
    """CARACTERE_INVALIDE when a string (or key) anywhere in `value` holds a NUL character."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                raise RequeteRefusee(
                    400, "CARACTERE_INVALIDE", "Le caractère NUL (\\u0000) n'est pas accepté."
                )
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
