# User-mode tests: small riscv64 C programs, cross-compiled here, run under trix-riscv64 and
# compared with qemu-riscv64 (same stdout, same exit status).
user_dir=tests/user
user_bin=$TEST_TMP/user
user_sysroot=/usr/riscv64-linux-gnu

if command -v riscv64-linux-gnu-gcc >/dev/null && command -v qemu-riscv64 >/dev/null; then
    t user/build 300 bash "$user_dir/build.sh" "$user_bin"
    uc="bash $user_dir/compare.sh"
    t user/hello-static 30 $uc -- "$user_bin/hello" a b
    t user/hello-dynamic 30 $uc -L "$user_sysroot" -- "$user_bin/hello_dyn" x
    t user/hello-ld-prefix-env 30 env QEMU_LD_PREFIX="$user_sysroot" $uc "$user_bin/hello_dyn"
    t user/argv0 30 $uc -0 other-name -- "$user_bin/hello"
    t user/env-options 30 $uc -E TRIX_X=1 -U HOME -- "$user_bin/hello"
    t user/signals 60 $uc "$user_bin/signals"
    t user/segv-longjmp 30 $uc "$user_bin/segv"
    t user/threads 120 $uc "$user_bin/threads"
    t user/threads-dynamic 120 $uc -L "$user_sysroot" -- "$user_bin/threads_dyn"
    t user/threads-signals 120 $uc "$user_bin/threads2"
    t user/thread-fork 60 $uc "$user_bin/thread_fork"
    t user/smc 60 $uc "$user_bin/smc"
    t user/syscall-restart 60 $uc "$user_bin/restart"
    t user/fork-wait 60 $uc "$user_bin/fork"
    t user/mem 60 $uc "$user_bin/mem"
    t user/files 60 $uc "$user_bin/files"
    t user/misc 60 $uc "$user_bin/misc"
    for how in exit abort segv term ill ebreak pipe; do
        t "user/exit-$how" 30 $uc "$user_bin/exitsig" "$how"
    done
    t user/execve 60 bash "$user_dir/expect.sh" 0 "$user_dir/execve.expected" "$user_bin/execve"
    # The riscv64 busybox of the guest images (../shared/guests or built by get-riscv64.sh).
    bb=${TRIX_GUEST_BUSYBOX:-$(bash tests/guests/get-riscv64.sh 2>/dev/null | tail -n 1)/busybox}
    if [ ! -x "$bb" ]; then
        t user/busybox-available 5 sh -c 'echo "no riscv64 busybox at $0"; exit 1' "$bb"
    else
        t user/busybox-pipeline 60 $uc "$bb" sh -c 'seq 1 500 | sort -rn | head -3; x=$(echo sub); echo $x'
        t user/busybox-jobs 60 $uc "$bb" sh -c 'sleep 0.1 & wait; echo $?; trap "echo trapped" INT; kill -INT $$; (exit 4); echo $?'
        t user/busybox-files 60 $uc "$bb" sh -c 'cd "$TEST_TMP" && echo hi > bb.txt && cat bb.txt && rm bb.txt && ls bb.txt 2>&1; echo $?'
    fi
    t user/strace 30 bash "$user_dir/strace.sh" "$user_bin/hello"
    # QEMU 7.2 itself crashes here (its trampoline page can be taken), so no comparison.
    t user/sigtramp-hostile 30 bash "$user_dir/expect.sh" 0 "$user_dir/sigtramp.expected" "$user_bin/sigtramp"
    t user/elf-sparse-span 20 bash "$user_dir/bigelf.sh"
    t user/emulator-fds 30 bash "$user_dir/fdguard.sh" "$user_bin/fdguard"
    t user/syscall-fuzz 120 bash "$user_dir/fuzz.sh" "$user_bin/fuzz" 1 20 200
    t user/random-code 120 bash "$user_dir/randcode.sh" "$user_bin/randcode" 1 300
fi
