# -icount determinism, timer exactness, -rtc and -d (sourced by tests/run.sh; check.sh does
# the work). The Linux guest comes from tests/guests/get-riscv64.sh, as for tests/boot.
icount_out=$TEST_TMP/icount
icount_guest=
if [ -z "${TESTS:-}" ] || [[ "icount/linux-twice icount/linux-smp2 icount/linux-interp icount/linux-rtc" == *$TESTS* ]] ||
    [[ "$TESTS" == *icount/linux* ]]; then
    icount_guest=$(bash "$TRIX_ROOT/tests/guests/get-riscv64.sh" 2>"$log/icount-guest.log" |
        tail -n 1) || icount_guest=
fi
for icount_c in twice smp2 interp rtc; do
    t "icount/linux-$icount_c" 120 bash tests/icount/check.sh "$icount_c" "$icount_out" \
        "$icount_guest"
done
if command -v riscv64-linux-gnu-gcc >/dev/null; then
    t icount/timer-delay 120 bash tests/icount/check.sh timer "$icount_out"
    t icount/dlog 60 bash tests/icount/check.sh dlog "$icount_out"
else
    t icount/timer-delay 5 sh -c 'echo "needs riscv64-linux-gnu-gcc"; exit 77'
fi
t icount/options 30 bash tests/icount/check.sh options "$icount_out"
