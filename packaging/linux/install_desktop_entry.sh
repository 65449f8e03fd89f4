#!/usr/bin/env bash
# Per-user: register an installed Mixtape (folder or AppImage) as the mixtape:// link handler.
#   packaging/linux/install_desktop_entry.sh /path/to/mixtape-or-AppImage
set -euo pipefail
TARGET="$(readlink -f "${1:?path to the mixtape executable or AppImage}")"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
APPS="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$APPS"
sed -e "s|^Exec=.*|Exec=\"$TARGET\" %u|" -e "s|^TryExec=.*|TryExec=$TARGET|" \
  "$HERE/org.mixtape.Mixtape.desktop" > "$APPS/org.mixtape.Mixtape.desktop"
command -v update-desktop-database > /dev/null && update-desktop-database "$APPS" || true
command -v xdg-mime > /dev/null && xdg-mime default org.mixtape.Mixtape.desktop x-scheme-handler/mixtape || true
echo "registered $TARGET for mixtape:// links"
