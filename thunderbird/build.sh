#!/usr/bin/env bash
# Builds the Thunderbird add-on: thunderbird/dist/mailcheck-<version>.xpi (a zip of
# the files the add-on needs, manifest.json at its root). Prints the path.
# Uses `zip` when present, else Python's zipfile.
set -euo pipefail
cd "$(dirname "$0")"
version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' manifest.json | head -n 1)
out="dist/mailcheck-${version}.xpi"
files=(manifest.json background.js ui.css
       findings.html findings.js popup.html popup.js options.html options.js
       lib/*.js _locales/*/messages.json icons/*.png)
mkdir -p dist
rm -f "$out"
if command -v zip >/dev/null 2>&1; then
    zip -q -X -9 "$out" "${files[@]}"
else
    python3 -m zipfile -c "$out" "${files[@]}"
fi
echo "thunderbird/$out"
