"""A partner's webhook endpoint for the tests."""


class Recepteur:
    """A partner's webhook endpoint: a real HTTP server on 127.0.0.1 (ephemeral port), in a thread.

    `reponses` is the queue of status codes to answer (then 200); `attente` delays each answer.
    """

    def __init__(self):
        import http.server
        import threading
        import time

        self.requetes: list[tuple[dict, bytes]] = []
        self.reponses: list[int] = []
        self.attente = 0.0
        recepteur = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                corps = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                recepteur.requetes.append(({k.lower(): v for k, v in self.headers.items()}, corps))
                if recepteur.attente:
                    time.sleep(recepteur.attente)
                code = recepteur.reponses.pop(0) if recepteur.reponses else 200
                self.send_response(code)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.serveur.server_address[1]}/webhooks/1000-jours"
        self.fil = threading.Thread(target=self.serveur.serve_forever, daemon=True)
        self.fil.start()

    def arreter(self):
        self.serveur.shutdown()
        self.serveur.server_close()
