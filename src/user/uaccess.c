/* Checked access to guest memory from syscall emulation, and -L prefix path lookup. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "trix/guest_mem.h"
#include "user.h"

#define PG_SIZE 4096u

void *user_ptr(uint64_t gaddr, uint64_t len, int prot)
{
    if (!page_check_range(gaddr, len, prot))
        return NULL;
    if (prot & PAGE_WRITE)
        mmap_make_writable(gaddr, len);
    return g2h(gaddr);
}

int user_get(void *dst, uint64_t gaddr, size_t len)
{
    void *p = user_ptr(gaddr, len, PAGE_READ);
    if (!p)
        return -EFAULT;
    memcpy(dst, p, len);
    return 0;
}

int user_put(uint64_t gaddr, const void *src, size_t len)
{
    void *p = user_ptr(gaddr, len, PAGE_WRITE);
    if (!p)
        return -EFAULT;
    memcpy(p, src, len);
    return 0;
}

int user_put_u64(uint64_t gaddr, uint64_t v) { return user_put(gaddr, &v, 8); }
int user_put_u32(uint64_t gaddr, uint32_t v) { return user_put(gaddr, &v, 4); }

const char *user_str(uint64_t gaddr)
{
    uint64_t a = gaddr;
    for (;;) {
        uint64_t chunk = PG_SIZE - (a & (PG_SIZE - 1));
        if (!page_check_range(a, chunk, PAGE_READ))
            return NULL;
        if (memchr(g2h(a), 0, chunk))
            return g2h(gaddr);
        a += chunk;
    }
}

const char *user_prefix_path(const char *path, char *buf, size_t size)
{
    struct stat st;
    if (!user_opts.ld_prefix || path[0] != '/')
        return path;
    if (!strcmp(path, "/") || !strncmp(path, "/proc/", 6) || !strncmp(path, "/dev/", 5))
        return path;
    int n = snprintf(buf, size, "%s%s", user_opts.ld_prefix, path);
    if (n < 0 || (size_t)n >= size || lstat(buf, &st) != 0)
        return path;
    return buf;
}

const char *user_path(uint64_t gaddr, char *buf, size_t size)
{
    const char *p = user_str(gaddr);
    if (!p)
        return NULL;
    return user_prefix_path(p, buf, size);
}

void user_strvec_free(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

char **user_strvec(uint64_t gaddr, int *err)
{
    size_t n = 0, cap = 16;
    char **v = trix_malloc0(cap * sizeof(*v));
    *err = 0;
    for (;; n++) {
        uint64_t ptr;
        if (n + 1 >= cap)
            v = trix_realloc(v, (cap *= 2) * sizeof(*v));
        v[n] = NULL;
        if (!gaddr)
            return v;
        if (user_get(&ptr, gaddr + n * 8, 8) < 0)
            break;
        if (!ptr)
            return v;
        const char *s = user_str(ptr);
        if (!s)
            break;
        v[n] = trix_strdup(s);
        v[n + 1] = NULL;
    }
    *err = -EFAULT;
    user_strvec_free(v);
    return NULL;
}
