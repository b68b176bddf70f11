# Decoder generator tests: every bad/*.decode must fail with its announced message; good.decode
# must decode the harness's sample words to the expected trans_ calls.
for f in tests/tools/bad/*.decode; do
    t "tools/decodetree-error/$(basename "$f" .decode)" 20 bash tests/tools/check_error.sh "$f"
done
t tools/decodetree-good 60 bash tests/tools/check_good.sh
