/* qcow2 metadata cache: a few clusters (L2 tables, refcount blocks) kept in memory, written through. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "trix/common.h"
#include "qcow2.h"

void qcache_init(Qcow2Cache *c, int nslots, size_t csize)
{
    c->nslots = nslots;
    c->csize = csize;
    c->offset = trix_malloc0(sizeof(uint64_t) * (size_t)nslots);
    c->used = trix_malloc0(sizeof(uint64_t) * (size_t)nslots);
    c->data = trix_malloc0(csize * (size_t)nslots);
    c->clock = 0;
}

void qcache_free(Qcow2Cache *c)
{
    free(c->offset);
    free(c->used);
    free(c->data);
    memset(c, 0, sizeof(*c));
}

static int qcache_find(Qcow2Cache *c, uint64_t off)
{
    for (int i = 0; i < c->nslots; i++)
        if (c->offset[i] == off)
            return i;
    return -1;
}

static int qcache_victim(Qcow2Cache *c)
{
    int v = 0;
    for (int i = 1; i < c->nslots; i++)
        if (c->used[i] < c->used[v])
            v = i;
    return v;
}

static uint8_t *qcache_slot(Qcow2Cache *c, int i)
{
    c->used[i] = ++c->clock;
    return c->data + (size_t)i * c->csize;
}

uint8_t *qcache_get(Qcow2Cache *c, BlockFile *f, uint64_t off, int *r)
{
    int i = qcache_find(c, off);
    if (i >= 0)
        return qcache_slot(c, i);
    i = qcache_victim(c);
    c->offset[i] = 0;
    uint8_t *p = c->data + (size_t)i * c->csize;
    *r = bfile_pread(f, off, p, c->csize);
    if (*r < 0)
        return NULL;
    c->offset[i] = off;
    return qcache_slot(c, i);
}

uint8_t *qcache_get_zeroed(Qcow2Cache *c, uint64_t off)
{
    int i = qcache_find(c, off);
    if (i < 0)
        i = qcache_victim(c);
    c->offset[i] = off;
    uint8_t *p = qcache_slot(c, i);
    memset(p, 0, c->csize);
    return p;
}

int qcache_write(Qcow2Cache *c, BlockFile *f, uint64_t off, size_t pos, size_t len)
{
    int i = qcache_find(c, off);
    if (NEVER(i < 0))
        return -EIO;
    return bfile_pwrite(f, off + pos, c->data + (size_t)i * c->csize + pos, len);
}

void qcache_drop(Qcow2Cache *c, uint64_t off)
{
    int i = qcache_find(c, off);
    if (i >= 0)
        c->offset[i] = 0;
}
