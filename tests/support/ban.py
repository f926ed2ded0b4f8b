"""A local stand-in for the national address API (api-adresse.data.gouv.fr/search/): a real
HTTP server on 127.0.0.1 (ephemeral port), in a thread, answering a GeoJSON FeatureCollection
as the BAN does (`features[].geometry.coordinates` [lon, lat], `properties.score`)."""

from __future__ import annotations

import http.server
import json
import threading
from urllib.parse import parse_qs, urlsplit

from hub.texte import normaliser


class ServeurBAN:
    """`adresses` maps a normalised piece of the query (« 12 rue de la paix ») to
    (longitude, latitude, score); a query matching none gets an empty FeatureCollection.
    `panne` makes every answer an HTTP 500."""

    def __init__(self, adresses: dict[str, tuple[float, float, float]] | None = None):
        self.adresses = {normaliser(k): v for k, v in (adresses or {}).items()}
        self.requetes: list[dict[str, list[str]]] = []
        self.panne = False
        ban = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                parametres = parse_qs(urlsplit(self.path).query)
                ban.requetes.append(parametres)
                if ban.panne:
                    self._repondre(500, b'{"code": 500, "message": "panne"}')
                    return
                q = normaliser(parametres.get("q", [""])[0])
                features = [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [lon, lat]},
                        "properties": {"label": q, "score": score, "type": "housenumber"},
                    }
                    for cle, (lon, lat, score) in ban.adresses.items()
                    if cle in q
                ][:1]
                corps = {"type": "FeatureCollection", "version": "draft", "features": features, "query": q}
                self._repondre(200, json.dumps(corps).encode())

            def _repondre(self, code, corps):
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(corps)))
                self.end_headers()
                self.wfile.write(corps)

            def log_message(self, *args):
                pass

        self.serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.serveur.server_address[1]}/search/"
        self.fil = threading.Thread(target=self.serveur.serve_forever, daemon=True)
        self.fil.start()

    def arreter(self):
        self.serveur.shutdown()
        self.serveur.server_close()
