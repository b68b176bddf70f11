#!/bin/bash
# The probes kvm-unit-tests' scripts (scripts/arch-run.bash, riscv/run) make before they trust a
# QEMU binary, run against trix-system-riscv64: each must answer as they expect.
q=$1
fail() { echo "FAIL: $*"; exit 1; }
# search_qemu_binary: "--help" must mention QEMU.
"$q" --help 2>/dev/null | grep -q QEMU || fail "--help does not mention QEMU"
# The board check: -machine '?' lists "RISC-V VirtIO board".
"$q" -machine '?' | grep -q 'RISC-V VirtIO board' || fail "-machine ? lacks the virt board"
# The version line: first line of -h, "... version X.Y.Z".
line=$("$q" -h | head -1)
[[ "$line" =~ version\ ([0-9]+)\.([0-9]+)\.([0-9]+) ]] || fail "-h | head -1: '$line'"
"$q" -version | grep -Eq 'version [0-9]+\.[0-9]+' || fail "-version has no version line"
# premature_failure: a run naming a missing kernel must say "could not load kernel" with its name.
log=$("$q" -nodefaults -machine virt -accel tcg -cpu max -display none -serial stdio \
      -kernel _NO_FILE_4Uhere_ -smp 1 -append x </dev/null 2>&1)
echo "$log" | grep "_NO_FILE_4Uhere_" | grep -q -e "[Cc]ould not \(load\|open\) kernel" ||
    fail "missing kernel: '$log'"
# Optional device probes ("-device '?' | grep -q pci-testdev") must list, not fail.
"$q" -machine virt -device '?' >/dev/null || fail "-device ? failed"
echo "all kvm-unit-tests probes answered"
