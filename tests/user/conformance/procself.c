/* Conformance: /proc/self as a guest sees it: exe names the program, fd lists the open
 * descriptors, maps shows the program, the stack, and a fresh mapping with its permissions. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include "conf.h"

static int in_maps(uintptr_t addr, char perm[5], char *name, size_t nlen)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int found = 0;
    while (f && fgets(line, sizeof(line), f)) {
        unsigned long s, e;
        char p[8], path[256] = "";
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &s, &e, p, path) < 3)
            continue;
        if (addr >= s && addr < e) {
            memcpy(perm, p, 4);
            perm[4] = 0;
            snprintf(name, nlen, "%s", path);
            found = 1;
        }
    }
    if (f)
        fclose(f);
    return found;
}

static const char *base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = 0;
    SHOW("/proc/self/exe names the program", "%s", !strcmp(base(buf), base(argv[0])) ? "yes" : buf);
    SHOW("/proc/self/exe is absolute", "%s", buf[0] == '/' ? "yes" : "no");
    int fd = open("/proc/self/exe", O_RDONLY);
    n = read(fd, buf, 4);
    SHOW("opening /proc/self/exe reads an ELF", "%s", n == 4 && !memcmp(buf, "\177ELF", 4) ? "yes" : "no");
    close(fd);
    int keep = open(".", O_RDONLY);
    DIR *d = opendir("/proc/self/fd");
    int fds[64], nfd = 0, self = dirfd(d);
    struct dirent *e;
    while ((e = readdir(d)) && nfd < 64)
        if (e->d_name[0] != '.' && atoi(e->d_name) != self)
            fds[nfd++] = atoi(e->d_name);
    closedir(d);
    for (int i = 0; i < nfd; i++)
        for (int j = i + 1; j < nfd; j++)
            if (fds[j] < fds[i]) { int t = fds[i]; fds[i] = fds[j]; fds[j] = t; }
    printf("/proc/self/fd:");
    for (int i = 0; i < nfd; i++)
        printf(" %d", fds[i]);
    printf(" (opened %d)\n", keep);
    char perm[5], name[256];
    SHOW("maps: main's code", "%s", in_maps((uintptr_t)main, perm, name, sizeof(name)) ?
         perm : "missing");
    SHOW("maps: code from the program file", "%s", !strcmp(base(name), base(argv[0])) ? "yes" : name);
    int local;
    SHOW("maps: stack", "%s", in_maps((uintptr_t)&local, perm, name, sizeof(name)) ? perm : "missing");
    SHOW("maps: stack named", "%s", name);
    char *m = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(m + 4096, 4096, PROT_READ | PROT_WRITE);
    in_maps((uintptr_t)m, perm, name, sizeof(name));
    printf("maps: new mapping %s", perm);
    in_maps((uintptr_t)m + 4096, perm, name, sizeof(name));
    printf(" %s", perm);
    munmap(m + 2 * 4096, 4096);
    SHOW("", "%s", in_maps((uintptr_t)m + 2 * 4096, perm, name, sizeof(name)) ? perm : "unmapped");
    return 0;
}
