# JIT tests (sourced by tests/run.sh; after tests/isa, whose programs they reuse):
#  - random IR blocks through the interpreter and the JIT, state and memory compared
#    (also with the flag and vector ops, inline SSE2 and through the helper,
#    with a tiny code buffer that forces flushes, and without lzcnt/tzcnt/popcnt);
#  - random riscv64 instruction sequences (with loops, jumps and faulting accesses) run by
#    both tiers in-process, CPU state and data memory compared (test_rv_random);
#  - the riscv64 ISA, user-mode and diff suites again with the interpreter forced
#    (-accel tcg,tier=interp), and the system-mode ISA, board and boot suites with TRIX_JIT=0
#    (their QEMU reference runs are not repeated), named interp/...: the plain suites run
#    the default tier, which is the JIT on x86-64 hosts, so every test runs under both tiers;
#  - the riscv64 ISA and user-mode suites and the aarch64 user suite with tier 2 forced
#    (-accel tcg,tier=2: every block executed twice heads a multi-block region), named
#    tier2/...;
#  - a few ISA tests with a tiny code buffer (flushes while programs run).
jit_rand=build/tests/jit/test_jit_random
jit_wrap=$TRIX_ROOT/tests/jit/trix-jit.sh
for jit_seed in 1 2 3; do
    t "jit/random-seed$jit_seed" 120 "$jit_rand" "$jit_seed" 3000
done
for jit_seed in 4 5 6; do
    t "jit/random-flags-vec-seed$jit_seed" 120 "$jit_rand" "$jit_seed" 3000 vec
done
t jit/random-vec-helper 120 env TRIX_JIT_VEC_HELPER=1 "$jit_rand" 9 2000 vec
t jit/random-vec-sse2-only 120 env TRIX_X86_BASELINE=1 "$jit_rand" 10 2000 vec
t jit/random-tiny-buffer 120 env TRIX_JIT_BUFFER=64k "$jit_rand" 7 2000
t jit/random-baseline-x86 120 env TRIX_X86_BASELINE=1 "$jit_rand" 8 2000
jit_rv=build/tests/jit/test_rv_random
t jit/rv-random-seed1 120 "$jit_rv" 1 5000
t jit/rv-random-tiny-buffer 120 env TRIX_JIT_BUFFER=64k "$jit_rv" 2 2000
t jit/rv-random-baseline-x86 120 env TRIX_X86_BASELINE=1 "$jit_rv" 3 2000

# jit_nest PREFIX WRAPPER SUITE...: source the suites again with WRAPPER as trix-riscv64,
# TRIX_JIT=0 in the environment (for trix-system-riscv64), and their test names prefixed
# with PREFIX/. Their own filters see TESTS without the prefix (TESTS=PREFIX alone selects
# all of them); QEMU reference runs (names ending in -qemu) are skipped. jit_nest_jit
# overrides the TRIX_JIT value.
jit_nest() {
    local prefix=$1 saved_tr=$TRIX_RISCV64 saved_tests=${TESTS:-} saved_t suite
    shift
    export TRIX_RISCV64=$1 TRIX_JIT_NESTED=1 TRIX_JIT=${jit_nest_jit:-0}
    shift
    saved_t=$(declare -f t)
    eval "${saved_t/t ()/jit_t_inner ()}"
    eval "t() { local n=\$1; shift; [[ \$n == *-qemu ]] || jit_t_inner \"$prefix/\$n\" \"\$@\"; }"
    case $saved_tests in
        "$prefix" | "$prefix/") TESTS= ;;
        "$prefix/"*) TESTS=${saved_tests#"$prefix"/} ;;
    esac
    for suite in "$@"; do
        . "$suite"
    done
    TESTS=$saved_tests
    eval "$saved_t"
    unset -f jit_t_inner
    export TRIX_RISCV64=$saved_tr
    unset TRIX_JIT_NESTED TRIX_JIT
}
if [ -z "${TRIX_JIT_NESTED:-}" ]; then
    jit_nest interp "$TRIX_ROOT/tests/jit/trix-interp.sh" tests/isa/riscv64/tests.sh \
        tests/user/tests.sh tests/diff/tests.sh tests/isa/riscv64/system/tests.sh \
        tests/boards/tests.sh tests/boot/tests.sh
    export TRIX_AARCH64=$TRIX_ROOT/tests/jit/trix-tier2-aarch64.sh
    jit_nest_jit=1 jit_nest tier2 "$TRIX_ROOT/tests/jit/trix-tier2.sh" \
        tests/isa/riscv64/tests.sh tests/user/tests.sh tests/aarch64/tests.sh
    unset TRIX_AARCH64
fi
unset -f jit_nest

# Tiny buffer: flushes while programs run (base_fencei also rewrites its own code).
for jit_n in base_alu base_fencei base_mem fp_arith; do
    [ -x "build/tests/isa/riscv64/$jit_n" ] || continue
    t "jit/isa-tiny-buffer/$jit_n" 60 env TRIX_JIT_BUFFER=16k "$jit_wrap" "build/tests/isa/riscv64/$jit_n"
done
unset jit_n jit_seed jit_rand jit_rv jit_wrap
