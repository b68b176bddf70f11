/* Image nodes: open a file with its format (given or probed), locking, backing reads, close. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "trix/common.h"
#include "block_int.h"

#define NODE_MAX_BACKING_DEPTH 16

static const char *node_probe(BlockFile *f)
{
    uint8_t hdr[8];
    if (bfile_pread(f, 0, hdr, sizeof(hdr)) == 0 && qcow2_probe(hdr, sizeof(hdr)))
        return "qcow2";
    return "raw";
}

/* QEMU's permission sets: readers share with readers and exclude writers; a writer
 * excludes other writers (and, for qcow2, other resizers). */
static char *node_lock(BlockFile *f, const char *fmt, bool writable)
{
    unsigned held = LOCK_PERM_READ, unshared = LOCK_PERM_WRITE | LOCK_PERM_RESIZE;
    if (writable) {
        bool q = !strcmp(fmt, "qcow2");
        held |= LOCK_PERM_WRITE | (q ? LOCK_PERM_RESIZE : 0);
        unshared = LOCK_PERM_WRITE | (q ? LOCK_PERM_RESIZE : 0);
    }
    return lock_image(f, held, unshared);
}

BlockNode *node_open_file(BlockFile *f, const char *fmt, const NodeOpenOpts *o, char **err)
{
    bool probed = !fmt;
    if (!fmt) {
        fmt = node_probe(f);
        if (!strcmp(fmt, "raw") && o->depth == 0)
            fprintf(stderr, "%s: warning: Image format was not specified for '%s' and probing "
                    "guessed raw.\n         Automatically detecting the format is dangerous for "
                    "raw images, write operations on block 0 will be restricted.\n         "
                    "Specify the 'raw' format explicitly to remove the restrictions.\n",
                    trix_progname, f->path);
    }
    if (o->locking && (*err = node_lock(f, fmt, o->writable))) {
        bfile_close(f);
        return NULL;
    }
    BlockNode *n;
    if (!strcmp(fmt, "raw")) {
        n = raw_open(f, o, err);
    } else if (!strcmp(fmt, "qcow2")) {
        n = qcow2_open(f, o, err);
    } else {
        *err = blk_strdup_printf("'%s': unknown image format '%s' (accepted: raw, qcow2)",
                                 f->path, fmt);
        n = NULL;
    }
    if (!n) {
        bfile_close(f);
        return NULL;
    }
    n->probed_raw = probed && n->drv == &raw_driver;
    return n;
}

BlockNode *node_open(const char *path, const char *fmt, const NodeOpenOpts *o, char **err)
{
    if (o->depth > NODE_MAX_BACKING_DEPTH) {
        *err = blk_strdup_printf("'%s': backing chain too long (more than %d images; a loop?)",
                                 path, NODE_MAX_BACKING_DEPTH);
        return NULL;
    }
    BlockFile *f = bfile_open(path, o->writable, o->direct, err);
    if (!f)
        return NULL;
    return node_open_file(f, fmt, o, err);
}

void node_close(BlockNode *n)
{
    if (!n)
        return;
    n->drv->close(n);
    node_close(n->backing);
    bfile_close(n->file);
    free(n);
}

int node_read_backing(BlockNode *b, uint64_t off, void *buf, size_t len)
{
    size_t in = 0;
    if (off < b->size)
        in = b->size - off < len ? (size_t)(b->size - off) : len;
    if (in) {
        int r = b->drv->pread(b, off, buf, in);
        if (r < 0)
            return r;
    }
    memset((uint8_t *)buf + in, 0, len - in);
    return 0;
}
