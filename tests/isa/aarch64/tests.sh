# arm64 ISA tests (sourced by tests/run.sh): every *.c and *.S here is cross-compiled with
# aarch64-linux-gnu-gcc into build/tests/isa/aarch64/ and run under trix-aarch64 (both tiers)
# and, as *-qemu reference checks, under qemu-aarch64. A program passes when it exits 0.
# The C tests are freestanding (a64_rt.h: no libc), so they check the integer ISA alone;
# libc_*.c are static glibc programs (libc_crypto: the crypto intrinsics and HWCAP probing).
# fp_*.c (a64fp) carry their own _start and check scalar FP results and FPSR.
isa_a64_src=tests/isa/aarch64
isa_a64_out=build/tests/isa/aarch64
isa_a64_cc=${AARCH64_CC:-aarch64-linux-gnu-gcc}
mkdir -p "$isa_a64_out"

# isa_a64_build SRC BIN: compile when BIN is missing or older than any input.
isa_a64_build() {
    local src=$1 bin=$2 dep
    if [ -x "$bin" ]; then
        local stale=no
        for dep in "$src" "$isa_a64_src"/*.h "$isa_a64_src/tests.sh"; do
            [ -e "$dep" ] && [ "$dep" -nt "$bin" ] && stale=yes
        done
        [ $stale = no ] && return 0
    fi
    command -v "$isa_a64_cc" >/dev/null || { echo "$isa_a64_cc not installed"; return 77; }
    case $src in        # libc_*.c: static glibc programs (ACLE intrinsics, getauxval)
    */libc_*.c) "$isa_a64_cc" -static -O1 -march=armv8-a+crc+crypto -o "$bin" "$src";;
    *) "$isa_a64_cc" -static -nostdlib -ffreestanding -fno-builtin -O1 -march=armv8.3-a+crc \
        -I"$isa_a64_src" -o "$bin" "$src" -lgcc;;
    esac
}

# isa_a64_run SRC BIN RUNNER...: build, then run.
isa_a64_run() {
    local src=$1 bin=$2 rc=0
    shift 2
    isa_a64_build "$src" "$bin" || { rc=$?; [ $rc -eq 77 ] && exit 77; echo "compile failed"; exit 1; }
    "$@" "$bin"
}
export -f isa_a64_build isa_a64_run 2>/dev/null
export isa_a64_src isa_a64_cc

for isa_a64_f in "$isa_a64_src"/*.c "$isa_a64_src"/*.S; do
    [ -f "$isa_a64_f" ] || continue
    isa_a64_n=$(basename "$isa_a64_f")
    isa_a64_n=${isa_a64_n%.*}
    isa_a64_b=$isa_a64_out/$isa_a64_n
    t "isa/aarch64/$isa_a64_n" 60 bash -c 'isa_a64_run "$@"' _ "$isa_a64_f" "$isa_a64_b" \
        "$TRIX" aarch64
    t "isa/aarch64/$isa_a64_n-interp" 60 bash -c 'isa_a64_run "$@"' _ "$isa_a64_f" "$isa_a64_b" \
        "$TRIX" aarch64 -accel tcg,tier=interp
    if command -v qemu-aarch64 >/dev/null; then
        t "isa/aarch64/$isa_a64_n-qemu" 60 bash -c 'isa_a64_run "$@"' _ "$isa_a64_f" \
            "$isa_a64_b" qemu-aarch64 -cpu max
        # Same output as qemu-aarch64: every table line (operands, result, NZCV).
        t "isa/aarch64/$isa_a64_n-diff" 60 bash -c \
            'isa_a64_build "$1" "$2" && cmp <("$3" aarch64 "$2") <(qemu-aarch64 -cpu max "$2")' \
            _ "$isa_a64_f" "$isa_a64_b" "$TRIX"
    fi
done
unset isa_a64_f isa_a64_n isa_a64_b

# Random A64 integer sequences vs qemu-aarch64, registers and NZCV after each (random/gen.py);
# fixed seeds here, longer runs by hand: bash tests/isa/aarch64/random/run.sh SEED 2000 16.
t isa/aarch64/random-seq 120 bash tests/isa/aarch64/random/run.sh 1 300 16
t isa/aarch64/random-seq-interp 120 bash tests/isa/aarch64/random/run.sh 2 300 16 \
    -accel tcg,tier=interp
# Random AdvSIMD integer sequences (random/gen_simd.py): V0..V31 and FPSR (QC) after each.
t isa/aarch64/random-simd-int 120 env A64_RAND_GEN=gen_simd.py \
    bash tests/isa/aarch64/random/run.sh 3 300 16
t isa/aarch64/random-simd-int-interp 120 env A64_RAND_GEN=gen_simd.py \
    bash tests/isa/aarch64/random/run.sh 4 300 16 -accel tcg,tier=interp
# Raw random encodings of every a64_simd_int.decode pattern, reserved ones included: the same
# UNDEF verdicts as qemu-aarch64 -cpu cortex-a72 and the same state after each.
t isa/aarch64/random-simd-enc 120 bash tests/isa/aarch64/random/enc_run.sh 1 2000
t isa/aarch64/random-simd-enc-interp 120 bash tests/isa/aarch64/random/enc_run.sh 2 2000 \
    -accel tcg,tier=interp
# The same with AdvSIMD permutes, TBL/TBX, moves, crypto and structure loads/stores mixed in,
# V0..V31 compared too: A64_RAND_MODE=simd bash tests/isa/aarch64/random/run.sh SEED N LEN.
t isa/aarch64/random-simd 120 env A64_RAND_MODE=simd bash tests/isa/aarch64/random/run.sh 3 300 16
t isa/aarch64/random-simd-interp 120 env A64_RAND_MODE=simd \
    bash tests/isa/aarch64/random/run.sh 4 300 16 -accel tcg,tier=interp
# The same with scalar and AdvSIMD FP sequences under a random FPCR: V0..V31 and FPSR too.
t isa/aarch64/random-fp 120 env A64RAND_FP=1 bash tests/isa/aarch64/random/run.sh 3 300 16
t isa/aarch64/random-fp-interp 120 env A64RAND_FP=1 bash tests/isa/aarch64/random/run.sh 4 300 16 \
    -accel tcg,tier=interp
