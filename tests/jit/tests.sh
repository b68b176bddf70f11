# JIT tests (sourced by tests/run.sh; after tests/isa, whose programs they reuse):
#  - random IR blocks through the interpreter and the JIT, state and memory compared
#    (also with a tiny code buffer that forces flushes, and without lzcnt/tzcnt/popcnt);
#  - the riscv64 ISA tests, the user-mode tests and the diff corpus under -accel tcg,tier=jit.
jit_rand=build/tests/jit/test_jit_random
jit_wrap=$TRIX_ROOT/tests/jit/trix-jit.sh
for jit_seed in 1 2 3; do
    t "jit/random-seed$jit_seed" 120 "$jit_rand" "$jit_seed" 3000
done
t jit/random-tiny-buffer 120 env TRIX_JIT_BUFFER=64k "$jit_rand" 7 2000
t jit/random-baseline-x86 120 env TRIX_X86_BASELINE=1 "$jit_rand" 8 2000

for jit_f in build/tests/isa/riscv64/*; do
    case $jit_f in *.log|*.tmp|*-failed) continue ;; esac
    [ -f "$jit_f" ] && [ -x "$jit_f" ] || continue
    jit_n=$(basename "$jit_f")
    t "jit/isa/$jit_n" 60 "$jit_wrap" "$jit_f"
done
# Tiny buffer: flushes while programs run (base_fencei also rewrites its own code).
for jit_n in base_alu base_fencei base_mem fp_arith; do
    [ -x "build/tests/isa/riscv64/$jit_n" ] || continue
    t "jit/isa-tiny-buffer/$jit_n" 60 env TRIX_JIT_BUFFER=16k "$jit_wrap" "build/tests/isa/riscv64/$jit_n"
done

# The user-mode and diff suites again, with the JIT wrapper as trix-riscv64.
if [ -z "${TRIX_JIT_NESTED:-}" ]; then
    jit_saved=$TRIX_RISCV64
    export TRIX_RISCV64=$jit_wrap TRIX_JIT_NESTED=1
    jit_t_orig=$(declare -f t)
    eval "${jit_t_orig/t ()/jit_t_inner ()}"
    t() { local n=$1; shift; jit_t_inner "jit/$n" "$@"; }
    jit_tests_saved=${TESTS:-}
    TESTS=${jit_tests_saved#jit/}       # their own filters see names without the prefix
    . tests/user/tests.sh
    . tests/diff/tests.sh
    TESTS=$jit_tests_saved
    eval "$jit_t_orig"
    export TRIX_RISCV64=$jit_saved
    unset TRIX_JIT_NESTED jit_saved jit_t_orig jit_tests_saved
fi
unset jit_f jit_n jit_seed jit_rand jit_wrap
