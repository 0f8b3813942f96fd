#!/bin/sh
# PortDoctor deb postrm / rpm %postun (electron-builder `linux.afterRemove`; the names in braces are filled in at
# build time). POSIX sh, idempotent. Removes /usr/bin/portdoctor and /usr/bin/<launcher> only when they are still
# the links after-install made; on an upgrade (deb: upgrade, failed-upgrade; rpm: $1 >= 1, the new package's %post
# has already run) nothing is removed.
# PORTDOCTOR_PKG_ROOT: a folder standing for / (the unit test); empty in real use.
set -e
root="$PORTDOCTOR_PKG_ROOT"
app='/opt/${sanitizedProductName}'

case "$1" in
  remove | purge | abort-install | 0 | '') ;;
  *) exit 0 ;;
esac

# drop_link NAME: remove NAME if it is a link into the app folder; anything else stays.
drop_link() {
  [ -L "$root$1" ] || return 0
  case "$(readlink "$root$1")" in
    "$app"/*) rm -f "$root$1" ;;
  esac
}

drop_link /usr/bin/portdoctor
drop_link '/usr/bin/${executable}'

if [ -n "$root" ]; then exit 0; fi

profile='/etc/apparmor.d/${executable}'
if [ -f "$profile" ]; then
  if apparmor_status --enabled >/dev/null 2>&1; then
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && command -v apparmor_parser >/dev/null 2>&1; then
      apparmor_parser --remove "$profile" || true
    fi
  fi
  rm -f "$profile"
fi
exit 0
