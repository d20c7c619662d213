#!/usr/bin/env bash
# Installs what the tile-health training needs: the Debian packages whose photographs are the
# scenes, and the Python packages (from the machine's local wheel store, no public index).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
missing=()
for p in lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 mate-backgrounds opencv-doc; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

python3 -m pip install --index-url file:///opt/pypi/simple --extra-index-url file:///opt/pypi-more/simple \
  --find-links /opt/wheels -r "$here/requirements.txt"
