#!/usr/bin/env bash
# Build the one-folder desktop app: dist/mixtape/mixtape (Linux), Mixtape.app (macOS),
# dist/mixtape/mixtape.exe (Windows, from Git Bash / MSYS).
#
# 1. A clean build venv (build/package-venv) from requirements.lock, compiled dependencies
#    from binary wheels only (a missing wheel fails the build instead of compiling something
#    unexpected) — except annoy, which is compiled here for a portable CPU baseline because its
#    setup.py forces -march=native (a wheel built on a new CPU crashes on an older one).
# 2. The annoy binary is checked for AVX-512 (zmm registers) with objdump (x86-64).
# 3. PyInstaller with packaging/mixtape.spec.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV="${BUILD_VENV:-$ROOT/build/package-venv}"
case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) BIN="$VENV/Scripts" ;; *) BIN="$VENV/bin" ;; esac
PIP=("$BIN/python" -m pip --disable-pip-version-check --quiet)
STAMP="$VENV/.mixtape-build-stamp"
want_stamp="$(cat requirements.lock packaging/requirements-build.txt packaging/build.sh | "$PYTHON" -c 'import hashlib,sys;print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"

annoy_args() {
  # annoy's setup.py replaces *all* its flags with ANNOY_COMPILER_ARGS (comma-separated), so
  # the list repeats its defaults minus -march=native.
  local base="-D_CRT_SECURE_NO_WARNINGS,-fpermissive,-O3,-ffast-math,-fno-associative-math,-DANNOYLIB_MULTITHREADED_BUILD,-std=c++14"
  case "$(uname -s)" in  # MSVC: its default x64 target is SSE2, never AVX-512
    MINGW*|MSYS*|CYGWIN*) echo "/D_CRT_SECURE_NO_WARNINGS,/DANNOYLIB_MULTITHREADED_BUILD,/O2"; return ;;
  esac
  case "$(uname -m)" in
    x86_64|AMD64|amd64) echo "$base,-march=x86-64-v2,-mtune=generic" ;;
    arm64|aarch64)
      if [ "$(uname -s)" = Darwin ]; then echo "$base,-mcpu=apple-m1,-mmacosx-version-min=11.0"
      else echo "$base,-march=armv8-a"; fi ;;
    *) echo "$base" ;;
  esac
}

if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want_stamp" ]; then
  echo "== build venv: $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "${PIP[@]}" install --upgrade "pip>=24"
  annoy_pin="$(grep -i '^annoy==' requirements.lock)"
  echo "== $annoy_pin from source, ANNOY_COMPILER_ARGS=$(annoy_args)"
  ANNOY_COMPILER_ARGS="$(annoy_args)" "${PIP[@]}" install --no-cache-dir --no-deps \
    --no-binary annoy --force-reinstall "$annoy_pin"
  echo "== everything else from binary wheels only"
  "${PIP[@]}" install --only-binary=:all: -r requirements.lock
  "${PIP[@]}" install --only-binary=:all: -r packaging/requirements-build.txt
  "${PIP[@]}" install --no-deps .   # our own code + metadata (pure Python)
  "$BIN/python" -m pip check
  echo "$want_stamp" > "$STAMP"
fi

echo "== annoy instruction-set check"
"$BIN/python" packaging/check_isa.py "$("$BIN/python" -c 'import annoy.annoylib as m; print(m.__file__)')"

echo "== PyInstaller"
rm -rf dist/mixtape
# Run from the source tree so the spec's pathex (the checkout) wins over the installed copy.
"$BIN/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" packaging/mixtape.spec

# The bundled annoy must be the portable one.
"$BIN/python" packaging/check_isa.py $(find dist/mixtape -name 'annoylib*' -type f)
echo "== built: $(du -sh dist/mixtape | cut -f1) in dist/mixtape"
