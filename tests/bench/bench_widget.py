"""`make bench`, widget part: the weight of each EPDS widget step and its time to first render,
as Chromium receives them from the hub under gunicorn with the production settings (DEBUG off,
WhiteNoise serving the collected, pre-compressed static files).

    python -m tests.bench.bench_widget

Each step, and the page « être contacté·e sans faire le test », is loaded with the browser cache
disabled (a first visit: HTML + CSS + JS + fonts, in bytes on the wire, compressed as served),
then the whole journey once with the cache on (what a parent downloads in all). First render: `first-contentful-paint` of performance.getEntriesByType
('paint'), median of 5 loads. The database is a throwaway SQLite file: what is measured is the
front-end, not the queries.
"""

from __future__ import annotations

import gzip
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "bench-widget"
REPETITIONS = int(os.environ.get("BENCH_WIDGET_REPETITIONS", "5"))

MESURES = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const par = {html: nav.transferSize, css: 0, js: 0, font: 0, other: 0};
  for (const r of performance.getEntriesByType('resource')) {
    const type = /\\.css(\\?|$)/.test(r.name) ? 'css' : /\\.js(\\?|$)/.test(r.name) ? 'js'
      : /\\.woff2?(\\?|$)/.test(r.name) ? 'font' : 'other';
    par[type] += r.transferSize;
  }
  const fcp = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint');
  return {par, fcp: fcp ? fcp.startTime : null, html_brut: nav.decodedBodySize};
}"""

ETAPES = [  # (step, how to reach it from the previous one)
    ("accueil", None),
    ("démographie", "button[value=demographie]"),
    ("questions", "button[value=passer]"),
    ("résultat", "questions"),
    ("contact", "button[value=contact]"),
    ("confirmation", "envoyer"),
    ("contact sans test", "sans test"),  # its own page, reached from the welcome step's link
]
JOURNEE = 6  # the questionnaire's journey: the first six steps


def environnement(dossier: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{dossier / 'bench_widget.sqlite3'}",
        "REDIS_URL": "",
        "STATIC_ROOT": str(dossier / "static"),
        "EPDS_ENCRYPTION_KEYS": "Qm9uam91ci1jZWNpLWVzdC11bmUtY2xlLWRlLXRlc3Q=",
        "RATE_LIMIT_PER_ADDRESS": "100000000",
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
        "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
    }


def preparer(env: dict[str, str]) -> None:
    manage = [sys.executable, "manage.py"]
    for commande in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_epds"]):
        subprocess.run(manage + commande, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    code = (
        "from epds.models import Partenaire; "
        f"Partenaire.objects.get_or_create(slug='{SOURCE}', defaults={{'nom': 'Bench widget'}})"
    )
    subprocess.run(manage + ["shell", "-c", code], cwd=ROOT, env=env, check=True)


def avancer(page, comment: str) -> None:
    if comment == "sans test":
        page.goto(f"/widget/epds/contact/?source={SOURCE}")
        return
    if comment == "questions":
        for numero in range(1, 11):
            page.click(f"label[for=q{numero}-0]")
    elif comment == "envoyer":
        page.fill("#prenom", "Camille")
        page.fill("#telephone", "0612345678")
        page.click("label[for=consentement-oui]")
    with page.expect_navigation():
        page.click(
            "button[value=envoyer]"
            if comment == "envoyer"
            else "button[value=resultat]"
            if comment == "questions"
            else comment
        )


def parcourir(browser, url: str, cache: bool, jusqua: int | None = None) -> list[dict]:
    """The journey in a fresh context; the measures of each step (or of step `jusqua` only)."""
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": not cache})
    mesures = []
    try:
        for i, (etape, comment) in enumerate(ETAPES):
            if comment is None:
                page.goto(f"/widget/epds/?source={SOURCE}")
            else:
                avancer(page, comment)
            page.wait_for_load_state("load")
            if jusqua is None or i == jusqua:
                m = page.evaluate(MESURES)
                m["etape"] = etape
                m["html_gzip"] = len(gzip.compress(page.content().encode(), 6))
                mesures.append(m)
            if jusqua is not None and i == jusqua:
                break
    finally:
        context.close()
    return mesures


def main() -> int:
    from playwright.sync_api import sync_playwright

    from tests.bench.runner import Hub
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    with tempfile.TemporaryDirectory() as temporaire:
        env = environnement(Path(temporaire))
        print("\nEPDS widget: collectstatic, reference content…", flush=True)
        preparer(env)
        with Hub(env) as hub, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            froid = {}
            for i, (etape, _) in enumerate(ETAPES):
                runs = [parcourir(browser, hub.url, cache=False, jusqua=i)[0] for _ in range(REPETITIONS)]
                froid[etape] = (runs[-1], statistics.median(r["fcp"] for r in runs if r["fcp"] is not None))
            journee = parcourir(browser, hub.url, cache=True)[:JOURNEE]
            browser.close()
    print(
        "EPDS widget, each step as a first visit (cache off), bytes on the wire as served, 1280 px; "
        f"first render = first-contentful-paint, median of {REPETITIONS}:"
    )
    print(f"{'step':18} {'total':>8} {'HTML':>7} {'CSS':>7} {'JS':>6} {'fonts':>7}  {'FCP':>7}  HTML gzip")
    for etape, (m, fcp) in froid.items():
        par = m["par"]
        total = sum(par.values())
        print(
            f"{etape:18} {total / 1024:7.1f}K {par['html'] / 1024:6.1f}K {par['css'] / 1024:6.1f}K "
            f"{par['js'] / 1024:5.1f}K {par['font'] / 1024:6.1f}K  {fcp:5.0f} ms  {m['html_gzip'] / 1024:.1f}K"
        )
    total = sum(sum(m["par"].values()) for m in journee)
    print(f"whole journey, cache on ({JOURNEE} pages): {total / 1024:.1f} KB received in all")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    sys.exit(main())
