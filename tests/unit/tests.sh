# Unit tests: every build/tests/unit/* binary.
for bin in build/tests/unit/*; do
    [ -x "$bin" ] || continue
    t "unit/$(basename "$bin")" 60 "$bin"
done
