#!/usr/bin/env bash
# Runs tools/decodetree.py on a bad .decode file; passes when it exits 1 with the message its
# first line announces ("# expect: LINE: MESSAGE-PREFIX").
set -u
file=$1
expect=$(sed -n '1s/^# expect: //p' "$file")
[ -n "$expect" ] || { echo "$file: no '# expect:' line"; exit 2; }
out=$(mktemp)
python3 tools/decodetree.py --decode decode_bad --width 32 -o "$out" "$file" 2>"$out.err"
rc=$?
rm -f "$out"
msg=$(cat "$out.err")
rm -f "$out.err"
echo "exit $rc: $msg"
[ $rc -eq 1 ] || { echo "expected exit 1"; exit 1; }
case "$msg" in
    "$file:$expect"*) exit 0 ;;
    *"$file:${expect%%:*}: error: ${expect#*: }"*) exit 0 ;;
esac
echo "expected: $file:${expect%%:*}: error: ${expect#*: }"
exit 1
