# Differential tests (sourced by tests/run.sh): each program here is cross-compiled (static;
# a few also dynamic) for each guest architecture (riscv64 into build/tests/diff/, named
# diff/NAME; aarch64 into build/tests/diff/aarch64/, named diff/aarch64/NAME) and run under
# both qemu-ARCH and trix-ARCH by compare.sh, which wants identical stdout and exit status.
# A compile failure is a FAIL.
diff_src=tests/diff

# Arguments per program (default: none).
diff_args_args='-v -n name -vc 0x10 -x -- 123 -0x7fffffffffffffff 99999999999999999999 zz 0777 12abc'
diff_args_envargv='one "two words" "" --three=3 ünïcödé'
diff_args_exitcode='exitcode'
# Programs also built as dynamic executables, run with -L /usr/riscv64-linux-gnu.
diff_dynamic="strings fpmath"
# aarch64: programs that wait for instruction groups not in main yet (none at the moment).
diff_a64_pending=""
# x86_64: programs that wait for instruction groups not in main yet (none at the moment).
diff_x86_pending=""

# diff_build SRC BIN LOG [FLAGS...]: compile when BIN is missing or older than SRC or this file.
diff_build() {
    local src=$1 bin=$2 log=$3
    shift 3
    if [ -x "$bin" ] && [ ! "$src" -nt "$bin" ] && [ ! "$diff_src/tests.sh" -nt "$bin" ]; then
        return 0
    fi
    if "$diff_cc" -O2 "$@" -o "$bin.tmp" "$src" -lm -lpthread >"$log" 2>&1; then
        mv -f "$bin.tmp" "$bin"
    else
        rm -f "$bin.tmp" "$bin"
        touch "$bin.compile-failed"
        return 1
    fi
}

for diff_arch in riscv64 aarch64 x86_64; do
if [ $diff_arch = riscv64 ]; then
    diff_out=build/tests/diff diff_pfx=diff diff_cc=${RISCV64_CC:-riscv64-linux-gnu-gcc}
elif [ $diff_arch = x86_64 ]; then
    # The host's own gcc and libraries; the dynamic builds run with the host's loader.
    diff_out=build/tests/diff/$diff_arch diff_pfx=diff/$diff_arch diff_cc=${X86_64_CC:-gcc}
else
    diff_out=build/tests/diff/$diff_arch diff_pfx=diff/$diff_arch
    diff_cc=${AARCH64_CC:-aarch64-linux-gnu-gcc}
fi
diff_triple=${diff_cc%-gcc}
[ $diff_arch = x86_64 ] && diff_triple=x86_64-linux-gnu
mkdir -p "$diff_out"
diff_list=()
for diff_f in "$diff_src"/*.c; do
    [ -f "$diff_f" ] || continue
    diff_n=$(basename "$diff_f" .c)
    [ $diff_arch = aarch64 ] && case " $diff_a64_pending " in *" $diff_n "*) continue ;; esac
    [ $diff_arch = x86_64 ] && case " $diff_x86_pending " in *" $diff_n "*) continue ;; esac
    diff_kinds=static
    case " $diff_dynamic " in *" $diff_n "*) diff_kinds="static dynamic" ;; esac
    for diff_k in $diff_kinds; do
        diff_name="$diff_pfx/$diff_n"
        [ "$diff_k" = dynamic ] && diff_name="$diff_pfx/$diff_n-dynamic"
        if [ -n "${TESTS:-}" ] && [[ "$diff_name" != *$TESTS* ]]; then continue; fi
        diff_bin=$diff_out/$diff_n
        diff_flags=-static
        [ "$diff_k" = dynamic ] && diff_bin=$diff_out/$diff_n-dynamic && diff_flags=
        diff_list+=("$diff_name:$diff_n:$diff_k:$diff_bin")
        rm -f "$diff_bin.compile-failed"
        while [ "$(jobs -rp | wc -l)" -ge "$(nproc 2>/dev/null || echo 2)" ]; do wait -n; done
        # shellcheck disable=SC2086
        diff_build "$diff_f" "$diff_bin" "$diff_bin.compile.log" $diff_flags &
    done
done
wait

for diff_e in "${diff_list[@]}"; do
    IFS=: read -r diff_name diff_n diff_k diff_bin <<<"$diff_e"
    if [ -e "$diff_bin.compile-failed" ]; then
        t "$diff_name" 10 sh -c 'echo "compile failed: $1"; cat "$2"; exit 1' sh \
            "$diff_src/$diff_n.c" "$diff_bin.compile.log"
        continue
    fi
    diff_a_var=diff_args_$diff_n
    eval "diff_a=(${!diff_a_var:-})"
    if [ "$diff_k" = dynamic ] && [ $diff_arch = x86_64 ]; then
        DIFF_ARCH=$diff_arch t "$diff_name" 180 bash "$diff_src/compare.sh" "$diff_bin" \
            "${diff_a[@]}"
    elif [ "$diff_k" = dynamic ]; then
        DIFF_ARCH=$diff_arch t "$diff_name" 180 bash "$diff_src/compare.sh" \
            -L "/usr/$diff_triple" "$diff_bin" "${diff_a[@]}"
    else
        DIFF_ARCH=$diff_arch t "$diff_name" 180 bash "$diff_src/compare.sh" "$diff_bin" \
            "${diff_a[@]}"
    fi
done
done
unset diff_arch diff_pfx diff_triple diff_f diff_n diff_k diff_kinds diff_name diff_bin diff_flags diff_list diff_e diff_a diff_a_var
