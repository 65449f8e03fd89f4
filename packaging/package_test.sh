#!/usr/bin/env bash
# Checks on the frozen Linux app (after packaging/build.sh), as CI runs them with no display:
#   1. the frozen --self-test (offscreen): exit 0 and a JSON report that says ok; then again
#      with a real Secret Service (gnome-keyring in a private D-Bus session): the frozen app
#      must use it, not fall back to the fail backend
#   2. a real window under Xvfb (the xcb platform plugin and the system libraries it needs)
#   3. a second launch hands its invite link to the running frozen app and exits
#   4. the bundled annoy has no AVX-512 instructions
#   5. the .desktop file and the AppStream metainfo validate
#   6. the relay's entry point, run the way its image runs it (or the image, with an engine)
# Prints how long each step took. Every process it starts, it stops.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
APP="$ROOT/dist/mixtape/mixtape"
PY="${PYTHON:-python3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mixtape-package-test.XXXXXX")"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2> /dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "package-test: FAIL: $*" >&2; exit 1; }
now() { "$PY" -c 'import time; print(time.time())'; }
since() { "$PY" -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.2f}')" "$1"; }
step() { STEP_T0=$(now); echo "== $1"; }
done_step() { echo "   ok ($(since "$STEP_T0") s)"; }
[ -x "$APP" ] || fail "$APP is missing; run make package first"
export MIXTAPE_PASSPHRASE="package test passphrase"
# A real invite link (syntactically; nothing listens at the relay), expiring in 2100.
LINK='mixtape://join?v=1#relay=wss%3A%2F%2Frelay.example.org&doc=packagetest-doc&epoch=1&key=a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s&owner=b29vb29vb29vb29vb29vb29vb29vb29vb29vb29vb28&invite=0123456789abcdef&secret=c3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nzc3Nz&exp=4102444800000&name=Package+test'

step "frozen --self-test (offscreen)"
MIXTAPE_HOME="$WORK/selftest" QT_QPA_PLATFORM=offscreen timeout 120 \
  "$APP" --self-test --report "$WORK/self-test.json" || fail "self-test exited $?"
"$PY" - "$WORK/self-test.json" <<'PYEOF' || fail "self-test report"
import json, sys
report = json.load(open(sys.argv[1]))
assert report["ok"] is True and report["frozen"] is True, report
names = {c["name"] for c in report["checks"] if c["ok"]}
need = {"sqlcipher", "annoy", "numeric", "crdt_envelope", "keyring", "window", "single_instance"}
assert need <= names, need - names
print("   report ok:", ", ".join(sorted(names)), "| keyring:", next(c for c in report["checks"] if c["name"] == "keyring")["detail"]["backend"])
PYEOF
done_step

step "frozen --self-test with a real Secret Service (gnome-keyring)"
if command -v gnome-keyring-daemon > /dev/null && command -v dbus-run-session > /dev/null; then
  mkdir -p "$WORK/keyring-home"
  cat > "$WORK/with-keyring.sh" <<'SHEOF'
#!/usr/bin/env bash
# Inside a private D-Bus session: an unlocked login keyring, then the frozen self-test.
set -euo pipefail
printf 'package-test\n' | gnome-keyring-daemon --unlock --components=secrets > /dev/null
exec "$@"
SHEOF
  chmod +x "$WORK/with-keyring.sh"
  HOME="$WORK/keyring-home" XDG_DATA_HOME="$WORK/keyring-home/data" MIXTAPE_HOME="$WORK/keyring" \
    QT_QPA_PLATFORM=offscreen timeout 120 dbus-run-session -- "$WORK/with-keyring.sh" \
    "$APP" --self-test --report "$WORK/self-test-keyring.json" > "$WORK/keyring.log" 2>&1 \
    || { cat "$WORK/keyring.log"; fail "self-test with gnome-keyring exited non-zero"; }
  "$PY" - "$WORK/self-test-keyring.json" <<'PYEOF' || fail "keyring backend"
import json, sys
report = json.load(open(sys.argv[1]))
check = next(c for c in report["checks"] if c["name"] == "keyring")
backend = check["detail"]["backend"]
assert report["ok"] and check["ok"], check
assert backend.endswith("SecretService.Keyring"), f"frozen app used {backend}, not the Secret Service"
print("   keyring:", backend)
PYEOF
else
  echo "   skipped: gnome-keyring-daemon or dbus-run-session missing (apt-get install gnome-keyring dbus)"
fi
done_step

step "window under Xvfb (xcb)"
command -v xvfb-run > /dev/null || fail "xvfb-run missing (apt-get install xvfb)"
T0=$(now)
MIXTAPE_HOME="$WORK/xvfb" MIXTAPE_QUIT_AFTER_SHOW=300 QT_QPA_PLATFORM=xcb timeout 90 \
  xvfb-run -a -s "-screen 0 1280x800x24" "$APP" > "$WORK/xvfb.log" 2>&1 \
  || { cat "$WORK/xvfb.log"; fail "the app did not start and quit cleanly under Xvfb"; }
grep -q "window shown" "$WORK/xvfb.log" || { cat "$WORK/xvfb.log"; fail "no window under Xvfb"; }
echo "   start to window and clean quit (incl. Xvfb start, 0.3 s shown): $(since "$T0") s"
done_step

step "second launch hands its link to the running app"
MIXTAPE_HOME="$WORK/instance" QT_QPA_PLATFORM=offscreen "$APP" --debug > "$WORK/first.log" 2>&1 &
PIDS+=($!)
FIRST=$!
for _ in $(seq 1 300); do
  grep -q "listening for links" "$WORK/first.log" && break
  kill -0 "$FIRST" 2> /dev/null || { cat "$WORK/first.log"; fail "the first instance died"; }
  sleep 0.1
done
grep -q "listening for links" "$WORK/first.log" || { cat "$WORK/first.log"; fail "first instance not listening"; }
MIXTAPE_HOME="$WORK/instance" QT_QPA_PLATFORM=offscreen timeout 30 "$APP" "$LINK" \
  || fail "the second launch did not hand over and exit (exit $?)"
for _ in $(seq 1 50); do grep -q "handed over 1 link(s), 1 accepted" "$WORK/first.log" && break; sleep 0.1; done
grep -q "handed over 1 link(s), 1 accepted" "$WORK/first.log" || { cat "$WORK/first.log"; fail "link not received"; }
kill "$FIRST"; wait "$FIRST" 2> /dev/null || true
done_step

step "annoy instruction set (bundled binary)"
"$PY" packaging/check_isa.py $(find dist/mixtape -name 'annoylib*' -type f) || fail "annoy ISA"
done_step

step ".desktop and AppStream validation"
if ! command -v desktop-file-validate > /dev/null || ! command -v appstreamcli > /dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq desktop-file-utils appstream > /dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq desktop-file-utils appstream > /dev/null; }
  fi
fi
command -v desktop-file-validate > /dev/null || fail "desktop-file-validate missing (apt-get install desktop-file-utils)"
command -v appstreamcli > /dev/null || fail "appstreamcli missing (apt-get install appstream)"
desktop-file-validate packaging/linux/org.mixtape.Mixtape.desktop
grep -q '^MimeType=.*x-scheme-handler/mixtape;' packaging/linux/org.mixtape.Mixtape.desktop || fail "no mixtape:// handler"
appstreamcli validate --no-net --explain packaging/linux/org.mixtape.Mixtape.metainfo.xml > "$WORK/as.log" \
  || { cat "$WORK/as.log"; fail "AppStream metainfo"; }
done_step

step "relay entry point, as the image runs it"
if command -v docker > /dev/null && docker info > /dev/null 2>&1; then
  docker build -q -f packaging/relay/Dockerfile -t mixtape-relay:test . > /dev/null
  echo "   image size: $(docker image inspect mixtape-relay:test --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"
fi
# No engine needed for this part: the image's build steps and ENTRYPOINT, in a venv and a
# read-only copy of relay/, as an unprivileged-style process with only /data writable.
RELAY_VENV="$ROOT/build/relay-venv"
if [ ! -x "$RELAY_VENV/bin/python" ] || ! cmp -s packaging/relay/requirements.txt "$RELAY_VENV/requirements.txt"; then
  rm -rf "$RELAY_VENV"
  "$PY" -m venv "$RELAY_VENV"
  "$RELAY_VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps -r packaging/relay/requirements.txt
  cp packaging/relay/requirements.txt "$RELAY_VENV/requirements.txt"
fi
"$RELAY_VENV/bin/pip" check --disable-pip-version-check > /dev/null || fail "relay requirements incomplete (pip check)"
mkdir -p "$WORK/app" "$WORK/data"
cp -r relay "$WORK/app/relay"
find "$WORK/app" -name __pycache__ -prune -exec rm -rf {} +
"$RELAY_VENV/bin/python" -m compileall -q "$WORK/app/relay"
chmod -R a-w "$WORK/app"
PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
( cd "$WORK/app" && PYTHONPATH="$WORK/app" PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
  exec "$RELAY_VENV/bin/python" -m relay serve --host 127.0.0.1 --port "$PORT" \
  --store "sqlite:///$WORK/data/relay.db" ) > "$WORK/relay.log" 2>&1 &
PIDS+=($!)
RELAY=$!
HEALTH="import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:$PORT/healthz', timeout=2).status == 200 else 1)"
for _ in $(seq 1 100); do "$RELAY_VENV/bin/python" -c "$HEALTH" 2> /dev/null && break; sleep 0.1; done
"$RELAY_VENV/bin/python" -c "$HEALTH" || { cat "$WORK/relay.log"; fail "relay healthcheck"; }
"$RELAY_VENV/bin/python" -c "import urllib.request; t=urllib.request.urlopen('http://127.0.0.1:$PORT/metrics', timeout=2).read().decode(); assert '# TYPE' in t or '_total' in t, t[:200]" \
  || fail "relay /metrics"
kill -TERM "$RELAY"; wait "$RELAY" 2> /dev/null || true
echo "   healthz 200, /metrics served, SIGTERM stops it; no writes outside /data: $(find "$WORK/app" -newer "$WORK/data" -type f | wc -l) new files in the app folder"
done_step

echo "package-test: all checks passed; dist/mixtape is $(du -sh dist/mixtape | cut -f1)"
