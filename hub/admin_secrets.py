"""Secrets shown once (partners' API keys, webhook signing secrets), on the page that answers
the creation itself.

Never through Django's messages: their cookie is signed, not encrypted — the secret would sit
readable in the browser's cookie store and travel with the next request. The answer carries
`Cache-Control: no-store` so that no cache keeps it either.
"""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers


class SecretAfficheUneFois:
    """For Wagtail create views that set `self.secret` in `save_instance()`: the success page
    shows it instead of redirecting with a message."""

    secret_titre = "Secret créé"
    secret_consigne = "Copiez-le maintenant : il ne sera plus jamais affiché."

    def save_action(self):
        if self.expects_json_response:
            return super().save_action()
        reponse = TemplateResponse(
            self.request,
            "hub/admin/secret_une_fois.html",
            {
                "titre": self.secret_titre,
                "consigne": self.secret_consigne,
                "objet": self.object,
                "secret": self.secret,
                "suite_url": self.get_success_url(),
            },
        )
        add_never_cache_headers(reponse)
        return reponse
