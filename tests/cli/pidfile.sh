#!/bin/bash
# -pidfile FILE -name N,process=P: the file holds the pid while trix runs and is gone after it
# is killed; the process is named P.
q=$1 d=$2 f=$2/trix.pid
rm -f "$f"
"$q" -M none -bios none -display none -nodefaults -no-user-config -vga none \
    -overcommit mem-lock=off,cpu-pm=off -name guest1,process=trixcli -pidfile "$f" </dev/null &
pid=$!
for _ in $(seq 50); do [ -s "$f" ] && break; sleep 0.1; done
[ "$(cat "$f" 2>/dev/null)" = "$pid" ] || { echo "FAIL: pid file '$(cat "$f" 2>&1)' != $pid"; kill $pid; exit 1; }
comm=$(ps -o comm= -p $pid)
kill -TERM $pid; wait $pid
[ "$comm" = trixcli ] || { echo "FAIL: process name '$comm'"; exit 1; }
[ ! -e "$f" ] || { echo "FAIL: $f still exists after exit"; exit 1; }
echo "pid file written and removed; process named $comm"
