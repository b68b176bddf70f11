/* Guest side of the virtio-blk benchmark: O_DIRECT sequential write, sequential read and 4 KiB random reads on a disk. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Usage: blk DEVICE MIB RANDOPS. After each phase prints `BLK-MARK PHASE BYTES`; the host
 * times the phases between consecutive marks (tests/bench/blkbench.py). */

static void mark(const char *phase, uint64_t bytes)
{
    printf("BLK-MARK %s %llu\n", phase, (unsigned long long)bytes);
    fflush(stdout);
}

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static void seq(int fd, char *buf, size_t blk, uint64_t total, int write_it)
{
    for (uint64_t off = 0; off < total; off += blk) {
        ssize_t r = write_it ? pwrite(fd, buf, blk, off) : pread(fd, buf, blk, off);
        if (r != (ssize_t)blk)
            die(write_it ? "pwrite" : "pread");
    }
}

int main(int argc, char **argv)
{
    if (argc != 4)
        return 2;
    uint64_t total = strtoull(argv[2], NULL, 0) << 20;
    long ops = strtol(argv[3], NULL, 0);
    size_t blk = 1 << 20;
    char *buf;
    if (posix_memalign((void **)&buf, 4096, blk))
        return 1;
    memset(buf, 0x5a, blk);
    int fd = open(argv[1], O_RDWR | O_DIRECT);
    if (fd < 0)
        die(argv[1]);
    mark("start", 0);
    seq(fd, buf, blk, total, 1);
    if (fdatasync(fd))
        die("fdatasync");
    mark("seq-write", total);
    seq(fd, buf, blk, total, 0);
    mark("seq-read", total);
    uint64_t x = 88172645463325252ull, pages = total / 4096;
    for (long i = 0; i < ops; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        if (pread(fd, buf, 4096, (x % pages) * 4096) != 4096)
            die("pread 4k");
    }
    mark("rand-read-4k", (uint64_t)ops * 4096);
    close(fd);
    return 0;
}
