#!/usr/bin/env bash
# Builds twinbench's stack images from Debian packages, for machines with a Docker engine but no image
# registry (see docs/stack.md). Images: twinbench/debian-base:bookworm -> twinbench/mosquitto:2.0,
# twinbench/influxdb:1.6. Idempotent: an image that exists is kept unless --rebuild is given.
set -euo pipefail

MIRROR="${TWINBENCH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
BASE=twinbench/debian-base:bookworm
REBUILD=false
[ "${1:-}" = "--rebuild" ] && REBUILD=true

have_image() { docker image inspect "$1" >/dev/null 2>&1; }
say() { printf '[images] %s\n' "$*"; }

if ! docker info >/dev/null 2>&1; then
  echo "[images] no Docker engine answers. Start one (e.g. 'dockerd --bridge=none --iptables=false --ip-masq=false &') and run again." >&2
  exit 1
fi

if $REBUILD || ! have_image "$BASE"; then
  command -v debootstrap >/dev/null || { echo "[images] debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
  rootfs=$(mktemp -d /tmp/twinbench-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  say "debootstrap bookworm from $MIRROR (about 30-60 s)"
  debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >/tmp/twinbench-debootstrap.log 2>&1 \
    || { tail -20 /tmp/twinbench-debootstrap.log >&2; exit 1; }
  # Keep apt pointed at the same mirror inside the image.
  echo "deb $MIRROR bookworm main" >"$rootfs/etc/apt/sources.list"
  tar -C "$rootfs" -c . | docker import - "$BASE" >/dev/null
  rm -rf "$rootfs"
  trap - EXIT
  say "imported $BASE"
else
  say "$BASE exists"
fi

build() { # name dir
  if $REBUILD || ! have_image "$1"; then
    say "building $1"
    docker build --network host -q -t "$1" "$2" >/dev/null
  else
    say "$1 exists"
  fi
}
here=$(cd "$(dirname "$0")/.." && pwd)
build twinbench/mosquitto:2.0 "$here/stack/images/mosquitto"
build twinbench/influxdb:1.6 "$here/stack/images/influxdb"
say "done: twinbench/mosquitto:2.0 twinbench/influxdb:1.6"
