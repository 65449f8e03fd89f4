#!/usr/bin/env bash
# macOS (arm64): dist/Mixtape.app (packaging/build.sh) -> dist/Mixtape-<version>-arm64.dmg.
# Signing and notarisation run only when their secrets exist:
#   MIXTAPE_CODESIGN_IDENTITY   "Developer ID Application: …" (keychain already unlocked)
#   MIXTAPE_NOTARY_PROFILE      a notarytool keychain profile (xcrun notarytool store-credentials)
# Without them the DMG is unsigned (fine for testing; Gatekeeper will warn users).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
[ "$(uname -s)" = Darwin ] || { echo "build_dmg: SKIPPED: needs macOS"; exit 0; }
[ "$(uname -m)" = arm64 ] || echo "build_dmg: warning: building on $(uname -m), the release is arm64"
VERSION="$(python3 -c 'import tomllib;print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')"
APP="dist/Mixtape.app"
DMG="dist/Mixtape-$VERSION-arm64.dmg"
[ -d "$APP" ] || { echo "build_dmg: $APP missing; run packaging/build.sh" >&2; exit 1; }
/usr/libexec/PlistBuddy -c "Print :CFBundleURLTypes:0:CFBundleURLSchemes:0" "$APP/Contents/Info.plist" | grep -qx mixtape \
  || { echo "build_dmg: Info.plist lacks the mixtape:// URL type" >&2; exit 1; }

if [ -n "${MIXTAPE_CODESIGN_IDENTITY:-}" ]; then
  echo "== codesign (hardened runtime)"
  codesign --force --deep --options runtime --timestamp \
    --entitlements packaging/macos/entitlements.plist \
    --sign "$MIXTAPE_CODESIGN_IDENTITY" "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
else
  echo "== not signing (MIXTAPE_CODESIGN_IDENTITY unset)"
fi

rm -f "$DMG"
STAGE="$(mktemp -d)"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "Mixtape" -srcfolder "$STAGE" -ov -format UDZO "$DMG"
rm -rf "$STAGE"

if [ -n "${MIXTAPE_CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$MIXTAPE_CODESIGN_IDENTITY" "$DMG"
fi
if [ -n "${MIXTAPE_CODESIGN_IDENTITY:-}" ] && [ -n "${MIXTAPE_NOTARY_PROFILE:-}" ]; then
  echo "== notarise"
  xcrun notarytool submit "$DMG" --keychain-profile "$MIXTAPE_NOTARY_PROFILE" --wait
  xcrun stapler staple "$DMG"
  spctl --assess --type open --context context:primary-signature --verbose "$DMG"
else
  echo "== not notarising (needs MIXTAPE_CODESIGN_IDENTITY and MIXTAPE_NOTARY_PROFILE)"
fi
echo "build_dmg: $DMG ($(du -h "$DMG" | cut -f1))"
