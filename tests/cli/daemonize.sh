#!/bin/bash
# -daemonize -pidfile F: the launching process exits 0 once the machine is built; the daemon
# (another session, cwd /, stdio on /dev/null) is the pid in F (a relative path) and removes it
# when killed. A start-up error makes the launcher exit 1 with the daemon's message.
q=$1 d=$2
fail() { echo "FAIL: $*"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; exit 1; }
rm -f "$d/d.pid"
(cd "$d" && timeout 10 "$q" -M none -bios none -display none -serial null -daemonize \
    -pidfile d.pid </dev/null) || fail "launcher exit status $?"
pid=$(cat "$d/d.pid" 2>/dev/null) || fail "no pid file"
kill -0 "$pid" 2>/dev/null || fail "daemon $pid is not running"
[ "$(readlink /proc/$pid/cwd)" = / ] || fail "cwd $(readlink /proc/$pid/cwd)"
[ "$(readlink /proc/$pid/fd/1)" = /dev/null ] || fail "stdout $(readlink /proc/$pid/fd/1)"
sid=$(ps -o sid= -p "$pid" | tr -d ' ')
[ "$sid" != "$(ps -o sid= -p $$ | tr -d ' ')" ] || fail "daemon in our session"
kill -TERM "$pid"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "daemon still running after SIGTERM"
[ ! -e "$d/d.pid" ] || fail "pid file left behind"
pid=
out=$(timeout 10 "$q" -M virt -display none -serial null -kernel "$d/no-such" -daemonize 2>&1)
[ $? = 1 ] && [[ $out == *"could not load kernel"* ]] || fail "start-up error: '$out'"
out=$(timeout 10 "$q" -M none -bios none -nographic -daemonize 2>&1 </dev/null)
[ $? = 1 ] && [[ $out == *"-daemonize cannot be used with a stdio"* ]] || fail "stdio: '$out'"
echo "daemon $sid ran detached, pid file written and removed; errors reach the launcher"
