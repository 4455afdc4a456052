#!/bin/sh
# usage: scripts/with-keyring.sh CMD [ARGS...]
# Runs CMD on a private D-Bus session bus with its own unlocked gnome-keyring Secret Service, so that tests use a real
# OS keychain without touching the developer's own. Needs Debian's dbus, gnome-keyring and libsecret-tools.
set -eu
for tool in dbus-run-session gnome-keyring-daemon dbus-send; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "with-keyring: '$tool' is missing; install: sudo apt-get install -y dbus gnome-keyring libsecret-tools" >&2
    exit 97
  }
done
# A home of its own for the keyring, removed at the end unless the caller named one (KEYRING_HOME).
if [ -n "${KEYRING_HOME:-}" ]; then
  HOME="$KEYRING_HOME"
else
  HOME="$(mktemp -d)"
  own_home="$HOME"
  trap 'rm -rf "$own_home"' EXIT
  trap 'exit 130' INT TERM
fi
export HOME; mkdir -p "$HOME"
unset DISPLAY # with a display, a locked keyring would open a prompt and clients would hang
status=0
dbus-run-session -- sh -c '
  printf %s "${KEYRING_PW:-vantage-tests}" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  daemon=$!
  tries=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
      string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
    tries=$((tries + 1)); [ $tries -gt 50 ] && { echo "with-keyring: the Secret Service did not start" >&2; kill $daemon; exit 97; }
    sleep 0.1
  done
  "$@"; status=$?
  kill $daemon 2>/dev/null; wait $daemon 2>/dev/null
  exit $status' sh "$@" || status=$?
exit "$status"
