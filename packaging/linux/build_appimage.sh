#!/usr/bin/env bash
# Wrap dist/mixtape (from packaging/build.sh) into dist/Mixtape-<version>-<arch>.AppImage.
# Needs appimagetool (https://github.com/AppImage/appimagetool) on PATH or in $APPIMAGETOOL;
# without it this script says so and exits 0 with nothing built (CI runners provide it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
ARCH="$(uname -m)"
VERSION="$(python3 -c 'import tomllib;print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')"
TOOL="${APPIMAGETOOL:-$(command -v appimagetool || command -v appimagetool-"$ARCH".AppImage || true)}"
[ -x dist/mixtape/mixtape ] || { echo "build_appimage: run packaging/build.sh first" >&2; exit 1; }
if [ -z "$TOOL" ]; then
  echo "build_appimage: SKIPPED: appimagetool not found (set APPIMAGETOOL=/path/to/appimagetool)"
  exit 0
fi
APPDIR="build/AppDir"
rm -rf "$APPDIR"
mkdir -p "$APPDIR/usr/bin" "$APPDIR/usr/share/applications" "$APPDIR/usr/share/metainfo" \
  "$APPDIR/usr/share/icons/hicolor/scalable/apps"
cp -a dist/mixtape "$APPDIR/usr/lib-mixtape"
ln -s ../lib-mixtape/mixtape "$APPDIR/usr/bin/mixtape"
cp packaging/linux/org.mixtape.Mixtape.desktop "$APPDIR/usr/share/applications/"
cp packaging/linux/org.mixtape.Mixtape.desktop "$APPDIR/"
cp packaging/linux/org.mixtape.Mixtape.metainfo.xml "$APPDIR/usr/share/metainfo/"
cp resources/icons/mixtape.svg "$APPDIR/usr/share/icons/hicolor/scalable/apps/org.mixtape.Mixtape.svg"
cp resources/icons/mixtape.svg "$APPDIR/org.mixtape.Mixtape.svg"
cat > "$APPDIR/AppRun" <<'RUN'
#!/bin/sh
HERE="$(dirname "$(readlink -f "$0")")"
exec "$HERE/usr/lib-mixtape/mixtape" "$@"
RUN
chmod +x "$APPDIR/AppRun"
OUT="dist/Mixtape-$VERSION-$ARCH.AppImage"
ARCH="$ARCH" "$TOOL" --no-appstream "$APPDIR" "$OUT"  # metainfo validated separately
echo "build_appimage: $OUT ($(du -h "$OUT" | cut -f1))"
echo "Register the mixtape:// handler after moving it into place:"
echo "  install the .desktop file with Exec=<path to AppImage> %u; xdg-mime default org.mixtape.Mixtape.desktop x-scheme-handler/mixtape"
