#!/usr/bin/env bash
# `make demo` (riscv64) / `make demo-arm64`: install what is missing, build, run programs of
# that architecture under trix-riscv64 / trix-aarch64, then boot its Linux to an interactive
# busybox shell under trix-system-riscv64 / trix-system-aarch64 (scripts/boot-linux.sh).
#   scripts/demo.sh [riscv64|arm64]
set -euo pipefail
cd "$(dirname "$0")/.."
arch=${1:-riscv64}
case $arch in
riscv64) cc=riscv64-linux-gnu-gcc user=build/trix-riscv64 sysroot=/usr/riscv64-linux-gnu ;;
arm64 | aarch64) arch=arm64 cc=aarch64-linux-gnu-gcc user=build/trix-aarch64 sysroot=/usr/aarch64-linux-gnu ;;
*) echo "demo: unknown architecture $arch (riscv64 or arm64)" >&2; exit 2 ;;
esac
scripts/install-deps.sh
make -j"$(nproc)" all
out=build/demo/$arch
mkdir -p "$out"
$cc -static -O2 -o "$out/hello" tests/demo/hello.c
echo "== $user $out/hello one two"
$user "$out/hello" one two
$cc -O2 -o "$out/hello-dyn" tests/demo/hello.c
echo "== $user -L $sysroot $out/hello-dyn"
$user -L $sysroot "$out/hello-dyn"
echo "== $arch Linux under build/trix-system-${user#build/trix-} (type 'poweroff' or Ctrl-A x to leave)"
if [ -t 0 ]; then
    exec scripts/boot-linux.sh --arch $arch
else
    # Not a terminal (CI, a pipe): boot, run a command in the guest, power off.
    exec scripts/boot-linux.sh --arch $arch --cmd 'uname -a; cat /proc/cpuinfo | head -4'
fi
