#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests if it is not there yet (the only browser
# that can be had here: browser downloads by test tools are not reachable).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "Installing Chromium from Debian's packages (once per machine)…"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-liberation >/dev/null
