/* Host-side block-layer test tool: opens one -drive string and runs commands given as arguments. */
/*
 * blktool [-snapshot] DRIVE-OPTS CMD...   each CMD is one argument:
 *   "write OFF FILE"      write FILE's bytes at OFF      "fill OFF LEN BYTE"  write LEN bytes
 *   "verify OFF FILE"     compare the disk with FILE     "dump FILE"  whole disk to FILE
 *   "flush"  "discard OFF LEN"  "zero OFF LEN [unmap]"  "len"  "sleep SEC"  "kill" (SIGKILL self)
 *   "expect-fail CMD..."  the next command must fail     "random SEED N"  N random writes,
 *                                                         mirrored into the file "random.ref"
 *   "create-qcow2 PATH SIZE [BACKING FMT]"  (no drive: DRIVE-OPTS is "-")
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "trix/common.h"
#include "src/block/block.h"
#include "src/block/block_int.h"

static BlockBackend *tool_blk;

static uint8_t *tool_load(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        trix_fatal_errno("%s", path);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    uint8_t *buf = trix_malloc0(*len + 1);
    if (fread(buf, 1, *len, f) != *len)
        trix_fatal("%s: short read", path);
    fclose(f);
    return buf;
}

static int tool_verify(uint64_t off, const char *path)
{
    size_t len;
    uint8_t *want = tool_load(path, &len), *got = trix_malloc0(len + 1);
    int r = blk_pread(tool_blk, off, got, len);
    if (r == 0 && memcmp(want, got, len)) {
        size_t i = 0;
        while (want[i] == got[i])
            i++;
        fprintf(stderr, "verify: differs at byte %zu (disk %#x, file %#x)\n", (size_t)off + i,
                got[i], want[i]);
        r = -EILSEQ;
    }
    free(want);
    free(got);
    return r;
}

static int tool_dump(const char *path)
{
    int64_t len = blk_getlength(tool_blk);
    FILE *f = fopen(path, "wb");
    uint8_t *buf = trix_malloc0(1 << 20);
    int r = f ? 0 : -errno;
    for (int64_t off = 0; r == 0 && off < len; off += 1 << 20) {
        size_t n = len - off < (1 << 20) ? (size_t)(len - off) : (1 << 20);
        r = blk_pread(tool_blk, (uint64_t)off, buf, n);
        if (r == 0 && fwrite(buf, 1, n, f) != n)
            r = -EIO;
    }
    if (f)
        fclose(f);
    free(buf);
    return r;
}

/* N random writes/discards/zeroes of random sizes, mirrored into random.ref (a raw file of
 * the disk's expected contents, which must exist with the starting contents). */
static int tool_random(unsigned seed, int n)
{
    int64_t size = blk_getlength(tool_blk);
    int ref = open("random.ref", O_RDWR);
    if (ref < 0)
        return -errno;
    srand(seed);
    uint8_t *buf = trix_malloc0(256 << 10);
    int r = 0;
    for (int i = 0; r == 0 && i < n; i++) {
        size_t len = 1 + (size_t)rand() % (256 << 10);
        if (rand() % 4 == 0)
            len = 512 * (1 + (size_t)rand() % 8);
        uint64_t off = (uint64_t)rand() * 512 % (uint64_t)size;
        if (off + len > (uint64_t)size)
            len = (size_t)((uint64_t)size - off);
        int op = rand() % 8;
        memset(buf, op == 0 ? 0 : (rand() & 0xff), len);
        for (size_t k = 0; k < len; k += 97)
            buf[k] = (uint8_t)(k ^ (size_t)i);
        if (op == 0) {
            memset(buf, 0, len);
            r = blk_write_zeroes(tool_blk, off, len, rand() & 1);
        } else {
            r = blk_pwrite(tool_blk, off, buf, len);
        }
        if (r == 0 && pwrite(ref, buf, len, (off_t)off) != (ssize_t)len)
            r = -EIO;
    }
    close(ref);
    free(buf);
    return r;
}

static int tool_create(char **a, int n)
{
    if (n < 3)
        return -EINVAL;
    int fd = open(a[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return -errno;
    BlockFile *f = bfile_from_fd(fd, a[1], true);
    int r = qcow2_create(f, strtoull(a[2], NULL, 0), n > 3 ? a[3] : NULL, n > 4 ? a[4] : NULL);
    bfile_close(f);
    return r;
}

static int tool_cmd(char *line)
{
    char *a[8];
    int n = 0;
    for (char *t = strtok(line, " "); t && n < 8; t = strtok(NULL, " "))
        a[n++] = t;
    if (!n)
        return 0;
    uint64_t x = n > 1 ? strtoull(a[1], NULL, 0) : 0, y = n > 2 ? strtoull(a[2], NULL, 0) : 0;
    if (!strcmp(a[0], "create-qcow2"))
        return tool_create(a, n);
    if (!tool_blk)
        return -EINVAL;
    if (!strcmp(a[0], "write") && n == 3) {
        size_t len;
        uint8_t *d = tool_load(a[2], &len);
        int r = blk_pwrite(tool_blk, x, d, len);
        free(d);
        return r;
    }
    if (!strcmp(a[0], "fill") && n == 4) {
        uint8_t *d = trix_malloc0(y + 1);
        memset(d, (int)strtol(a[3], NULL, 0), y);
        int r = blk_pwrite(tool_blk, x, d, y);
        free(d);
        return r;
    }
    if (!strcmp(a[0], "read") && n == 3) {
        uint8_t *d = trix_malloc0(y + 1);
        int r = blk_pread(tool_blk, x, d, y);
        free(d);
        return r;
    }
    if (!strcmp(a[0], "verify") && n == 3)
        return tool_verify(x, a[2]);
    if (!strcmp(a[0], "dump") && n == 2)
        return tool_dump(a[1]);
    if (!strcmp(a[0], "flush"))
        return blk_flush(tool_blk);
    if (!strcmp(a[0], "discard") && n == 3)
        return blk_discard(tool_blk, x, y);
    if (!strcmp(a[0], "zero") && n >= 3)
        return blk_write_zeroes(tool_blk, x, y, n > 3 && !strcmp(a[3], "unmap"));
    if (!strcmp(a[0], "len")) {
        printf("%lld\n", (long long)blk_getlength(tool_blk));
        return 0;
    }
    if (!strcmp(a[0], "sleep")) {
        usleep((useconds_t)(strtod(a[1], NULL) * 1e6));
        return 0;
    }
    if (!strcmp(a[0], "kill"))
        raise(SIGKILL);
    if (!strcmp(a[0], "random") && n == 3)
        return tool_random((unsigned)x, (int)y);
    fprintf(stderr, "blktool: unknown command '%s'\n", a[0]);
    return -EINVAL;
}

int main(int argc, char **argv)
{
    trix_progname = "blktool";
    int i = 1;
    bool snap = false;
    if (i < argc && !strcmp(argv[i], "-snapshot")) {
        snap = true;
        i++;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: blktool [-snapshot] DRIVE-OPTS|- CMD...\n");
        return 2;
    }
    if (strcmp(argv[i], "-"))
        tool_blk = blk_open_drive(argv[i], snap);
    bool expect_fail = false;
    for (i++; i < argc; i++) {
        if (!strcmp(argv[i], "expect-fail")) {
            expect_fail = true;
            continue;
        }
        char *line = trix_strdup(argv[i]);
        int r = tool_cmd(line);
        free(line);
        if ((r < 0) != expect_fail) {
            fprintf(stderr, "blktool: '%s': %s\n", argv[i],
                    r < 0 ? strerror(-r) : "succeeded but should have failed");
            return 1;
        }
        expect_fail = false;
    }
    blk_close_all();
    return 0;
}
