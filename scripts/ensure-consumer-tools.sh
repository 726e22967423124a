#!/usr/bin/env bash
# Make sure the consumer tests (scripts/consumers.py) have what they need: python3 with venv + pip,
# a JDK (javac) and Maven. On a fresh Debian machine (as root) missing ones are installed from Debian's
# packages; elsewhere we stop with a clear instruction instead of silently skipping consumers.
set -euo pipefail
missing=()
if ! command -v python3 >/dev/null 2>&1; then
  missing+=(python3 python3-venv python3-pip)
elif ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  missing+=(python3-venv python3-pip)
fi
command -v javac >/dev/null 2>&1 || missing+=(default-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-consumer-tools: installing ${missing[*]} from Debian" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "ensure-consumer-tools: the consumer tests need ${missing[*]} (python3 with venv, a JDK, Maven)." >&2
echo "Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}; macOS: brew install python openjdk maven) and re-run." >&2
exit 1
