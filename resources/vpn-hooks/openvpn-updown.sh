#!/bin/sh
# OpenVPN `up` and `down` hook: tells Teleworker the tunnel changed. One script for both; OpenVPN
# sets $script_type (up / down) and $dev (tun0). In the client configuration:
#   script-security 2
#   up   /usr/lib/teleworker/vpn-hooks/openvpn-updown.sh
#   down /usr/lib/teleworker/vpn-hooks/openvpn-updown.sh
# With `user nobody` (privileges dropped after connecting) a `down` script runs as nobody and cannot
# reach anyone's app. Then run it as root through OpenVPN's down-root plugin instead of `down`:
#   plugin /usr/lib/openvpn/openvpn-plugin-down-root.so "/usr/lib/teleworker/vpn-hooks/openvpn-updown.sh down"
# (the plugin's path varies: /usr/lib/x86_64-linux-gnu/openvpn/plugins/ on Debian and Ubuntu,
# /usr/lib64/openvpn/plugins/ on Fedora/RHEL). A first argument up or down names the direction.
# Chaining an existing script (e.g. update-resolv-conf): set TELEWORKER_CHAIN to it with `setenv`.
here=$(dirname "$0")
direction=${script_type:-}
case "${1:-}" in up|down) direction=$1; shift ;; esac
if [ -n "${TELEWORKER_CHAIN:-}" ]; then "$TELEWORKER_CHAIN" "$@" || exit $?; fi
case "$direction" in
  up) "$here/teleworker-vpn-event.sh" up "${dev:-$1}" ;;
  down) "$here/teleworker-vpn-event.sh" down "${dev:-$1}" ;;
esac
exit 0
