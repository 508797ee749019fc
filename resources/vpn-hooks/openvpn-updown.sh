#!/bin/sh
# OpenVPN `up` and `down` hook: tells Teleworker the tunnel changed. One script for both; OpenVPN
# sets $script_type (up / down) and $dev (tun0). In the client configuration:
#   script-security 2
#   up   /usr/lib/teleworker/vpn-hooks/openvpn-updown.sh
#   down /usr/lib/teleworker/vpn-hooks/openvpn-updown.sh
# Chaining an existing script (e.g. update-resolv-conf): set TELEWORKER_CHAIN to it with `setenv`.
here=$(dirname "$0")
if [ -n "${TELEWORKER_CHAIN:-}" ]; then "$TELEWORKER_CHAIN" "$@" || exit $?; fi
case "${script_type:-}" in
  up) "$here/teleworker-vpn-event.sh" up "${dev:-$1}" ;;
  down) "$here/teleworker-vpn-event.sh" down "${dev:-$1}" ;;
esac
exit 0
