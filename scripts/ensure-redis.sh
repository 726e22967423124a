#!/usr/bin/env bash
# Make sure the real redis-server/redis-cli used by test/probe exist.
# On a fresh Debian machine (as root) they are installed from Debian's packages;
# elsewhere we stop with a clear instruction instead of silently skipping tests.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure:redis: installing redis-server, redis-tools and openssl from Debian" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends redis-server redis-tools openssl >/dev/null
  # the Debian package may start a service on 6379; tests use their own ports
  (service redis-server stop || true) >/dev/null 2>&1
  exit 0
fi
echo "ensure:redis: redis-server, redis-cli and openssl are required by the probe tests." >&2
echo "Install them (Debian/Ubuntu: sudo apt-get install redis-server redis-tools openssl; macOS: brew install redis openssl) and re-run." >&2
exit 1
