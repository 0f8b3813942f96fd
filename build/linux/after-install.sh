#!/bin/sh
# PortDoctor deb postinst / rpm %post (electron-builder `linux.afterInstall`; it fills in the two names in braces
# at build time: the app folder under /opt and the desktop app's launcher). POSIX sh, idempotent.
#   /usr/bin/portdoctor      -> /opt/<app>/resources/bin/portdoctor   the CLI (standalone binary)
#   /usr/bin/portdoctor-app  -> /opt/<app>/<launcher>                 the desktop app
# A /usr/bin name that is not ours (a file, or a link into somewhere else) is kept, and we say so.
# PORTDOCTOR_PKG_ROOT: a folder standing for / (the unit test installs into a temporary root); empty in real use.
set -e
root="$PORTDOCTOR_PKG_ROOT"
app='/opt/${sanitizedProductName}'
cli="$app/resources/bin/portdoctor"
gui="$app/${executable}"

# ours NAME: NAME is a link into the app folder (directly, or through update-alternatives as earlier builds made it).
ours() {
  [ -L "$root$1" ] || return 1
  target=$(readlink "$root$1")
  case "$target" in
    "$app"/*) return 0 ;;
    /etc/alternatives/*)
      [ -L "$root$target" ] || return 1
      case "$(readlink "$root$target")" in "$app"/*) return 0 ;; esac ;;
  esac
  return 1
}

# put_link NAME TARGET: create or refresh our link; never replace anything else.
put_link() {
  if [ -L "$root$1" ] || [ -e "$root$1" ]; then
    if ! ours "$1"; then
      echo "PortDoctor: $1 exists and is not PortDoctor's; left as it is (run $2 directly)." >&2
      return 0
    fi
    if [ "$(readlink "$root$1")" = "$2" ]; then return 0; fi
    rm -f "$root$1"
  fi
  mkdir -p "$root/usr/bin"
  ln -s "$2" "$root$1"
}

if [ -f "$root$cli" ]; then chmod 0755 "$root$cli"; fi
put_link /usr/bin/portdoctor "$cli"
put_link '/usr/bin/${executable}' "$gui"

# The rest is what electron-builder's own after-install does for an Electron app, in POSIX sh; skipped in a test root.
if [ -n "$root" ]; then exit 0; fi

# Chromium's sandbox: SUID helper only where unprivileged user namespaces do not work.
if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
  chmod 0755 "$app/chrome-sandbox" || true
else
  chmod 4755 "$app/chrome-sandbox" || true
fi
if command -v update-mime-database >/dev/null 2>&1; then update-mime-database /usr/share/mime || true; fi
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database /usr/share/applications || true; fi

# AppArmor (Ubuntu 24.04+ restricts unprivileged user namespaces to profiled programs): install the bundled
# profile when this AppArmor accepts it; outside a chroot, load it.
if apparmor_status --enabled >/dev/null 2>&1; then
  profile="$app/resources/apparmor-profile"
  if [ -f "$profile" ] && apparmor_parser --skip-kernel-load --debug "$profile" >/dev/null 2>&1; then
    cp -f "$profile" '/etc/apparmor.d/${executable}'
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && command -v apparmor_parser >/dev/null 2>&1; then
      apparmor_parser --replace --write-cache --skip-read-cache '/etc/apparmor.d/${executable}' || true
    fi
  fi
fi
exit 0
