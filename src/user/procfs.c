/* /proc/self/maps as the guest sees it: its own address space, built from the host's maps of
 * the reservation (for file names and offsets) and the guest page flags (for permissions). */
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "syscall_util.h"

#define PG 4096ull
#define IMAGE_MAX 64

/* Segments the ELF loader copied in (anonymous on the host): their file and offset. */
static struct { uint64_t s, e, off; char *path; } images[IMAGE_MAX];
static int nimages;

void user_proc_note_image(uint64_t start, uint64_t end, const char *path, uint64_t off)
{
    char abs[PATH_MAX];
    if (nimages < IMAGE_MAX)
        images[nimages++] = (typeof(images[0])){ start, end, off,
                                                 trix_strdup(realpath(path, abs) ? abs : path) };
}

static const char *image_at(uint64_t a, uint64_t *off)
{
    for (int i = 0; i < nimages; i++)
        if (a >= images[i].s && a < images[i].e) {
            *off = images[i].off + (a - images[i].s);
            return images[i].path;
        }
    return NULL;
}

static bool proc_is_own(const char *p, const char *leaf)
{
    char own[64], self[64], thr[64];
    snprintf(own, sizeof(own), "/proc/%d/%s", (int)getpid(), leaf);
    snprintf(self, sizeof(self), "/proc/self/%s", leaf);
    snprintf(thr, sizeof(thr), "/proc/thread-self/%s", leaf);
    return !strcmp(p, own) || !strcmp(p, self) || !strcmp(p, thr);
}

static void perms(int f, char out[5])
{
    if (f & PAGE_WRITE_ORG)
        f |= PAGE_WRITE;
    out[0] = (f & PAGE_READ) ? 'r' : '-';
    out[1] = (f & PAGE_WRITE) ? 'w' : '-';
    out[2] = (f & PAGE_EXEC) ? 'x' : '-';
    out[3] = 'p';
    out[4] = 0;
}

/* One host maps line clipped to the guest: emit guest ranges of equal page flags. */
static void maps_host_line(FILE *out, uint64_t hs, uint64_t he, uint64_t off, const char *rest,
                           const char *name)
{
    uint64_t lo = hs > guest_base ? hs - guest_base : 0;
    uint64_t hi = he - guest_base;
    if (he <= guest_base || hs >= guest_base + guest_addr_max)
        return;
    if (hi > guest_addr_max)
        hi = guest_addr_max;
    off += (lo + guest_base) - hs;
    for (uint64_t a = lo; a < hi;) {
        int f = page_get_flags(a);
        uint64_t ioff = 0, b = a + PG;
        const char *img = *name ? NULL : image_at(a, &ioff);
        while (b < hi && page_get_flags(b) == f && (*name || image_at(b, &ioff) == img))
            b += PG;                    /* one line per image segment */
        if (f & PAGE_VALID) {
            char p[5];
            perms(f, p);
            const char *shown = img ? img : *name ? name :
                                a == user_sigtramp_addr ? "[vdso]" :
                                (a < mmap_stack_top && b >= mmap_stack_top) ? "[stack]" : "";
            image_at(a, &ioff);
            fprintf(out, "%08" PRIx64 "-%08" PRIx64 " %s %08" PRIx64 " %s%*s%s\n", a, b, p,
                    img ? ioff : *name ? off + (a - lo) : 0, img ? "00:00 0" : rest,
                    *shown ? 7 : 0, "", shown);
        }
        a = b;
    }
}

static void maps_generate(FILE *out)
{
    FILE *in = fopen("/proc/self/maps", "r");
    char line[4352];
    if (!in)
        return;
    while (fgets(line, sizeof(line), in)) {
        uint64_t hs, he, off;
        char p[8], dev[16], name[4096] = "";
        unsigned long ino;
        if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %15s %lu %4095[^\n]", &hs, &he,
                   p, &off, dev, &ino, name) < 6)
            continue;
        char *n = name;
        while (*n == ' ')
            n++;
        char rest[64];
        snprintf(rest, sizeof(rest), "%s %lu", *n ? dev : "00:00", *n ? ino : 0ul);
        maps_host_line(out, hs, he, *n ? off : 0, rest, n);
    }
    fclose(in);
}

/* openat of a /proc file trix answers itself: returns an fd, or -1 when `path` is not one. */
int user_proc_open(const char *path, int flags)
{
    if (!proc_is_own(path, "maps"))
        return -1;
    if (flags & (O_WRONLY | O_RDWR))
        return -EACCES;
    int fd = memfd_create("maps", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
    if (fd < 0)
        return -errno;
    FILE *f = fdopen(dup(fd), "w");
    if (f) {
        maps_generate(f);
        fclose(f);
    }
    lseek(fd, 0, SEEK_SET);
    return fd;
}
