/* Option-string parser tests: implied keys, ",," escapes, typed getters, flags, unknown-key tracking. */
#include <string.h>
#include "trix/opts.h"

static int failures;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
                                           __LINE__, #c); failures++; } } while (0)

static void test_basic(void)
{
    Opts *o = opts_parse("-device", "virtio-blk-device,drive=d0,id=x", "driver");
    CHECK(!strcmp(opts_get(o, "driver"), "virtio-blk-device"));
    CHECK(!strcmp(opts_get(o, "drive"), "d0"));
    CHECK(opts_has(o, "id"));
    CHECK(!o->pairs[2].used);
    CHECK(opts_get(o, "nothere") == NULL);
    opts_get(o, "id");
    opts_finish(o);     /* all used: must not exit */
    opts_free(o);
}

static void test_escape_and_flags(void)
{
    Opts *o = opts_parse("-drive", "file=a,,b.img,readonly=on,server", NULL);
    CHECK(!strcmp(opts_get(o, "file"), "a,b.img"));
    CHECK(opts_get_bool(o, "readonly", false));
    CHECK(opts_get_bool(o, "server", false));
    CHECK(opts_get_bool(o, "absent", true));
    opts_free(o);
}

static void test_numbers(void)
{
    uint64_t v = 0;
    CHECK(opts_parse_size("512M", &v) && v == 512ull << 20);
    CHECK(opts_parse_size("1G", &v) && v == 1ull << 30);
    CHECK(opts_parse_size("0x1000", &v) && v == 0x1000);
    CHECK(!opts_parse_size("12Q", &v));
    CHECK(!opts_parse_size("-1", &v));
    CHECK(!opts_parse_size("", &v));
    CHECK(!opts_parse_size("99999999999T", &v));
    Opts *o = opts_parse("-m", "size=2G,slots=3,last=1,last=2", "size");
    CHECK(opts_get_size(o, "size", 0) == 2ull << 30);
    CHECK(opts_get_num(o, "slots", 0) == 3);
    CHECK(opts_get_num(o, "last", 0) == 2);    /* last one wins */
    opts_free(o);
}

int main(void)
{
    test_basic();
    test_escape_and_flags();
    test_numbers();
    if (failures)
        fprintf(stderr, "%d failures\n", failures);
    return failures != 0;
}
