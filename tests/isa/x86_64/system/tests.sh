# Bare-metal x86-64 system tests (sourced by tests/run.sh). Every *.S here is a 64 KiB -bios
# image (bios.ld: it ends at 4 GiB, the reset vector at offset 0xfff0) built with the host
# gcc/ld into build/tests/isa/x86_64/system/NAME.bin and run with
#     trix-system-x86_64 -M microvm -bios NAME.bin -nographic -no-reboot \
#         -device isa-debug-exit,iobase=0xf4,iosize=4
# under both tiers. A test passes when trix exits with the expected status (1: the program
# wrote 0 to isa-debug-exit; a line "EXPECT_STATUS: N" changes it) and COM1 printed
# "ALL OK". The same command line under qemu-system-x86_64 is NAME-qemu.
sys_x86_src=tests/isa/x86_64/system
sys_x86_out=build/tests/isa/x86_64/system
mkdir -p "$sys_x86_out"

sys_x86_build() {       # sys_x86_build SRC BIN: when BIN is missing or older than an input
    local src=$1 bin=$2 dep stale=no
    [ -f "$bin" ] || stale=yes
    for dep in "$src" "$sys_x86_src"/*.h "$sys_x86_src/bios.ld"; do
        [ "$dep" -nt "$bin" ] && stale=yes
    done
    [ $stale = no ] && return 0
    gcc -c -x assembler-with-cpp -I"$sys_x86_src" -o "$bin.o" "$src" &&
        ld -T "$sys_x86_src/bios.ld" -o "$bin" "$bin.o" && rm -f "$bin.o"
}

# sys_x86_run EMULATOR SRC BIN [ARGS]: run, check the status and the output
sys_x86_run() {
    local emu=$1 src=$2 bin=$3 want out st
    shift 3
    if [ "$emu" = qemu ]; then
        command -v qemu-system-x86_64 >/dev/null || { echo "qemu-system-x86_64 not installed"; exit 77; }
        emu=qemu-system-x86_64
    else
        emu=build/trix-system-x86_64
    fi
    sys_x86_build "$src" "$bin" || exit 1
    want=$(sed -n 's/.*EXPECT_STATUS:[[:space:]]*\([0-9]*\).*/\1/p' "$src" | head -n 1)
    out=$(timeout 20 "$emu" -M microvm -m 256 -bios "$bin" -nographic -no-reboot \
          -device isa-debug-exit,iobase=0xf4,iosize=4 "$@" </dev/null 2>&1)
    st=$?
    echo "$out"
    if [ "$st" != "${want:-1}" ]; then echo "exit status $st, expected ${want:-1}"; exit 1; fi
    grep -q "ALL OK" <<<"$out" || { echo "no ALL OK"; exit 1; }
}
export -f sys_x86_build sys_x86_run
export sys_x86_src sys_x86_out

for sys_x86_f in "$sys_x86_src"/*.S; do
    [ -f "$sys_x86_f" ] || continue
    sys_x86_n=$(basename "$sys_x86_f" .S)
    sys_x86_b=$sys_x86_out/$sys_x86_n.bin
    t x86_64/system/$sys_x86_n 30 bash -c 'sys_x86_run trix "$1" "$2"' _ "$sys_x86_f" "$sys_x86_b"
    t x86_64/system/$sys_x86_n-interp 30 bash -c 'sys_x86_run trix "$1" "$2" -accel tcg,tier=interp' \
        _ "$sys_x86_f" "$sys_x86_b"
    t x86_64/system/$sys_x86_n-qemu 30 bash -c 'sys_x86_run qemu "$1" "$2"' _ "$sys_x86_f" "$sys_x86_b"
done
t x86_64/system/gdb 60 bash -c 'sys_x86_build "$1" "$2" && bash tests/isa/x86_64/system/gdb.sh "$2"' \
    _ "$sys_x86_src/modes.S" "$sys_x86_out/modes.bin"
