"""Load-test plumbing for `make bench`: a gunicorn hub on 127.0.0.1 and wrk driving it.

Everything listens on 127.0.0.1 and stops by itself: gunicorn is terminated at exit, each wrk
run is bounded in time.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.support.net import free_port

ROOT = Path(__file__).resolve().parents[2]

WRK_SCRIPT = r"""
local threads = {}
local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
  table.insert(threads, thread)
end

local body = os.getenv("BENCH_BODY")
local method = os.getenv("BENCH_METHOD") or "POST"
local unique = os.getenv("BENCH_UNIQUE")
local run = os.getenv("BENCH_RUN") or "0"  -- unique to each wrk run: keys never repeat across runs
local path = os.getenv("BENCH_PATH")
-- a different date each request ("__DATE__"): BENCH_DATE_BASE (epoch seconds) + counter mod N days
local date_base = tonumber(os.getenv("BENCH_DATE_BASE") or "0")
local date_span = tonumber(os.getenv("BENCH_DATE_SPAN") or "1")
wrk.method = method
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
counter = 0
acknowledged = 0
acked_ids = ""

request = function()
  counter = counter + 1
  if method == "GET" then return wrk.format("GET", path) end
  local b = body
  if unique then
    b = string.gsub(body, "__UNIQUE__", "bench-" .. run .. "-" .. tostring(tid) .. "-" .. tostring(counter))
  end
  if date_base > 0 then
    local day = os.date("!%Y-%m-%d", date_base + ((counter * 7 + tid) % date_span) * 86400)
    b = string.gsub(b, "__DATE__", day)
  end
  return wrk.format(method, path, nil, b)
end

response = function(status, headers, response_body)
  -- an acknowledged EPDS submission carries its opaque token
  if unique and status == 200 and string.find(response_body, '"jeton"', 1, true) then
    acknowledged = acknowledged + 1
    local id = string.match(response_body, '"id":"([0-9a-f%-]+)"')
    if id then acked_ids = acked_ids .. id .. "\n" end
  end
end

done = function(summary, latency, requests)
  local ack = 0
  local ids_file = os.getenv("BENCH_ACK_FILE")
  local out = ids_file and io.open(ids_file, "w")
  for _, thread in ipairs(threads) do
    ack = ack + (thread:get("acknowledged") or 0)
    if out then out:write(thread:get("acked_ids") or "") end
  end
  if out then out:close() end
  local e = summary.errors
  io.write(string.format("BENCH_RESULT %d %d %d %.3f %.3f %.3f %d\n",
    summary.requests, summary.duration, e.status + e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, ack))
end
"""


@dataclass
class LoadResult:
    requests: int
    seconds: float
    errors: int
    median_ms: float
    p95_ms: float
    p99_ms: float
    acknowledged: int
    acknowledged_ids: list[str]  # result ids of the acknowledged EPDS submissions (unique runs)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


class Hub:
    """The hub under gunicorn with the production settings (hub/gunicorn_conf.py), bound to
    127.0.0.1 only."""

    def __init__(self, env: dict[str, str]):
        self.port = free_port()
        # The hub's own address: Host headers naming another port are refused (hub.adresses).
        self.env = {**env, "SITE_URL": f"http://127.0.0.1:{self.port}"}
        self.workers = int(env.get("GUNICORN_WORKERS", "4"))
        self.process: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Hub:
        cmd = [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "python:hub.gunicorn_conf",
            "hub.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        self._warm_up()
                        return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not start")

    def _warm_up(self) -> None:
        """Each worker imports and builds the schema on its first request: not what "cold"
        (response cache empty) measures. A few trivial queries reach every worker first."""
        for _ in range(self.workers * 8):
            self.post("/graphql/", {"query": "{ __typename }"})

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)

    def post(self, path: str, payload: dict) -> dict:
        request = urllib.request.Request(
            self.url + path, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as r:
            return json.loads(r.read())


def wrk(
    url: str,
    path: str,
    body: str | None,
    *,
    method: str = "POST",
    seconds: int = 10,
    connections: int = 8,
    threads: int = 2,
    unique: bool = False,
    dates: tuple[int, int] | None = None,
) -> LoadResult:
    """`unique`: "__UNIQUE__" in the body becomes a new key each request; `dates=(epoch, days)`:
    "__DATE__" becomes one of `days` dates from `epoch` (a different parent each request)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    env = {**os.environ, "BENCH_PATH": path, "BENCH_METHOD": method, "BENCH_BODY": body or ""}
    ack_file = None
    if unique:
        env["BENCH_UNIQUE"] = "1"
        env["BENCH_RUN"] = uuid.uuid4().hex
        ack_file = script.name + ".ack"
        env["BENCH_ACK_FILE"] = ack_file
    if dates:
        env["BENCH_DATE_BASE"], env["BENCH_DATE_SPAN"] = str(dates[0]), str(dates[1])
    out = subprocess.run(
        [
            "wrk",
            "-t",
            str(min(threads, connections)),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            url,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    os.unlink(script.name)
    match = re.search(r"BENCH_RESULT (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", out.stdout)
    if not match:
        raise RuntimeError(f"wrk failed: {out.stdout}\n{out.stderr}")
    requests, micros, errors, p50, p95, p99, ok = match.groups()
    ids: list[str] = []
    if ack_file and os.path.exists(ack_file):
        with open(ack_file) as f:
            ids = [line for line in f.read().split() if line]
        os.unlink(ack_file)
    return LoadResult(
        int(requests), int(micros) / 1e6, int(errors), float(p50), float(p95), float(p99), int(ok), ids
    )
