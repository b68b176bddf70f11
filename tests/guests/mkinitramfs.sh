#!/usr/bin/env bash
# mkinitramfs.sh [--add FILE[:PATH]]... BUSYBOX OUTPUT.cpio.gz
#
# Packs a static busybox and an /init script into a gzip-compressed newc cpio archive
# (owner root, timestamps zero, so the output is reproducible). --add copies FILE into the
# archive at PATH (relative to /; default bin/ and FILE's name), mode kept, e.g. a static
# benchmark program (tests/bench/run.sh). No root needed: /dev/console
# comes from the kernel's built-in initramfs and /init mounts devtmpfs.
#
# What /init does at boot:
#   - mounts /proc, /sys, /dev (devtmpfs), /tmp (tmpfs); `busybox --install -s`;
#   - prints the line `Trix ARCH guest ready` (ARCH from uname -m: riscv64, aarch64);
#   - if the kernel command line has `trix.cmd=CMD`: runs CMD with `sh -c`, prints
#     `trix.cmd exit status N` and powers off (`poweroff -f`);
#   - otherwise starts an interactive shell with job control on the console (`setsid cttyhack
#     sh`); `poweroff`, `halt` or `reboot` typed there, or leaving the shell, powers off
#     (reboot: reboots).
#
# Encoding of trix.cmd (the kernel splits its command line at spaces): CMD is
# form-URL-encoded: `+` stands for a space and `%XX` for the byte with hex code XX. Write
# `%2B` for a literal `+`, `%25` for `%`, `%20` also works for a space, `%3B` for `;`, `%7C` for
# `|`, `%22` for `"`, `%5C` for a backslash (a raw backslash is not allowed). Example:
#   -append "console=ttyS0 trix.cmd=seq+1+3+%7C+sort+-rn"
# tests/boot/urlencode.py (or `python3 -c 'import urllib.parse,sys;
# print(urllib.parse.quote_plus(sys.argv[1]))' 'CMD'`) produces it.
set -euo pipefail

extra=()
while [ $# -gt 0 ]; do
    case $1 in
    --add) [ $# -ge 2 ] || { echo "mkinitramfs: --add needs FILE[:PATH]" >&2; exit 2; }
        extra+=("$2"); shift 2 ;;
    *) break ;;
    esac
done
if [ $# -ne 2 ]; then
    echo "usage: $0 [--add FILE[:PATH]]... BUSYBOX OUTPUT.cpio.gz" >&2
    exit 2
fi
busybox=$1
out=$2
[ -f "$busybox" ] || { echo "mkinitramfs: $busybox not found" >&2; exit 1; }

stage=$(mktemp -d "${TMPDIR:-/tmp}/trix-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,root,etc}
cp "$busybox" "$stage/bin/busybox"
chmod 755 "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"

cat >"$stage/init" <<'EOF'
#!/bin/busybox sh
# Trix guest init (tests/guests/mkinitramfs.sh).
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root TERM=${TERM:-vt100}
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
[ -c /dev/console ] && exec 0<>/dev/console 1>&0 2>&0
hostname trix
cd /root

# poweroff/halt/reboot (without -f) signal PID 1: USR2, USR1, TERM.
trap 'sync; poweroff -f' USR1 USR2
trap 'sync; reboot -f' TERM

echo "Trix $(uname -m) guest ready"

cmd=
set -f
for w in $(cat /proc/cmdline); do
    case $w in trix.cmd=*) cmd=${w#trix.cmd=} ;; esac
done
set +f

if [ -n "$cmd" ]; then
    # form-URL decoding: + -> space, %XX -> byte (through printf %b and \xXX).
    cmd=$(printf '%s' "$cmd" | sed -e 's/+/ /g' -e 's/%\([0-9A-Fa-f][0-9A-Fa-f]\)/\\x\1/g')
    cmd=$(printf '%b' "$cmd")
    sh -c "$cmd"
    status=$?
    echo "trix.cmd exit status $status"
    sync
    poweroff -f
fi

# Interactive: the shell runs in the background so that this shell can take the signals
# from poweroff/halt/reboot (`wait` is interrupted by a trapped signal).
setsid cttyhack sh -l </dev/console >/dev/console 2>&1 &
wait $!
sync
poweroff -f
EOF
chmod 755 "$stage/init"

cat >"$stage/etc/profile" <<'EOF'
export PS1='trix:\w# '
EOF

for e in ${extra[@]+"${extra[@]}"}; do
    src=${e%%:*}
    dest=bin/$(basename "$src")
    [ "$e" != "$src" ] && dest=${e#*:}
    dest=${dest#/}
    [ -f "$src" ] || { echo "mkinitramfs: --add: $src not found" >&2; exit 1; }
    mkdir -p "$(dirname "$stage/$dest")"
    cp -p "$src" "$stage/$dest"
done

# Reproducible archive: fixed timestamps and owner.
find "$stage" -exec touch -h -d @0 {} +
mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
    cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -9 -n >"$out.tmp"
mv -f "$out.tmp" "$out"
echo "mkinitramfs: wrote $out ($(stat -c %s "$out") bytes)" >&2
