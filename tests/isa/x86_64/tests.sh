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

t x86_64/hello 60 bash -c 'x86_build hello tests/isa/x86_64/hello.S && x86_vs_native $x86_out/hello'
t x86_64/alu-flags 120 bash -c 'x86_build alu tests/isa/x86_64/alu.c -mgeneral-regs-only && x86_vs_native $x86_out/alu'
for x86_m in u d s i l h o; do
    t x86_64/trap-$x86_m 60 bash -c 'x86_build traps tests/isa/x86_64/traps.S && x86_vs_native $x86_out/traps "$1"' _ $x86_m
done

# The host's own dynamic programs (glibc, ld.so, coreutils, dash) as guests: same output as
# running them natively. (Programs that need x87 or SSE floating point are left out until
# those groups land.)
x86_host() {        # x86_host CMD...: native vs trix (both tiers), stdin from /etc/services
    local want got tier
    want=$("$@" < /etc/services 2>&1); local st=$?
    for tier in jit interp; do
        got=$(timeout 60 build/trix-x86_64 -accel tcg,tier=$tier "$@" < /etc/services 2>&1)
        local gst=$?
        [ "$got" = "$want" ] && [ $gst = $st ] || { echo "tier=$tier status $gst (native $st)";
            diff <(echo "$want") <(echo "$got") | head; exit 1; }
    done
}
export -f x86_host
t x86_64/host-echo 60 bash -c 'x86_host /bin/echo hello world'
t x86_64/host-ls 60 bash -c 'x86_host /bin/ls -la /usr/share/doc/bash'
t x86_64/host-sha256sum 60 bash -c 'x86_host /usr/bin/sha256sum'
t x86_64/host-wc 60 bash -c 'x86_host /usr/bin/wc'
t x86_64/host-dash 60 bash -c 'x86_host /bin/sh -c "x=0; for i in 1 2 3 4 5; do x=\$((x+i)); done; echo \$x; echo a b | (read p q; echo \$q)"'
# Many forks whose parent goes on translating at once: the child's copy of the JIT buffer
# must be the one the parent had at fork time, not one it is still writing to.
t x86_64/host-dash-forks 120 bash -c 'x86_host /bin/sh -c "for i in \$(seq 1 150); do (case \$i in *0) echo \$i;; esac) & done | sort -n"'
t x86_64/select 60 bash -c 'mkdir -p $x86_out && gcc -O1 -o $x86_out/select tests/isa/x86_64/select.c && x86_host $x86_out/select'
t x86_64/host-false 60 bash -c 'x86_host /bin/false'

# SSE/SSE2 instructions one by one (register forms, MXCSR flags), glibc's string functions
# (SSE2 variants under trix), gcc -O3 vector loops, and CPython.
t x86_64/sse 120 bash -c 'x86_build sse tests/isa/x86_64/sse.c -O1 -msse2 && x86_vs_native $x86_out/sse'
# The same through the portable softfloat path that non-x86 hosts use.
t x86_64/sse-softfp 120 bash -c 'x86_build sse tests/isa/x86_64/sse.c -O1 -msse2 && TRIX_X86_SOFTFP=1 x86_vs_native $x86_out/sse'
# SSE3/SSSE3/SSE4.1/SSE4.2 and BMI1/BMI2/ADX/MOVBE one by one (register and memory forms,
# every PCMPxSTRx mode, PCLMULQDQ, MXCSR modes, flags): only where the host CPU has them to compare with.
x86_host_has() {    # x86_host_has FLAG...: every /proc/cpuinfo flag present
    local f; for f; do grep -qw "$f" /proc/cpuinfo || return 1; done
}
export -f x86_host_has
t x86_64/sse4 120 bash -c 'x86_host_has pni pclmulqdq ssse3 sse4_1 sse4_2 || exit 77; x86_build sse4 tests/isa/x86_64/sse4.c -O1 -msse4.2 && x86_vs_native $x86_out/sse4'
t x86_64/sse4-vex 60 bash -c 'x86_host_has avx pclmulqdq sse4_2 || exit 77; x86_build sse4vex tests/isa/x86_64/sse4vex.c -O1 && x86_vs_native $x86_out/sse4vex'
# MMX (and the SSE/SSSE3 forms on MM registers) with its x87 side effects.
t x86_64/mmx 60 bash -c 'x86_host_has mmx ssse3 || exit 77; x86_build mmx tests/isa/x86_64/mmx.c -O1 -mssse3 && x86_vs_native $x86_out/mmx'
# XSAVE family (images, XRSTOR's loads and initializations); the signal frame below.
t x86_64/xsave 60 bash -c 'x86_host_has xsave xsaveopt xsavec avx || exit 77; x86_build xsave tests/isa/x86_64/xsave.c -O1 -mavx && x86_vs_native $x86_out/xsave'
# AVX/AVX2/FMA3/F16C on YMM registers (VEX.256 and VEX.128 forms, gathers, MXCSR modes).
t x86_64/avx2 120 bash -c 'x86_host_has avx avx2 fma f16c || exit 77; x86_build avx2 tests/isa/x86_64/avx2.c -O1 -mavx2 -mfma -mf16c && x86_vs_native $x86_out/avx2'
# Random AVX/AVX2/FMA/F16C blocks (aliased registers, memory operands, MXCSR modes) from a
# fixed seed; other seeds by hand: AVX_SEED=n AVX_BLOCKS=n TESTS=x86_64/avx-random ...
t x86_64/avx-random 120 bash -c 'x86_host_has avx avx2 fma f16c || exit 77; mkdir -p $x86_out && python3 tests/isa/x86_64/avx_random.py ${AVX_SEED:-1} ${AVX_BLOCKS:-400} > $x86_out/avx_random.c && gcc -O1 -static -nostdlib -fno-stack-protector -mavx2 -mfma -mf16c -Itests/isa/x86_64 -o $x86_out/avx_random $x86_out/avx_random.c && x86_vs_native $x86_out/avx_random'
t x86_64/bmi 120 bash -c 'x86_host_has bmi1 bmi2 adx movbe || exit 77; x86_build bmi tests/isa/x86_64/bmi.c -O1 -mbmi -mbmi2 -madx -mmovbe && x86_vs_native $x86_out/bmi'
x86_build_libc() {  # x86_build_libc NAME SRC [flags]: a dynamic glibc program
    local n=$1 src=$2; shift 2; mkdir -p "$x86_out"
    [ -x "$x86_out/$n" ] && [ "$x86_out/$n" -nt "$src" ] || gcc -O2 "$@" -o "$x86_out/$n" "$src" || exit 1
}
export -f x86_build_libc
t x86_64/glibc-strings 120 bash -c 'x86_build_libc strings tests/isa/x86_64/strings.c && x86_vs_native $x86_out/strings'
# The XSAVE-format signal frame (magic words, handler's init state, sigreturn's restore).
t x86_64/xsave-signal 60 bash -c 'x86_host_has avx2 || exit 77; x86_build_libc xsave_sig tests/isa/x86_64/xsave_sig.c -O1 -mavx2 && x86_vs_native $x86_out/xsave_sig'
# RDFSBASE & co.: self-checking (the host CPU here may lack FSGSBASE: then only trix runs it);
# natively too when the host has it. Exit 0 under both tiers.
x86_fsgsbase() {
    local tier
    if x86_host_has fsgsbase; then "$x86_out/fsgsbase" || exit 1; fi
    for tier in jit interp; do
        timeout 60 build/trix-x86_64 -accel tcg,tier=$tier "$x86_out/fsgsbase" || { echo "tier=$tier failed"; exit 1; }
    done
}
export -f x86_fsgsbase
t x86_64/fsgsbase 60 bash -c 'x86_build_libc fsgsbase tests/isa/x86_64/fsgsbase.c -O1 -mfsgsbase && x86_fsgsbase'
t x86_64/autovec 120 bash -c 'x86_build_libc autovec tests/isa/x86_64/autovec.c -O3 && x86_vs_native $x86_out/autovec'
t x86_64/fastpath 120 bash -c 'x86_build_libc fastpath tests/isa/x86_64/fastpath.c -O1 && x86_vs_native $x86_out/fastpath'
t x86_64/host-python3 180 bash -c 'command -v python3 >/dev/null || exit 77; x86_host /usr/bin/python3 -c "import json, re; print(sum(i*i for i in range(10000)), 2**100, 10/3, json.dumps({\"a\": [1.5, None]}), re.sub(\"b+\", \"X\", \"abbbc\"))"'

# Debian's static amd64 busybox (../shared/guests/x86_64/busybox) applets, native vs trix.
x86_bb=$TRIX_ROOT/../shared/guests/x86_64/busybox
export x86_bb
x86_bbrun() { [ -x "$x86_bb" ] || { echo "no $x86_bb"; exit 77; }; x86_host "$x86_bb" "$@"; }
export -f x86_bbrun
t x86_64/busybox-sh 60 bash -c 'x86_bbrun sh -c "x=3; while [ \$x -gt 0 ]; do echo \$x; x=\$((x-1)); done | wc -l"'
t x86_64/busybox-awk 60 bash -c 'x86_bbrun awk "BEGIN { s = 0; for (i = 1; i <= 100; i++) s += i / 3; printf \"%.6f %d\n\", s, 7 * 6 }"'
t x86_64/busybox-sort 60 bash -c 'x86_bbrun sort -k2'
t x86_64/busybox-md5sum 60 bash -c 'x86_bbrun md5sum'
t x86_64/busybox-sed 60 bash -c 'x86_bbrun sed -n "s/tcp/TCP/p"'
# x87: every implemented instruction form vs the host CPU (status/control/tag words, registers,
# memory, RFLAGS; all rounding modes and precisions; empty and full stacks), and glibc's long
# double code (printf %Lg, strtold, libm) under trix vs native.
t x86_64/x87 120 bash -c 'x86_build x87 tests/isa/x86_64/x87.c && x86_vs_native $x86_out/x87'
t x86_64/x87-transc 60 bash -c 'x86_build x87_transc tests/isa/x86_64/x87_transc.c && x86_vs_native $x86_out/x87_transc'
t x86_64/x87-glibc 120 bash -c 'mkdir -p $x86_out && gcc -O2 -o $x86_out/x87_glibc tests/isa/x86_64/x87_glibc.c -lm && x86_vs_native $x86_out/x87_glibc'
