# riscv64 ISA tests (sourced by tests/run.sh): every *.c and *.S here is cross-compiled into
# build/tests/isa/riscv64/ (rebuilt only when the source, a header here, or this file is newer)
# and run under trix-riscv64; a test passes when the program exits 0. A compile failure is a
# FAIL. A source may add compiler flags with a line containing "TEST_CFLAGS: <flags>".
isa_rv_src=tests/isa/riscv64
isa_rv_out=build/tests/isa/riscv64
isa_rv_cc=${RISCV64_CC:-riscv64-linux-gnu-gcc}
mkdir -p "$isa_rv_out"

# isa_rv_build SRC BIN LOG: compile when BIN is missing or older than any input.
isa_rv_build() {
    local src=$1 bin=$2 log=$3 dep stale=no extra
    if [ ! -x "$bin" ]; then
        stale=yes
    else
        for dep in "$src" "$isa_rv_src"/*.h "$isa_rv_src/tests.sh"; do
            [ -e "$dep" ] && [ "$dep" -nt "$bin" ] && stale=yes
        done
    fi
    [ $stale = no ] && return 0
    extra=$(sed -n 's/.*TEST_CFLAGS:[[:space:]]*//p' "$src" | head -n 1 | sed 's/[[:space:]]*\*\/.*$//')
    # shellcheck disable=SC2086
    if "$isa_rv_cc" -static -O2 -march=rv64gc_zba_zbb_zbc_zbs -I"$isa_rv_src" $extra \
        -o "$bin.tmp" "$src" -lm >"$log" 2>&1; then
        mv -f "$bin.tmp" "$bin"
    else
        rm -f "$bin.tmp" "$bin"
        return 1
    fi
}

# Compile in parallel, then register the tests in a stable order.
isa_rv_names=()
for isa_rv_f in "$isa_rv_src"/*.c "$isa_rv_src"/*.S; do
    [ -f "$isa_rv_f" ] || continue
    isa_rv_n=$(basename "$isa_rv_f")
    isa_rv_n=${isa_rv_n%.*}
    if [ -n "${TESTS:-}" ] && [[ "isa/riscv64/$isa_rv_n" != *$TESTS* ]]; then continue; fi
    isa_rv_names+=("$isa_rv_n:$isa_rv_f")
    while [ "$(jobs -rp | wc -l)" -ge "$(nproc 2>/dev/null || echo 2)" ]; do wait -n; done
    ( isa_rv_build "$isa_rv_f" "$isa_rv_out/$isa_rv_n" "$isa_rv_out/$isa_rv_n.compile.log" ||
        touch "$isa_rv_out/$isa_rv_n.compile-failed" ) &
done
wait

for isa_rv_e in "${isa_rv_names[@]}"; do
    isa_rv_n=${isa_rv_e%%:*}
    isa_rv_f=${isa_rv_e#*:}
    if [ -e "$isa_rv_out/$isa_rv_n.compile-failed" ]; then
        rm -f "$isa_rv_out/$isa_rv_n.compile-failed"
        t "isa/riscv64/$isa_rv_n" 10 sh -c 'echo "compile failed: $1"; cat "$2"; exit 1' sh \
            "$isa_rv_f" "$isa_rv_out/$isa_rv_n.compile.log"
    else
        t "isa/riscv64/$isa_rv_n" 60 "$TRIX_RISCV64" "$isa_rv_out/$isa_rv_n"
    fi
done
unset isa_rv_f isa_rv_n isa_rv_e isa_rv_names

# The generated tests' expected values are also checked against qemu-riscv64 (reference checks,
# named *-qemu; known QEMU 7.2 exceptions are handled in qemu_check.sh).
for isa_rv_f in "$isa_rv_src"/base_*.c; do
    isa_rv_n=$(basename "$isa_rv_f" .c)
    grep -q 'gen_base.py' "$isa_rv_f" || continue
    [ -x "$isa_rv_out/$isa_rv_n" ] || continue
    t "isa/riscv64/$isa_rv_n-qemu" 60 bash "$isa_rv_src/qemu_check.sh" "$isa_rv_out/$isa_rv_n"
done
unset isa_rv_f isa_rv_n
