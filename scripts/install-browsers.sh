#!/usr/bin/env bash
# Installs what the end-to-end tests need on a Debian machine, when it is missing: Debian's
# chromium and firefox-esr (driven by the tests at /usr/bin/chromium and /usr/bin/firefox-esr)
# and openssl (the fixture server's certificate). Does nothing when all are there.
# Runs apt-get as root, or through sudo when that exists.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/firefox-esr ] || need+=(firefox-esr)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ ${#need[@]} -eq 0 ] && exit 0

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "install-browsers: missing ${need[*]}; run this script as root (or install sudo)" >&2
    exit 1
  fi
fi
echo "install-browsers: installing ${need[*]} …"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
