# x86-64 user mode (sourced by tests/run.sh): programs built with the host gcc, run natively
# (the host CPU is the oracle) and under trix-x86_64 with both tiers; stdout and exit status
# must match. The frontend is work in progress (docs/x86_64.md): these cover what it runs.
x86_out=build/tests/x86_64
x86_build() {       # x86_build NAME SRC [gcc flags]: once
    local n=$1 src=$2
    shift 2
    mkdir -p "$x86_out"
    if [ ! -x "$x86_out/$n" ] || [ "$src" -nt "$x86_out/$n" ]; then
        gcc -O2 -static -nostdlib -fno-stack-protector "$@" -o "$x86_out/$n" "$src" || exit 1
    fi
}
x86_vs_native() {   # x86_vs_native BIN [ARGS]: native and trix (jit, interp) agree
    local bin=$1 want got st tier
    shift
    want=$("$bin" "$@" 2>/dev/null); st=$?
    for tier in jit interp; do
        got=$(timeout 60 build/trix-x86_64 -accel tcg,tier=$tier "$bin" "$@" 2>/dev/null)
        local gst=$?
        if [ "$got" != "$want" ] || [ $gst != $st ]; then
            echo "tier=$tier: status $gst (native $st)"; echo "trix: $got"; echo "native: $want"
            exit 1
        fi
    done
}
export -f x86_build x86_vs_native
export x86_out

t x86_64/hello 60 bash -c 'x86_build hello tests/x86_64/hello.S && x86_vs_native $x86_out/hello'
t x86_64/alu-flags 120 bash -c 'x86_build alu tests/x86_64/alu.c -mgeneral-regs-only && x86_vs_native $x86_out/alu'
for x86_m in u d s i l h; do
    t x86_64/trap-$x86_m 60 bash -c 'x86_build traps tests/x86_64/traps.S && x86_vs_native $x86_out/traps "$1"' _ $x86_m
done
