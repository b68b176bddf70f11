# Bare-metal riscv64 system tests (sourced by tests/run.sh). Every *.S here includes sys.h,
# is linked at 0x80000000 (link.ld) once per machine -- virt (-DTRIX_VIRT: result through the
# sifive_test finisher) and spike (-DTRIX_SPIKE: result through HTIF tohost) -- into
# build/tests/isa/riscv64/system/NAME-MACHINE.elf, and run with
#     trix-system-riscv64 -M MACHINE -bios none -nographic -kernel NAME-MACHINE.elf
# A test passes when the emulator exits 0. The same command line under qemu-system-riscv64 is
# registered as NAME-MACHINE-qemu, so a wrong test shows up there. A source limits its machines
# with a line "TRIX_MACHINES: virt".
sys_rv_src=tests/isa/riscv64/system
sys_rv_out=build/tests/isa/riscv64/system
sys_rv_cc=${RISCV64_CC:-riscv64-linux-gnu-gcc}
mkdir -p "$sys_rv_out"

# sys_rv_build SRC MACHINE ELF LOG: compile when ELF is missing or older than an input.
sys_rv_build() {
    local src=$1 mach=$2 elf=$3 log=$4 dep stale=no def=-DTRIX_VIRT
    [ "$mach" = spike ] && def=-DTRIX_SPIKE
    if [ ! -f "$elf" ]; then
        stale=yes
    else
        for dep in "$src" "$sys_rv_src"/*.h "$sys_rv_src/link.ld" "$sys_rv_src/tests.sh"; do
            [ "$dep" -nt "$elf" ] && stale=yes
        done
    fi
    [ $stale = no ] && return 0
    if "$sys_rv_cc" -nostdlib -nostartfiles -static -fno-pie -no-pie -march=rv64gc -mabi=lp64d \
        -mcmodel=medany -Wl,--no-relax,--build-id=none -T "$sys_rv_src/link.ld" $def \
        -I"$sys_rv_src" -o "$elf.tmp" "$src" >"$log" 2>&1; then
        mv -f "$elf.tmp" "$elf"
    else
        rm -f "$elf.tmp" "$elf"
        return 1
    fi
}

sys_rv_names=()
for sys_rv_f in "$sys_rv_src"/*.S; do
    [ -f "$sys_rv_f" ] || continue
    sys_rv_n=$(basename "$sys_rv_f" .S)
    sys_rv_m=$(sed -n 's/.*TRIX_MACHINES:[[:space:]]*//p' "$sys_rv_f" | head -n 1 | sed 's/[[:space:]]*\*\/.*$//')
    [ -n "$sys_rv_m" ] || sys_rv_m="virt spike"
    for sys_rv_mach in $sys_rv_m; do
        sys_rv_t=$sys_rv_n-$sys_rv_mach
        if [ -n "${TESTS:-}" ] && [[ "isa/riscv64/system/$sys_rv_t" != *$TESTS* ]] &&
            [[ "isa/riscv64/system/$sys_rv_t-qemu" != *$TESTS* ]]; then
            continue
        fi
        sys_rv_names+=("$sys_rv_t")
        while [ "$(jobs -rp | wc -l)" -ge "$(nproc 2>/dev/null || echo 2)" ]; do wait -n; done
        ( sys_rv_build "$sys_rv_f" "$sys_rv_mach" "$sys_rv_out/$sys_rv_t.elf" \
            "$sys_rv_out/$sys_rv_t.compile.log" || touch "$sys_rv_out/$sys_rv_t.compile-failed" ) &
    done
done
wait

for sys_rv_t in "${sys_rv_names[@]}"; do
    sys_rv_mach=${sys_rv_t##*-}
    if [ -e "$sys_rv_out/$sys_rv_t.compile-failed" ]; then
        rm -f "$sys_rv_out/$sys_rv_t.compile-failed"
        t "isa/riscv64/system/$sys_rv_t" 5 sh -c 'cat "$0"; exit 1' "$sys_rv_out/$sys_rv_t.compile.log"
        continue
    fi
    sys_rv_args=(-M "$sys_rv_mach" -bios none -nographic -kernel "$sys_rv_out/$sys_rv_t.elf")
    t "isa/riscv64/system/$sys_rv_t" 30 sh -c '"$@" </dev/null' sh \
        "$TRIX_ROOT/build/trix-system-riscv64" "${sys_rv_args[@]}"
    t "isa/riscv64/system/$sys_rv_t-qemu" 30 sh -c '"$@" </dev/null' sh \
        qemu-system-riscv64 "${sys_rv_args[@]}"
done
