#!/bin/sh
# strongSwan updown hook: tells Teleworker an IPsec tunnel came up or went down.
# swanctl.conf, in the connection's child section:   updown = /usr/lib/teleworker/vpn-hooks/strongswan-updown.sh
# ipsec.conf (stroke):                                leftupdown=/usr/lib/teleworker/vpn-hooks/strongswan-updown.sh
# This replaces strongSwan's default updown script; where that one is still needed (it adds firewall
# rules with leftfirewall=yes), set TELEWORKER_CHAIN=/usr/lib/ipsec/_updown (the path varies by
# distribution) in the charon environment and it runs first.
here=$(dirname "$0")
if [ -n "${TELEWORKER_CHAIN:-}" ]; then "$TELEWORKER_CHAIN" "$@" || exit $?; fi
case "${PLUTO_VERB:-}" in
  up-client*|up-host*) "$here/teleworker-vpn-event.sh" up "${PLUTO_INTERFACE:-}" ;;
  down-client*|down-host*) "$here/teleworker-vpn-event.sh" down "${PLUTO_INTERFACE:-}" ;;
esac
exit 0
