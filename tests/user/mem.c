/* mmap/munmap/mprotect/mremap/brk/madvise, file-backed mappings, self-modifying-code safety. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    size_t pg = 4096;
    char *p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap ok=%d zero=%d\n", p != MAP_FAILED, p[100] == 0 && p[4 * pg - 1] == 0);
    memset(p, 'a', 4 * pg);
    printf("munmap middle=%d\n", munmap(p + pg, pg));
    printf("mprotect unmapped=%d\n", mprotect(p + pg, pg, PROT_READ));
    printf("mprotect ro=%d\n", mprotect(p, pg, PROT_READ));
    char *q = mremap(p + 2 * pg, 2 * pg, 8 * pg, MREMAP_MAYMOVE);
    printf("mremap ok=%d kept=%d tail=%d\n", q != MAP_FAILED, q[0] == 'a' && q[2 * pg - 1] == 'a',
           q[8 * pg - 1] == 0);
    q = mremap(q, 8 * pg, pg, 0);
    printf("mremap shrink same=%d\n", q != MAP_FAILED);
    char *fixed = mmap(q, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("fixed same=%d zero=%d\n", fixed == q, fixed[0] == 0);
    printf("bad len=%d\n", mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED);

    void *b0 = sbrk(0);
    char *b = sbrk(1 << 20);
    memset(b, 1, 1 << 20);
    printf("brk grow=%d\n", (char *)sbrk(0) - (char *)b0 == (1 << 20));
    sbrk(-(1 << 19));
    printf("brk shrink=%d\n", (char *)sbrk(0) - (char *)b0 == (1 << 19));

    char *big = malloc(64 << 20);
    big[(64 << 20) - 1] = 5;
    printf("big malloc=%d\n", big[(64 << 20) - 1]);
    free(big);

    char path[] = "/tmp/trix-mem-XXXXXX";
    int fd = mkstemp(path);
    write(fd, "hello mapped file", 17);
    char *f = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
    printf("file map: %.17s\n", f);
    char *fw = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    memcpy(fw, "HELLO", 5);
    msync(fw, pg, MS_SYNC);
    char buf[18] = { 0 };
    pread(fd, buf, 17, 0);
    printf("shared write: %s, other view: %.5s\n", buf, f);
    munmap(f, pg);
    munmap(fw, pg);
    close(fd);
    unlink(path);

    char *z = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    z[0] = 9;
    madvise(z, pg, MADV_DONTNEED);
    printf("dontneed zeroed=%d\n", z[0] == 0);
    return 0;
}
