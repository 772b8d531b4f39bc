#!/usr/bin/env bash
# Installs the Debian packages that are not on this machine yet: each argument is
# command:package[,package…], e.g. `chromium:chromium,fonts-liberation`. Each package is
# looked for itself, as a machine can have a command without the packages that go with it.
# Where there is no dpkg (not Debian), only the command is looked for.
set -euo pipefail
installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}
missing=()
for wanted in "$@"; do
  command="${wanted%%:*}"
  IFS=, read -r -a packages <<<"${wanted#*:}"
  if command -v dpkg-query >/dev/null; then
    for package in "${packages[@]}"; do
      installed "$package" || missing+=("$package")
    done
  elif ! command -v "$command" >/dev/null && [ ! -x "/usr/sbin/$command" ]; then
    missing+=("${packages[@]}")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing ${missing[*]} from Debian's packages (once per machine)…"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
