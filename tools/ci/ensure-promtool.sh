#!/usr/bin/env bash
# Makes sure Prometheus's promtool is available for the alert-rule tests: taken out of Debian's prometheus
# package (downloaded, not installed: no service, no user) into the machine's cache. Prints its path last.
set -euo pipefail

cache="${CRS_EXPORT_CACHE_DIR:-$HOME/.cache/crs-export}/promtool"
bin="$cache/usr/bin/promtool"

if command -v promtool >/dev/null 2>&1; then
  echo "[promtool] $(promtool --version 2>&1 | head -n 1)" >&2
  command -v promtool
  exit 0
fi
if [ -x "$bin" ]; then
  echo "[promtool] $("$bin" --version 2>&1 | head -n 1) (cached)" >&2
  echo "$bin"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
  echo "[promtool] not found, and apt-get/dpkg-deb are not available to fetch Debian's prometheus package" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "[promtool] downloading Debian's prometheus package for its promtool" >&2
if ! (cd "$work" && apt-get download -qq prometheus >/dev/null 2>&1); then
  # The package lists may be stale or absent on a fresh machine.
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq >&2; elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq >&2; fi
  (cd "$work" && apt-get download -qq prometheus >/dev/null)
fi
mkdir -p "$cache.tmp"
dpkg-deb -x "$work"/prometheus_*.deb "$cache.tmp"
rm -rf "$cache"
mv "$cache.tmp" "$cache"
if [ ! -x "$bin" ]; then
  echo "[promtool] the package held no usr/bin/promtool" >&2
  exit 1
fi
echo "[promtool] $("$bin" --version 2>&1 | head -n 1)" >&2
echo "$bin"
