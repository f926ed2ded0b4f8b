#!/bin/sh
# Builds the base image `hub-base:bookworm` from Debian bookworm with debootstrap, for machines
# where no registry is reachable (Docker Hub included). Python 3.11 is Debian's own.
# Cached: does nothing when the image exists (BASE_REBUILD=1 forces a rebuild).
set -eu
IMAGE="${BASE_IMAGE:-hub-base:bookworm}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
if [ -z "${BASE_REBUILD:-}" ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
    echo "base image $IMAGE present"
    exit 0
fi
command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
ROOTFS="$(mktemp -d "${TMPDIR:-/tmp}/hub-base.XXXXXX")"
trap 'rm -rf "$ROOTFS"' EXIT
# python3-venv: the image's virtualenv; libpq5 not needed (psycopg[binary] bundles it);
# ca-certificates: TLS to S3, SMTP and webhooks.
debootstrap --variant=minbase \
    --include=python3,python3-venv,ca-certificates,tzdata,fonts-dejavu-core \
    bookworm "$ROOTFS" "$MIRROR"
chroot "$ROOTFS" apt-get clean
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/usr/share/doc/* \
    "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/locale/*
tar -C "$ROOTFS" -c . | docker import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/sh"]' \
    - "$IMAGE"
echo "base image $IMAGE built"
