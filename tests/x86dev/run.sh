#!/usr/bin/env bash
# Run the bare-metal device test on one emulator: run.sh trix|qemu MACHINE. Exit 0 when the
# guest reports "all passed" (isa-debug-exit status 1), 77 when it cannot run here.
set -u
emu=$1 machine=$2
dir=$TEST_TMP/x86dev
elf=$dir/devtest.elf
mkdir -p "$dir"
if [ ! -f "$elf" ]; then
    bash "$(dirname "$0")/build.sh" "$elf" 2>"$dir/build.log" ||
        { cat "$dir/build.log"; echo "cannot build the test (gcc -m32)"; exit 77; }
fi
case $emu in
qemu)
    bin=$(command -v qemu-system-x86_64) || { echo "no qemu-system-x86_64"; exit 77; }
    extra=(-cpu max) ;;
trix)
    bin=$TRIX_ROOT/build/trix-system-x86_64
    [ -x "$bin" ] || { echo "no trix-system-x86_64"; exit 77; }
    "$bin" -M help 2>/dev/null | grep -q "^${machine%%,*} " ||
        { echo "trix-system-x86_64 has no -M ${machine%%,*} yet"; exit 77; }
    extra=() ;;
esac
out=$dir/$emu-$machine.out
rc=0
timeout 60 "$bin" -M "$machine" "${extra[@]}" -m 128 -kernel "$elf" -nographic -no-reboot \
    -device isa-debug-exit,iobase=0xf4,iosize=4 -serial "file:$out" -monitor none \
    </dev/null >"$dir/$emu-$machine.log" 2>&1 || rc=$?
cat "$out" 2>/dev/null
cat "$dir/$emu-$machine.log"
grep -q "^devtest: all passed" "$out" 2>/dev/null && [ $rc -eq 1 ] && exit 0
echo "exit status $rc"
exit 1
