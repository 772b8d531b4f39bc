#!/usr/bin/env bash
# Installs Debian packages for commands that are not on this machine yet: each argument is
# command:package[,package…], e.g. `chromium:chromium,fonts-liberation`.
set -euo pipefail
missing=()
for wanted in "$@"; do
  command="${wanted%%:*}"
  packages="${wanted#*:}"
  if ! command -v "$command" >/dev/null && [ ! -x "/usr/sbin/$command" ]; then
    IFS=, read -r -a list <<<"$packages"
    missing+=("${list[@]}")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing ${missing[*]} from Debian's packages (once per machine)…"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
