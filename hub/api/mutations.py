"""The one way a public mutation answers refused input: as data, its payload's `errors` (a list
of `ErreurChamp`), never as a GraphQL error.

`erreurs_en_donnees` wraps a mutation's `mutate` and checks, in this order: NUL characters
anywhere in the input (`hub.saisie.caracteres_interdits`); for a mutation with a `source`, the
partner the request is authenticated for (`hub.api.partners`), whose slug the mutation then
receives whatever the document says; the domain's refusals (`SaisieInvalide`, or one
`ErreurSaisie`), raised while the mutation runs.
"""

from __future__ import annotations

import functools

from hub.api import partners
from hub.api.errors import ErreurChamp, ErreurSaisie, RequeteRefusee
from hub.saisie import SaisieInvalide, caracteres_interdits


def entree_refusee(info, entree: dict) -> tuple[str | None, list[ErreurSaisie]]:
    """NUL characters, then the partner bound to the request for `entree["source"]`: the
    partner's slug and no error, or no slug and the errors to answer as data."""
    if interdits := caracteres_interdits(entree):
        return None, interdits
    try:
        return partners.mutation_partner(info.context, entree["source"]), []
    except RequeteRefusee as refus:
        return None, [ErreurSaisie(refus.code, refus.message, "source")]


def erreurs_en_donnees(*, avec_source: bool = False):
    """Decorates `mutate(cls, root, info, input)` (with `avec_source`: `…, input, source`)."""

    def decorer(mutate):
        @functools.wraps(mutate)
        def enveloppe(cls, root, info, input):
            entree = dict(input)
            if avec_source:
                source, refus = entree_refusee(info, entree)
            else:
                source, refus = None, caracteres_interdits(entree)
            if refus:
                return cls(errors=ErreurChamp.depuis(refus))
            try:
                if avec_source:
                    return mutate(cls, root, info, input, source)
                return mutate(cls, root, info, input)
            except SaisieInvalide as e:
                return cls(errors=ErreurChamp.depuis(e.erreurs))
            except ErreurSaisie as e:
                return cls(errors=ErreurChamp.depuis([e]))

        return enveloppe

    return decorer
