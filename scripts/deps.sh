#!/usr/bin/env bash
# Install the Debian packages in scripts/packages.txt that are missing, and
# the de_DE.UTF-8 locale the tests use to prove numbers ignore the locale.
# Does nothing when all is present. Needs root (or sudo) only to install.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
missing=()
while read -r pkg; do
    case $pkg in ''|'#'*) continue ;; esac
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$pkg")
done <"$here/packages.txt"

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

if [ ${#missing[@]} -gt 0 ]; then
    echo "deps: installing ${missing[*]}" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
    echo "deps: generating the de_DE.UTF-8 locale (for the locale tests)" >&2
    as_root localedef -i de_DE -f UTF-8 de_DE.UTF-8
fi
