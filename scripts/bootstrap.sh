#!/usr/bin/env bash
# Shared set-up for scripts/run.sh and scripts/test.sh: a virtual environment with the locked
# dependencies, and the system packages the app needs. Installs what it can (as root, with apt-get);
# otherwise stops with a message that names the missing package.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
VENV=.venv

die() { echo "error: $*" >&2; exit 1; }

have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }

apt_install() {
  # apt_install PACKAGE... : install Debian packages, or explain how.
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "==> installing system packages: $*"
    if [[ -z ${_APT_UPDATED:-} ]]; then apt-get update -qq >/dev/null; _APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    die "missing system packages: $*  (install them with: sudo apt-get install $*)"
  fi
}

ensure_python() {
  command -v "$PY" >/dev/null || die "python3 (3.11 or newer) is required"
  "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
    || die "Python 3.11 or newer is required; found $("$PY" --version)"
  if [[ ! -x $VENV/bin/python ]]; then
    echo "==> creating the virtual environment in $VENV"
    if ! "$PY" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      apt_install python3-venv
      "$PY" -m venv "$VENV"
    fi
  fi
}

ensure_requirements() {
  # ensure_requirements LOCKFILE : install exactly the locked versions (skipped when unchanged).
  local lock=$1 stamp="$VENV/.installed-$(basename "$1")"
  local want; want=$(sha256sum "$lock" pyproject.toml | sha256sum | cut -c1-64)
  if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
    echo "==> installing Python packages from $lock"
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$VENV/bin/python" -m pip install -q -r "$lock"
    "$VENV/bin/python" -m pip install -q --no-deps -e .
    echo "$want" > "$stamp"
  fi
}

ensure_pdf_libs() {
  # WeasyPrint needs Pango; reports use the DejaVu fonts.
  local missing=()
  have_lib libpango-1.0.so.0 || missing+=(libpango-1.0-0)
  have_lib libpangoft2-1.0.so.0 || missing+=(libpangoft2-1.0-0)
  [[ -d /usr/share/fonts/truetype/dejavu ]] || missing+=(fonts-dejavu-core)
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
}

ensure_test_tools() {
  # pdftotext for PDF tests, Debian's Chromium for browser tests.
  local missing=()
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
}
