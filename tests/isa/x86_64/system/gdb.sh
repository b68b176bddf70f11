#!/usr/bin/env bash
# gdb-multiarch against trix-system-x86_64 running modes.bin: the i386:x86-64 target
# description, breakpoints in long mode and at CPL 3, segment and control registers.
set -u
bin=$1
command -v gdb-multiarch >/dev/null || { echo "gdb-multiarch not installed"; exit 77; }
port=$((20000 + RANDOM % 20000))
build/trix-system-x86_64 -M microvm -m 256 -bios "$bin" -nographic -no-reboot \
    -device isa-debug-exit,iobase=0xf4,iosize=4 -S -gdb tcp::$port </dev/null >/dev/null 2>&1 &
pid=$!
sleep 0.5
# lm64 and user: the entry of long mode and of the CPL 3 code (nm of the same source)
gcc -c -x assembler-with-cpp -Itests/isa/x86_64/system -o "$bin.gdb.o" tests/isa/x86_64/system/modes.S
ld -Ttext=0xffff0000 -o "$bin.gdb.elf" "$bin.gdb.o" 2>/dev/null
lm64=$(nm "$bin.gdb.elf" | awk '$3 == "lm64" { print "0x" $1 }')
user=$(nm "$bin.gdb.elf" | awk '$3 == "user" { print "0x" $1 }')
rm -f "$bin.gdb.o" "$bin.gdb.elf"
out=$(timeout 30 gdb-multiarch -batch -nx -ex "set architecture i386:x86-64" \
    -ex "target remote :$port" -ex "info registers rip cs eflags" \
    -ex "break *$lm64" -ex continue -ex "info registers cs cr0 cr3 efer" \
    -ex "break *$user" -ex continue -ex "info registers cs ss rsp" -ex detach 2>&1)
wait $pid
echo "$out"
want=("rip            0xfff0" "cs             0xf000" "cr0            0xe0010011"
      "cr3            0x10000" "efer           0x501" "cs             0x3b" "ss             0x33")
for w in "${want[@]}"; do
    grep -qF "$w" <<<"$out" || { echo "missing: $w"; exit 1; }
done
