#!/bin/sh
# NetworkManager dispatcher hook: tells Teleworker a VPN (or a tunnel device) came up or went down.
# Install as /etc/NetworkManager/dispatcher.d/90-teleworker (owned by root, mode 0755), and put
# teleworker-vpn-event.sh beside the other hooks in /usr/lib/teleworker/vpn-hooks/.
# NetworkManager calls it with the interface and the action: `90-teleworker tun0 vpn-up`.
hook=${TELEWORKER_HOOKS:-/usr/lib/teleworker/vpn-hooks}/teleworker-vpn-event.sh
iface=${VPN_IP_IFACE:-$1}
case "$2" in
  vpn-up) exec "$hook" up "$iface" ;;
  vpn-down) exec "$hook" down "$iface" ;;
  up|down)
    # WireGuard and tun devices managed as ordinary connections
    case "$1" in tun*|tap*|wg*|ppp*|ipsec*) exec "$hook" "$2" "$1" ;; esac ;;
esac
exit 0
