"""gunicorn settings of the hub: the production image (docker/Dockerfile) and `make bench` run
these, so that the benchmark measures what production serves.

Sync workers, one request at a time each, behind the reverse proxy that keeps clients'
connections open (gunicorn's advice for sync workers). Cold answers are CPU-bound Python: on 2
cores, measured with `make bench` (4 connections, 8 s, two runs each), 4 sync workers answered
a cold parcours in 19.5 / 16.5 ms and a page of articles in 153 / 113 ms; 4 workers × 2 threads
in 41.5 / 14.9 ms and 140 / 250 ms, two requests sharing a worker's interpreter lock while
another worker idled. Cached answers were as fast either way (4.4–5.0 ms).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request never waits this long on the database (PostgreSQL statement timeout: 5 s); a worker
# stuck longer is restarted.
timeout = 30
# Access lines never hold query strings nor update-link tokens (personal data): hub.journaux.
logger_class = "hub.journaux.JournalGunicorn"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
