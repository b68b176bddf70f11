/* -drive: option parsing (QEMU's keys), opening the image chain, the drive registry, exit cleanup. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "trix/common.h"
#include "trix/machine.h"
#include "trix/opts.h"
#include "blk_int.h"

BlockBackend *blk_list;

typedef struct DriveCache {
    const char *name;
    bool direct, writethrough, no_flush;
} DriveCache;

static const DriveCache drive_caches[] = {
    { "writeback", false, false, false },
    { "none", true, false, false },
    { "writethrough", false, true, false },
    { "directsync", true, true, false },
    { "unsafe", false, false, true },
};

static const DriveCache *drive_cache(const char *optstr, const char *v)
{
    for (size_t i = 0; i < ARRAY_SIZE(drive_caches); i++)
        if (!strcmp(v, drive_caches[i].name))
            return &drive_caches[i];
    trix_fatal("-drive %s: invalid cache mode '%s' (accepted: writeback, none, writethrough, "
               "directsync, unsafe)", optstr, v);
}

/* Accept only the listed values of key (QEMU's spelling); the value or def. */
static const char *drive_choice(Opts *o, const char *optstr, const char *key, const char *def,
                                const char *const *ok)
{
    const char *v = opts_get(o, key);
    if (!v)
        return def;
    for (int i = 0; ok[i]; i++)
        if (!strcmp(v, ok[i]))
            return v;
    trix_fatal("-drive %s: %s=%s is not supported (accepted: %s%s%s)", optstr, key, v, ok[0],
               ok[1] ? ", " : "", ok[1] ? ok[1] : "");
}

static bool drive_id_ok(const char *id)
{
    if (!isalpha((unsigned char)id[0]))
        return false;
    for (const char *p = id; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("-._", *p))
            return false;
    return true;
}

static int drive_free_index(const char *iface)
{
    for (int i = 0;; i++) {
        bool used = false;
        for (BlockBackend *b = blk_list; b; b = b->next)
            used |= !strcmp(b->iface, iface) && b->index == i;
        if (!used)
            return i;
    }
}

static void drive_register(BlockBackend *b, const char *optstr)
{
    if (b->index < 0)
        b->index = drive_free_index(b->iface);
    if (!b->id)
        b->id = blk_strdup_printf("%s%d", b->iface, b->index);
    BlockBackend **pp = &blk_list;
    for (; *pp; pp = &(*pp)->next) {
        if (!strcmp((*pp)->id, b->id))
            trix_fatal("-drive %s: duplicate drive id '%s'", optstr, b->id);
        if (!strcmp((*pp)->iface, b->iface) && (*pp)->index == b->index &&
            strcmp(b->iface, "none"))
            trix_fatal("-drive %s: drive index %d of if=%s is already in use", optstr,
                       b->index, b->iface);
    }
    *pp = b;
}

/* Open the image (and with snapshot, the overlay over it). */
static void drive_open_chain(BlockBackend *b, const char *optstr, const char *fmt,
                             const DriveCache *c, bool snapshot, bool locking)
{
    NodeOpenOpts o = { .writable = !b->read_only && !snapshot, .direct = c->direct,
                       .locking = locking };
    char *err = NULL;
    BlockNode *n = node_open(b->path, fmt, &o, &err);
    if (!n)
        trix_fatal("-drive %s: %s", optstr, err);
    if (snapshot && !b->read_only) {
        const char *bfmt = n->drv->name;
        BlockNode *ov = snapshot_overlay(n, b->path, bfmt, &err);
        if (!ov)
            trix_fatal("-drive %s: %s", optstr, err);
        n = ov;
    }
    b->root = n;
}

BlockBackend *blk_open_drive(const char *optstr, bool global_snapshot)
{
    static const char *const if_ok[] = { "virtio", "none", NULL };
    static const char *const fmt_ok[] = { "raw", "qcow2", NULL };
    static const char *const disc_ok[] = { "ignore", "unmap", "off", "on", NULL };
    static const char *const media_ok[] = { "disk", NULL };
    static const char *const aio_ok[] = { "threads", NULL };
    static const char *const dz_ok[] = { "off", NULL };
    Opts *o = opts_parse("-drive", optstr, NULL);
    BlockBackend *b = trix_malloc0(sizeof(*b));
    const char *file = opts_get(o, "file");
    if (!file || !*file)
        trix_fatal("-drive %s: missing file=PATH", optstr);
    b->path = trix_strdup(file);
    const char *fmt_opt = drive_choice(o, optstr, "format", NULL, fmt_ok);
    char *fmt = fmt_opt ? trix_strdup(fmt_opt) : NULL;
    b->iface = trix_strdup(drive_choice(o, optstr, "if", "virtio", if_ok));
    const char *id = opts_get(o, "id");
    if (id && !drive_id_ok(id))
        trix_fatal("-drive %s: invalid id '%s' (letters, digits, '-', '.', '_'; starting with "
                   "a letter)", optstr, id);
    b->id = id ? trix_strdup(id) : NULL;
    b->read_only = opts_get_bool(o, "readonly", false);
    const char *cache = opts_get(o, "cache");
    const DriveCache *c = cache ? drive_cache(optstr, cache) : &drive_caches[0];
    b->writethrough = c->writethrough;
    b->no_flush = c->no_flush;
    bool snapshot = opts_get_bool(o, "snapshot", global_snapshot);
    const char *disc = drive_choice(o, optstr, "discard", "ignore", disc_ok);
    b->discard_unmap = !strcmp(disc, "unmap") || !strcmp(disc, "on");
    const char *serial = opts_get(o, "serial");
    b->serial = serial ? trix_strdup(serial) : NULL;
    drive_choice(o, optstr, "media", "disk", media_ok);
    drive_choice(o, optstr, "aio", "threads", aio_ok);
    drive_choice(o, optstr, "detect-zeroes", "off", dz_ok);
    b->index = opts_has(o, "index") ? (int)opts_get_num(o, "index", 0) : -1;
    if (b->index > 1024)
        trix_fatal("-drive %s: index %d out of range", optstr, b->index);
    bool locking = opts_get_bool(o, "file.locking", true);
    opts_finish(o);
    opts_free(o);
    drive_register(b, optstr);
    drive_open_chain(b, optstr, fmt, c, snapshot, locking);
    free(fmt);
    pthread_mutex_init(&b->lock, NULL);
    return b;
}

static void blk_atexit(void)
{
    blk_close_all();
}

void blk_open_all_drives(MachineState *ms)
{
    static bool registered;
    if (!registered) {
        atexit(blk_atexit);
        registered = true;
    }
    for (int i = 0; i < ms->ndrive; i++)
        blk_open_drive(ms->drive[i], ms->snapshot);
}

BlockBackend *blk_by_id(const char *id)
{
    for (BlockBackend *b = blk_list; b; b = b->next)
        if (!strcmp(b->id, id))
            return b;
    return NULL;
}

void blk_drives_for_if(const char *iface, void (*fn)(BlockBackend *, void *), void *opaque)
{
    /* In index order, as QEMU numbers the devices. */
    for (int idx = 0, left = 1; left; idx++) {
        left = 0;
        for (BlockBackend *b = blk_list; b; b = b->next) {
            if (strcmp(b->iface, iface))
                continue;
            if (b->index == idx)
                fn(b, opaque);
            else if (b->index > idx)
                left = 1;
        }
    }
}

void blk_close_all(void)
{
    while (blk_list) {
        BlockBackend *b = blk_list;
        blk_list = b->next;
        if (b->root) {
            pthread_mutex_lock(&b->lock);
            if (!b->read_only && !b->no_flush)
                b->root->drv->flush(b->root);
            node_close(b->root);        /* closing the files drops their locks */
            pthread_mutex_unlock(&b->lock);
        }
        free(b->id);
        free(b->iface);
        free(b->serial);
        free(b->path);
        free(b);
    }
}
