#!/bin/sh
# Tells the running Teleworker app(s) that a VPN tunnel changed, so each re-checks its connection at
# once instead of at its next check. Every hook in this folder ends here:
#   teleworker-vpn-event.sh up|down [interface]
#
# The app listens on a socket only its user can open. A VPN client usually runs its hooks as root,
# so as root this finds each desktop user's socket ($XDG_RUNTIME_DIR/teleworker/control.sock, or
# /tmp/teleworker-<uid>/control.sock) and runs `teleworker vpn-event` AS THAT USER: no socket is
# ever opened up for root or anyone else. As an ordinary user it simply runs the command.
#
# It never fails and never holds the VPN up: the command runs in the background with a time limit,
# and this script always exits 0 (a failing `up` script would make OpenVPN drop the tunnel).
# Settings (environment): TELEWORKER_BIN (default: the installed app's command, see below),
# TELEWORKER_CONTROL_DIR / TELEWORKER_CONTROL_SOCKET (one specific app; used as given).
direction=$1
iface=$2
case "$direction" in up|down) ;; *) echo "teleworker-vpn-event: expected up or down, got '$direction'" >&2; exit 0 ;; esac

# The install's own command (resources/bin/teleworker) comes before anything on PATH: on deb/rpm
# /usr/bin/teleworker is the app itself, which would open a window instead of running the command.
# In order: the install these hooks were shipped in (<install>/resources/vpn-hooks), the deb/rpm and
# tar.gz place, the macOS app, then PATH.
here=$(cd "$(dirname "$0")" 2>/dev/null && pwd)
bin=${TELEWORKER_BIN:-}
if [ -z "$bin" ]; then
  for candidate in "$here/../bin/teleworker" /opt/Teleworker/resources/bin/teleworker \
    /Applications/Teleworker.app/Contents/Resources/bin/teleworker; do
    if [ -x "$candidate" ]; then bin=$candidate; break; fi
  done
fi
if [ -z "$bin" ]; then
  if command -v teleworker >/dev/null 2>&1; then bin=teleworker
  else echo "teleworker-vpn-event: the teleworker command is not installed (set TELEWORKER_BIN)" >&2; exit 0
  fi
fi

set -- vpn-event "$direction"
# only names a VPN client would give; anything else is left out rather than passed on
case "$iface" in ''|*[!A-Za-z0-9_.:-]*) ;; *) set -- "$@" --iface "$iface" ;; esac

run_bg() { # the command in the background, with a time limit; its output is not the VPN's business
  ( timeout 10 "$@" >/dev/null 2>&1 ) &
}

if [ -n "${TELEWORKER_CONTROL_DIR:-}${TELEWORKER_CONTROL_SOCKET:-}" ] || [ "$(id -u)" != 0 ]; then
  # shellcheck disable=SC2086 # TELEWORKER_BIN may be a command with arguments ("node /path/teleworker.mjs")
  run_bg $bin "$@"
  exit 0
fi

# root: every user whose app is listening, each as themselves, on their own socket
for sock in /run/user/*/teleworker/control.sock /tmp/teleworker-*/control.sock; do
  [ -S "$sock" ] || continue
  owner=$(stat -c %U "$sock" 2>/dev/null) || continue
  if [ "$owner" = root ]; then
    # shellcheck disable=SC2086
    run_bg $bin "$@" --socket "$sock"
  else
    # shellcheck disable=SC2086
    run_bg runuser -u "$owner" -- $bin "$@" --socket "$sock"
  fi
done
exit 0
