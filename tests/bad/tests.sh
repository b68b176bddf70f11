# Bad input (sourced by tests/run.sh): trix must refuse each with a clear message and a
# non-zero exit status, never crash. Inputs are made in build/tests/bad/ from a tiny riscv64
# program; mkbad.py writes the damaged ELF variants.
bad_dir=build/tests/bad
bad_x=(bash tests/bad/expect-error.sh)
mkdir -p "$bad_dir"

{
    if [ ! -x "$bad_dir/good" ] || [ tests/bad/tests.sh -nt "$bad_dir/good" ]; then
        printf 'int main(void) { return 0; }\n' >"$bad_dir/good.c"
        ${RISCV64_CC:-riscv64-linux-gnu-gcc} -static -O2 -o "$bad_dir/good" "$bad_dir/good.c" \
            >"$bad_dir/compile.log" 2>&1 || rm -f "$bad_dir/good"
    fi
    if [ -x "$bad_dir/good" ]; then
        bad_size=$(stat -c %s "$bad_dir/good")
        head -c 10 "$bad_dir/good" >"$bad_dir/truncated-10"
        head -c 64 "$bad_dir/good" >"$bad_dir/truncated-ehdr"
        head -c 200 "$bad_dir/good" >"$bad_dir/truncated-phdrs"
        head -c $((bad_size / 2)) "$bad_dir/good" >"$bad_dir/truncated-half"
        python3 tests/bad/mkbad.py "$bad_dir/good" "$bad_dir" >"$bad_dir/mkbad.log" 2>&1
    fi
    : >"$bad_dir/empty"
    printf 'this is a text file, not an ELF executable\n' >"$bad_dir/text"
    chmod +x "$bad_dir"/* 2>/dev/null
}
# Without the good program the damaged copies are missing and their tests would prove nothing.
[ -x "$bad_dir/good" ] || t bad/setup 10 sh -c 'echo "cannot compile the riscv64 test program:"; cat "$1"; exit 1' sh "$bad_dir/compile.log"

for bad_f in truncated-10 truncated-ehdr truncated-phdrs truncated-half phoff-past-eof phoff-huge \
    phnum-huge phentsize-bad phnum-zero segment-offset-past-eof segment-filesz-past-eof \
    segment-memsz-lt-filesz segment-vaddr-kernel class-elf32 big-endian type-relocatable \
    machine-x86_64 bad-magic random-bytes random-after-magic empty text; do
    t "bad/$bad_f" 20 "${bad_x[@]}" "$TRIX_RISCV64" "$bad_dir/$bad_f"
done
t bad/host-elf 20 "${bad_x[@]}" "$TRIX_RISCV64" /bin/true
t bad/missing-file 20 "${bad_x[@]}" "$TRIX_RISCV64" "$bad_dir/no-such-file"
t bad/directory 20 "${bad_x[@]}" "$TRIX_RISCV64" "$bad_dir"
t bad/unknown-option 20 "${bad_x[@]}" "$TRIX_RISCV64" -no-such-option "$bad_dir/good"
t bad/option-missing-value 20 "${bad_x[@]}" "$TRIX_RISCV64" -L
t bad/no-program 20 "${bad_x[@]}" "$TRIX_RISCV64"
t bad/trix-no-args 20 "${bad_x[@]}" "$TRIX"
t bad/trix-unknown-mode 20 "${bad_x[@]}" "$TRIX" nosuchmode

# The same damaged-ELF set for trix-aarch64, made from a tiny arm64 program.
bad_a64=$bad_dir/aarch64
mkdir -p "$bad_a64"
if [ ! -x "$bad_a64/good" ] || [ tests/bad/tests.sh -nt "$bad_a64/good" ]; then
    ${AARCH64_CC:-aarch64-linux-gnu-gcc} -static -O2 -o "$bad_a64/good" "$bad_dir/good.c" \
        >"$bad_a64/compile.log" 2>&1 || rm -f "$bad_a64/good"
fi
if [ -x "$bad_a64/good" ]; then
    head -c 200 "$bad_a64/good" >"$bad_a64/truncated-phdrs"
    head -c $(($(stat -c %s "$bad_a64/good") / 2)) "$bad_a64/good" >"$bad_a64/truncated-half"
    python3 tests/bad/mkbad.py "$bad_a64/good" "$bad_a64" >"$bad_a64/mkbad.log" 2>&1
    chmod +x "$bad_a64"/* 2>/dev/null
    for bad_f in truncated-phdrs truncated-half phoff-past-eof phnum-huge segment-filesz-past-eof \
        segment-memsz-lt-filesz segment-vaddr-kernel class-elf32 machine-x86_64 random-bytes; do
        t "bad/aarch64/$bad_f" 20 "${bad_x[@]}" "$TRIX_ROOT/build/trix-aarch64" "$bad_a64/$bad_f"
    done
    [ -x "$bad_dir/good" ] &&
        t bad/aarch64/riscv64-elf 20 "${bad_x[@]}" "$TRIX_ROOT/build/trix-aarch64" "$bad_dir/good"
fi
unset bad_a64 bad_f bad_size bad_dir bad_x
