#!/usr/bin/env bash
# ClamAV's scanning daemon (Debian's clamav-daemon, /usr/sbin/clamd) for one instance of the platform or one test run:
#
#   infra/clamd/clamd.sh start <run-dir> <port>   clamd on 127.0.0.1:<port> (TCP only), returns once it answers PING
#   infra/clamd/clamd.sh stop  <run-dir> <port>   stops the clamd of that run directory (nothing else)
#   infra/clamd/clamd.sh status <run-dir> <port>  exit 0 when it answers PING
#
# Its own configuration (<run-dir>/clamd.conf), never the system's /etc/clamav: no local socket, no freshclam, and a
# signature database of its own in <run-dir>/db. There is no network here, so that database is one signature written
# below: the EICAR test file (the antivirus industry's harmless test string) found anywhere in a stream. A production
# deployment points DatabaseDirectory at what freshclam keeps current instead (docs/registration.md). With only this
# signature clamd is up in about a second; with the full official database it takes tens of seconds and ~1 GB.
# Run as root, clamd drops to the unprivileged user clamav (CLAMD_USER), which owns the run directory.
set -euo pipefail

usage() { echo "usage: $0 start|stop|status <run-dir> <port>" >&2; exit 2; }
[ $# -eq 3 ] || usage
action=$1 dir=$2 port=$3
[[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -gt 0 ] && [ "$port" -lt 65536 ] || { echo "clamd.sh: bad port '$port'" >&2; exit 2; }
CLAMD=${CLAMD:-/usr/sbin/clamd}
CLAMD_USER=${CLAMD_USER:-clamav}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pidfile=$dir/clamd.pid

# clamd's own commands over TCP: "zPING\0" is answered "PONG\0"
ping() {
  local reply
  reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'zPING\0' >&3 && timeout 2 head -c 4 <&3) 2>/dev/null) || return 1
  [ "$reply" = PONG ]
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

start() {
  if running && ping; then echo "clamd already answers on 127.0.0.1:$port"; return 0; fi
  [ -x "$CLAMD" ] || { echo "clamd.sh: $CLAMD not found: apt-get install clamav-daemon" >&2; exit 3; }
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "clamd.sh: port $port is taken by something else" >&2; exit 1
  fi
  mkdir -p "$dir/db" "$dir/tmp"
  # the EICAR test signature (ndb: name, any file type, any offset, the string in hex); the string itself is never
  # written to disk here, so no scanner on a developer's machine quarantines this repository
  echo "Eicar-Test-Signature:0:*:58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d5354414e444152442d414e544956495255532d544553542d46494c452124482b482a" \
    > "$dir/db/eicar.ndb"
  cat > "$dir/clamd.conf" <<EOF
# written by infra/clamd/clamd.sh; edits are lost at the next start
TCPSocket $port
TCPAddr 127.0.0.1
PidFile $pidfile
DatabaseDirectory $dir/db
TemporaryDirectory $dir/tmp
LogFile $dir/clamd.log
LogTime yes
# in the foreground of a session of its own, started below: clamd's own daemonizing forks first and sets up the
# signal its child tells it "ready" with afterwards, so a child that is ready at once (one signature) can signal a
# parent not listening yet; a parent that ignores SIGINT (a shell's background job, as in ./petitions test's lanes)
# then waits forever, and its caller with it
Foreground yes
Bytecode no
# a stream longer than this is refused by clamd ("INSTREAM size limit exceeded"): above intake's largest file
# an encrypted archive or document, or content beyond the scan limits, is reported FOUND (Heuristics.*), so intake
# keeps it INFECTED instead of serving what clamd could not look into
AlertEncrypted yes
AlertEncryptedArchive yes
AlertEncryptedDoc yes
AlertExceedsMax yes
StreamMaxLength 100M
MaxFileSize 100M
MaxScanSize 400M
MaxThreads 4
ReadTimeout 30
CommandReadTimeout 10
SelfCheck 3600
EOF
  if [ "$(id -u)" = 0 ] && id "$CLAMD_USER" >/dev/null 2>&1; then
    echo "User $CLAMD_USER" >> "$dir/clamd.conf"
    chown -R "$CLAMD_USER" "$dir"
    # the user must be able to reach its run directory through every parent
    local p=$dir
    while [ "$p" != / ]; do
      if ! su -s /bin/sh "$CLAMD_USER" -c "test -x '$p'" 2>/dev/null; then
        echo "clamd.sh: $CLAMD_USER cannot enter $p; use a run directory it can reach" >&2; exit 1
      fi
      p=$(dirname "$p")
    done
  fi
  rm -f "$pidfile"
  # its standard streams to a file: a caller reading this script's output would otherwise wait for the daemon's end
  setsid "$CLAMD" --config-file="$dir/clamd.conf" </dev/null >>"$dir/clamd.out" 2>&1 &
  local i
  for i in $(seq 1 100); do
    if ping; then echo "clamd answers on 127.0.0.1:$port (signatures: $dir/db)"; return 0; fi
    sleep 0.1
  done
  echo "clamd.sh: clamd did not answer on 127.0.0.1:$port within 10 s; its log:" >&2
  tail -n 20 "$dir/clamd.log" >&2 || true
  exit 1
}

stop() {
  if ! [ -f "$pidfile" ]; then return 0; fi
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    local i
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pidfile"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  status) ping ;;
  *) usage ;;
esac
