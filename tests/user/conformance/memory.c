/* Conformance: mmap/munmap/mprotect/mremap/madvise/msync/mincore, MAP_FIXED_NOREPLACE, file
 * mappings (shared and private), brk, and the errors of bad arguments. */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "conf.h"

#define PG 4096
static sigjmp_buf jb;
static volatile int faults;

static void on_segv(int sig) { faults++; siglongjmp(jb, 1); }

static int try_write(char *p)
{
    int before = faults;
    if (!sigsetjmp(jb, 1))
        *(volatile char *)p = 1;
    return faults == before;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGSEGV, on_segv);
    char *a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    SHOW("mmap anonymous", "%s zeroed=%d", a != MAP_FAILED ? "ok" : "fail", a[100] == 0);
    RES("mprotect read-only", mprotect(a + PG, PG, PROT_READ));
    SHOW("write to read-only page", "%s", try_write(a + PG) ? "allowed" : "SIGSEGV");
    SHOW("write to neighbour", "%s", try_write(a + 2 * PG) ? "allowed" : "SIGSEGV");
    RES("mprotect unaligned", mprotect(a + 1, PG, PROT_READ));
    RES("mprotect bad prot", mprotect(a, PG, 0x100));
    char *f = mmap(a + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
                   MAP_FIXED_NOREPLACE, -1, 0);
    SHOW("MAP_FIXED_NOREPLACE on a mapping", "%s", f == MAP_FAILED ? conf_errname(errno) : "mapped");
    RES("munmap middle", munmap(a + PG, PG));
    SHOW("write to unmapped middle", "%s", try_write(a + PG) ? "allowed" : "SIGSEGV");
    f = mmap(a + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
             MAP_FIXED_NOREPLACE, -1, 0);
    SHOW("MAP_FIXED_NOREPLACE in the hole", "%s", f == a + PG ? "at the address" : "elsewhere");
    unsigned char vec[4];
    RES("mincore", mincore(a, 4 * PG, vec));
    a[0] = 5;
    RES("madvise DONTNEED", madvise(a, PG, MADV_DONTNEED));
    SHOW("after DONTNEED", "%d", a[0]);
    RES("madvise bad advice", madvise(a, PG, 12345));
    char *g = mremap(a, 4 * PG, 8 * PG, MREMAP_MAYMOVE);
    SHOW("mremap grow", "%s", g != MAP_FAILED ? "ok" : conf_errname(errno));
    g[7 * PG] = 9;
    SHOW("grown part usable", "%d", g[7 * PG]);
    char *h = mremap(g, 8 * PG, 2 * PG, 0);
    SHOW("mremap shrink in place", "%s", h == g ? "same address" : "moved");
    SHOW("mremap without MAYMOVE into use", "%s",
         mremap(g, 2 * PG, 1 << 30, 0) == MAP_FAILED ? conf_errname(errno) : "grew");
    RES("mremap bad flags", (long)mremap(g, PG, PG, 0x80));
    munmap(g, 2 * PG);

    int fd = open("mapped", O_CREAT | O_RDWR | O_TRUNC, 0600);
    ftruncate(fd, 2 * PG);
    char *s = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    memcpy(s, "shared", 6);
    RES("msync", msync(s, PG, MS_SYNC));
    char buf[8] = { 0 };
    pread(fd, buf, 6, 0);
    SHOW("MAP_SHARED write reaches the file", "%s", buf);
    char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    p[0] = 'P';
    pread(fd, buf, 6, 0);
    SHOW("MAP_PRIVATE write stays private", "%s", buf);
    RES("mmap offset unaligned", (long)mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 1));
    RES("mmap length 0", (long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    RES("mmap bad fd", (long)mmap(NULL, PG, PROT_READ, MAP_SHARED, 999, 0));
    RES("mmap write-shared on read-only fd", (long)mmap(NULL, PG, PROT_WRITE, MAP_SHARED,
                                                        open("mapped", O_RDONLY), 0));
    RES("munmap unaligned", munmap(s + 1, PG));
    munmap(s, 2 * PG);
    unlink("mapped");

    char *b0 = sbrk(0);
    SHOW("brk grow", "%s", brk(b0 + 3 * PG) == 0 ? "ok" : "fail");
    b0[3 * PG - 1] = 1;
    SHOW("brk shrink", "%s", brk(b0 + PG) == 0 ? "ok" : "fail");
    SHOW("write past shrunk brk", "%s", try_write(b0 + 2 * PG + 8) ? "allowed" : "SIGSEGV");
    long r = syscall(SYS_brk, 0);
    SHOW("brk(0) returns the current break", "%s", (char *)r == b0 + PG ? "yes" : "no");
    return 0;
}
