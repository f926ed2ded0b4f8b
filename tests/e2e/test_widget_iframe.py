"""The widget inside a partner's page served on another 127.0.0.1 port: an allowed origin shows
it (and follows its height through postMessage), any other origin is refused by frame-ancestors."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

SOURCE = "site-partenaire"


class SitePartenaire:
    """A partner's page, on its own port: one paragraph and the one-line embed."""

    def __init__(self, hub_url: str):
        page = (
            '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Partenaire</title></head>'
            f'<body><h1>Site partenaire</h1><script src="{hub_url}/widget/epds.js" data-source="{SOURCE}" '
            "async></script></body></html>"
        ).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sites(live_server):
    autorise, autre = SitePartenaire(live_server.url), SitePartenaire(live_server.url)
    yield autorise, autre
    autorise.stop()
    autre.stop()


@pytest.mark.django_db(transaction=True)
def test_allowed_origin_shows_the_widget_another_is_refused(browser, live_server, sites):
    from epds.models import Partenaire

    call_command("load_epds", stdout=open("/dev/null", "w"))
    autorise, autre = sites
    Partenaire.objects.create(nom="Site partenaire", slug=SOURCE, origines_autorisees=[autorise.url])
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(autorise.url)
        cadre = page.frame_locator("iframe")
        assert cadre.locator("h1").inner_text() == "Comment vous sentez-vous depuis une semaine ?"
        # widget.js sends its height, epds.js applies it (messages from the hub's frame only)
        page.wait_for_function("document.querySelector('iframe').style.height !== ''")
        hauteur = page.evaluate("document.querySelector('iframe').style.height")
        page.evaluate("window.postMessage({type: 'epds-hauteur', hauteur: 7}, '*')")  # not from the frame
        page.wait_for_timeout(100)
        assert page.evaluate("document.querySelector('iframe').style.height") == hauteur != "7px"

        refuse = context.new_page()
        messages = []
        refuse.on("console", lambda m: messages.append(m.text))
        refuse.goto(autre.url)
        refuse.wait_for_function("document.querySelector('iframe') !== null")
        refuse.wait_for_timeout(500)
        cadre_refuse = refuse.frame_locator("iframe")
        # Chromium's own error page replaces the refused document: none of the widget is shown.
        assert cadre_refuse.locator("form, #titre-etape").count() == 0
        assert any("frame-ancestors" in m for m in messages), messages
    finally:
        context.close()
