#!/usr/bin/env bash
# Builds twinbench's images from Debian packages, for machines with a Docker engine but no image
# registry (see docs/stack.md, docs/containers.md). Images: twinbench/debian-base:bookworm ->
# twinbench/mosquitto:2.0, twinbench/influxdb:1.6, twinbench/node:24 (the Node 24 binary npm installed) ->
# twinbench/platform and twinbench/simulator (tags latest and the package version).
# Base images that exist are kept unless --rebuild is given; the app images are built every time
# (Docker's layer cache makes an unchanged one instant). Prints each image's size.
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

# docker build, quiet; its output (and the legacy builder's deprecation notice) only when it fails.
dbuild() {
  local log
  log=$(mktemp)
  if ! docker build --network host -q "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

build() { # name dir
  if $REBUILD || ! have_image "$1"; then
    say "building $1"
    dbuild -t "$1" "$2"
  else
    say "$1 exists"
  fi
}
here=$(cd "$(dirname "$0")/.." && pwd)
build twinbench/mosquitto:2.0 "$here/stack/images/mosquitto"
build twinbench/influxdb:1.6 "$here/stack/images/influxdb"

# Node 24: the binary the `node` devDependency installed (npm ci first).
node_bin="$here/node_modules/node/bin/node"
[ -x "$node_bin" ] || { echo "[images] $node_bin is missing: run npm ci first" >&2; exit 1; }
if $REBUILD || ! have_image twinbench/node:24; then
  ctx=$(mktemp -d /tmp/twinbench-node-image.XXXXXX)
  cp "$here/stack/images/node/Dockerfile" "$node_bin" "$ctx/"
  say "building twinbench/node:24"
  dbuild -t twinbench/node:24 "$ctx"
  rm -rf "$ctx"
else
  say "twinbench/node:24 exists"
fi

# The platform image serves the viewer's build: make it first if this checkout has none.
if [ ! -f "$here/viewer/dist/index.html" ]; then
  say "building the viewer (viewer/dist) for the platform image"
  (cd "$here" && "$node_bin" viewer/build.ts >/dev/null)
fi

# The app images: staged from the sources each process imports, the simulator's as its one-file bundle
# and launcher (scripts/stage-image.ts).
version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$here/package.json")
for app in platform simulator; do
  ctx=$(mktemp -d /tmp/twinbench-$app-image.XXXXXX)
  "$node_bin" "$here/scripts/stage-image.ts" "$app" "$ctx" | sed 's/^/[images] /'
  cp "$here/stack/images/$app/Dockerfile" "$ctx/"
  say "building twinbench/$app:$version"
  dbuild -t "twinbench/$app:$version" -t "twinbench/$app:latest" "$ctx"
  rm -rf "$ctx"
done

for image in twinbench/mosquitto:2.0 twinbench/influxdb:1.6 twinbench/node:24 "twinbench/platform:$version" "twinbench/simulator:$version"; do
  size=$(docker image inspect -f '{{.Size}}' "$image")
  say "$(printf '%-28s %6s MB' "$image" "$((size / 1000000))")"
done
say "done"
