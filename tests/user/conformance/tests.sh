# Syscall conformance corpus (sourced by tests/run.sh): every *.c here built for the host (the
# oracle: the host kernel's answers) and for each guest in guests.txt; each program's transcript
# under trix must equal the native one, under the JIT and under the interpreter tier.
conf_dir=tests/user/conformance
conf_out=$TEST_TMP/conformance
t user/conformance/build 300 bash "$conf_dir/build.sh" "$conf_out"
while read -r conf_guest conf_cc conf_emu; do
    case $conf_guest in ''|'#'*) continue ;; esac
    command -v "$conf_cc" >/dev/null || continue      # the build test says SKIP
    for conf_src in "$conf_dir"/*.c; do
        conf_n=$(basename "$conf_src" .c)
        t "user/conformance/$conf_guest/$conf_n" 120 bash "$conf_dir/run.sh" "$conf_out" "$conf_guest" "$conf_n"
        t "user/conformance/$conf_guest/$conf_n-interp" 180 bash "$conf_dir/run.sh" "$conf_out" \
            "$conf_guest" "$conf_n" -accel tcg,tier=interp
    done
done <"$conf_dir/guests.txt"
unset conf_guest conf_cc conf_emu conf_src conf_n
