#!/bin/sh
# `make image`: the base (docker/base.sh, cached), then the hub's image, built with the host's
# network (`--network host`: dockerd may run without a bridge). Prints the image's size.
set -eu
cd "$(dirname "$0")/.."
IMAGE="${IMAGE:-hub-1000-jours:latest}"
BASE="${BASE_IMAGE:-hub-base:bookworm}"
BASE_IMAGE="$BASE" sh docker/base.sh
# CA certificates added on this machine (e.g. a proxy's), for pip inside the build stage only.
EXTRA_CA="$(cat /usr/local/share/ca-certificates/*.crt 2>/dev/null || true)"
docker build --network host --build-arg BASE="$BASE" --build-arg PIP_EXTRA_CA="$EXTRA_CA" \
    -f docker/Dockerfile -t "$IMAGE" .
docker image inspect "$IMAGE" --format "image $IMAGE: {{.Size}} bytes" \
    | awk '{printf "%s %s %.0f MB\n", $1, $2, $3 / 1000000}'
