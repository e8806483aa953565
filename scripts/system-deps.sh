#!/usr/bin/env bash
# Debian packages the tests need (scripts/debian-packages.txt): Chromium, XeLaTeX, fonts.
# Installs what is missing when run as root with apt-get; otherwise says what to install.
set -euo pipefail

# The list lives in debian-packages.txt (one a line, # comments), which the tests read too.
list="$(dirname "$0")/debian-packages.txt"
[ -r "$list" ] || { echo "system-deps.sh: cannot read $list" >&2; exit 1; }
mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$list")
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "The tests need these Debian packages; install them with:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
