#!/usr/bin/env bash
# System packages the build and the tests need, from Debian/Ubuntu's apt:
#   chromium            end-to-end tests in a real browser (Playwright drives /usr/bin/chromium)
#   xvfb                a display for the Electron suite where the Electron binary exists
#   openvpn iproute2    real VPN tunnels between network namespaces (connectivity tests)
#   gnome-keyring dbus dbus-x11 libsecret-tools   a real OS keychain (Secret Service) for keytar
#   libsecret-1-dev     keytar's native build (its prebuilt download is not reachable everywhere)
#   g++ make python3    node-gyp, for that build (npm test builds keytar: scripts/ensure-keytar.mjs)
#   openssl             certificates for the test office servers
#   librsvg2-bin        rsvg-convert: the app's icons from resources/icon.svg at pack time
#   p7zip-full          7z for electron-builder's archives (ELECTRON_BUILDER_7ZIP_PATH=/usr/bin/7z)
#   postgresql          the office server's PostgreSQL backend, started by its tests (initdb in a temp dir)
#   slapd ldap-utils    OpenLDAP for the directory sign-in tests (each starts its own slapd in a temp dir)
#   rpm                 rpmkeys: the rpm updater's signature check runs against the real tool
# Installs what is missing when it can (root with apt-get); otherwise fails naming the packages.
set -euo pipefail

declare -A probe=(
  [chromium]='command -v chromium'
  [xvfb]='command -v xvfb-run'
  [openvpn]='command -v openvpn || test -x /usr/sbin/openvpn'
  [iproute2]='command -v ip || test -x /usr/sbin/ip'
  [gnome-keyring]='command -v gnome-keyring-daemon'
  [dbus]='command -v dbus-daemon'
  [dbus-x11]='command -v dbus-launch'
  [libsecret-tools]='command -v secret-tool'
  [libsecret-1-dev]='pkg-config --exists libsecret-1'
  [pkg-config]='command -v pkg-config'
  [g++]='command -v g++'
  [make]='command -v make'
  [python3]='command -v python3'
  [openssl]='command -v openssl'
  [librsvg2-bin]='command -v rsvg-convert'
  [p7zip-full]='command -v 7z'
  [postgresql]='ls /usr/lib/postgresql/*/bin/initdb'
  [slapd]='test -x /usr/sbin/slapd'
  [ldap-utils]='command -v ldapmodify'
  [rpm]='command -v rpmkeys'
)

missing=()
for pkg in "${!probe[@]}"; do
  if ! bash -c "${probe[$pkg]}" >/dev/null 2>&1; then missing+=("$pkg"); fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

IFS=$'\n' sorted=($(sort <<<"${missing[*]}")); unset IFS
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "system packages: installing ${sorted[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${sorted[@]}" >/dev/null
  echo "system packages: installed"
  exit 0
fi

echo "system packages missing: ${sorted[*]}" >&2
echo "install them with: sudo apt-get install -y ${sorted[*]}" >&2
exit 1
