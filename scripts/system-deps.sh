#!/usr/bin/env bash
# Debian packages the tests need: Chromium for browser tests, XeLaTeX + CJK fonts for the PDF.
# Installs what is missing when run as root with apt-get; otherwise says what to install.
set -euo pipefail

packages=(chromium texlive-xetex texlive-lang-chinese texlive-latex-extra latexmk
          fonts-noto-cjk fonts-dejavu-core fonts-symbola poppler-utils libcairo2)
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
