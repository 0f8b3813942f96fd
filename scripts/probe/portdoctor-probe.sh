#!/usr/bin/env bash
# PortDoctor's client probe with nothing to install: bash, coreutils' timeout, getent, and ip (iproute2) if present.
# Prints one portdoctor.probe/1 document (the shape of `portdoctor probe --json`) for the app or `diagnose --client-report`.
# Usage: bash portdoctor-probe.sh HOST PORT [TIMEOUT_SECONDS] > probe.json
# The one-liner in the app and docs/client-probe.md is made from this file (shared/probe/one-liner.ts): it keeps
# every line but comments, joined with "; ". So no single quotes, and each line is one complete command.
export LC_ALL=C
h=$1; p=$2; t=${3:-3}
case $h in "" | *[^A-Za-z0-9.:-]*) echo "portdoctor-probe: HOST must be a host name or an IP address" >&2; exit 2 ;; esac
case $p in "" | *[^0-9]*) echo "portdoctor-probe: PORT must be a number from 1 to 65535" >&2; exit 2 ;; esac
if [ "$p" -lt 1 ] || [ "$p" -gt 65535 ]; then echo "portdoctor-probe: PORT must be a number from 1 to 65535" >&2; exit 2; fi
case $t in "" | *[^0-9.]*) echo "portdoctor-probe: TIMEOUT_SECONDS must be a number" >&2; exit 2 ;; esac
command -v timeout > /dev/null || { echo "portdoctor-probe: needs the timeout command (coreutils or busybox)" >&2; exit 2; }
ms() { local u=${EPOCHREALTIME/[.,]/}; if [ -n "$u" ]; then echo $((u / 1000)); else echo $(($(date +%s) * 1000)); fi; }
js() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf %s "$s" | tr -d "\000-\037"; }
t0=$(ms)
# Every address of the name (hosts file or DNS, as the system resolves), at most 8, each once.
if command -v getent > /dev/null; then addrs=$(getent ahosts "$h" | awk "{ if (seen[\$1]++ == 0) print \$1 }" | grep -E "^[0-9A-Fa-f:.]+$" | head -n 8); else addrs=$(printf %s "$h" | grep -E "^[0-9.]+$|:"); fi
rt=$(($(ms) - t0)); ra=""; for a in $addrs; do f=4; case $a in *:*) f=6 ;; esac; ra="$ra${ra:+,}{\"address\":\"$a\",\"family\":$f}"; done
outcome=dns-failure; cause=dns-failure; err=ENOTFOUND; remote=""; attempts=""; route=""; src=""
# One connect per address in order (the first that connects wins, else the first attempt decides), each bounded by timeout.
try1() { local a=$1 s0 e r o c; s0=$(ms); e=$(timeout "$t" bash -c "exec 3<> /dev/tcp/$a/$p" 2>&1); r=$?; o=unreachable; c=""; case $r:$e in 0:*) o=ok ;; 124:*) o=timeout; c=ETIMEDOUT ;; *refused*) o=refused; c=ECONNREFUSED ;; *"reset by peer"*) o=refused; c=ECONNRESET ;; *"No route to host"*) c=EHOSTUNREACH ;; *"Network is unreachable"*) c=ENETUNREACH ;; *"Permission denied"*) c=EACCES ;; *"not permitted"*) c=EPERM ;; *"timed out"*) o=timeout; c=ETIMEDOUT ;; *"Cannot assign requested address"*) o=source-exhausted; c=EADDRNOTAVAIL ;; *) c=$(js "${e##*: }" | cut -c1-60) ;; esac; attempts="$attempts${attempts:+,}{\"address\":\"$a\",\"outcome\":\"$o\",\"elapsedMs\":$(($(ms) - s0))${c:+,\"error\":\"$c\"}}"; if [ -z "$remote" ] || [ "$o" = ok ]; then remote=$a; outcome=$o; err=$c; fi; [ "$o" = ok ]; }
for a in $addrs; do if try1 "$a"; then break; fi; done
# The route the kernel takes to the address that decided, and the source address it uses (what the server sees).
if [ -n "$remote" ] && command -v ip > /dev/null; then rl=$(ip route get "$remote" 2>&1 | head -n 1 | sed "s/ *$//"); if ip route get "$remote" > /dev/null 2>&1; then src=$(printf %s "$rl" | sed -n "s/.* src \([0-9A-Fa-f:.]*\).*/\1/p"); route="{${src:+\"sourceAddress\":\"$src\",}\"text\":\"$(js "$rl")\"}"; else route="{\"error\":\"$(js "$rl" | cut -c1-200)\"}"; fi; fi
# What a client can prove alone: ok, a name that does not resolve, no route here, no free source port. A refused,
# silent or rejected connect has several server-side causes: `unknown` until the server's view is joined.
case $outcome:$err in ok:*) cause=ok ;; dns-failure:*) cause=dns-failure ;; source-exhausted:*) cause=source-exhausted ;; unreachable:ENETUNREACH) cause=no-route ;; *) cause=unknown ;; esac
printf "{\"schema\":\"portdoctor.probe/1\",\"target\":{\"host\":\"%s\",\"port\":%s},\"outcome\":\"%s\",\"cause\":\"%s\",\"elapsedMs\":%s,\"addresses\":[%s]" "$h" "$p" "$outcome" "$cause" "$(($(ms) - t0))" "$(printf %s "$addrs" | sed "s/.*/\"&\"/" | paste -sd, -)"
printf "%s%s%s" "${err:+,\"error\":\"$err\"}" "${src:+,\"localAddress\":\"$src\"}" "${remote:+,\"remoteAddress\":\"$remote\"}"
printf ",\"resolution\":{\"elapsedMs\":%s,\"addresses\":[%s],\"fromHostsFile\":null%s},\"attempts\":[%s]%s}\n" "$rt" "$ra" "$([ -z "$addrs" ] && printf %s ",\"error\":\"$err\"")" "$attempts" "${route:+,\"route\":$route}"
[ "$outcome" = ok ]
