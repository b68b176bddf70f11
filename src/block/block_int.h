/* Block layer internals: image nodes (a format driver over a host file), the file layer, locking. */
#ifndef TRIX_BLOCK_INT_H
#define TRIX_BLOCK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "block.h"

/* ---- host files (file.c) ---- */
typedef struct BlockFile {
    int fd;
    char *path;
    bool direct;            /* opened with O_DIRECT: I/O goes through aligned bounce buffers */
    bool writable;
    bool is_blockdev;
    size_t align;           /* 1, or the O_DIRECT alignment */
    int64_t size;           /* current length in bytes */
} BlockFile;

/* Open path (writable or not, O_DIRECT if direct and the file system allows it). NULL and a
 * message in *err on failure. */
BlockFile *bfile_open(const char *path, bool writable, bool direct, char **err);
/* Wrap an already open descriptor (fuzzing, temporary overlays); takes ownership of fd. */
BlockFile *bfile_from_fd(int fd, const char *name, bool writable);
void bfile_close(BlockFile *f);
/* Whole reads (zero-filled past the end of the file) and writes: 0 or -errno. */
int bfile_pread(BlockFile *f, uint64_t off, void *buf, size_t len);
int bfile_pwrite(BlockFile *f, uint64_t off, const void *buf, size_t len);
int bfile_flush(BlockFile *f);
/* Punch a hole (reads back as zeros) or zero a range; -ENOTSUP when the host cannot. */
int bfile_punch(BlockFile *f, uint64_t off, uint64_t len);
int bfile_zero_range(BlockFile *f, uint64_t off, uint64_t len);
/* Write len zero bytes (fallback for write-zeroes). */
int bfile_write_zeros(BlockFile *f, uint64_t off, uint64_t len);
int bfile_truncate(BlockFile *f, uint64_t size);

/* ---- image locking (lock.c): QEMU's permission bytes ---- */
enum { LOCK_PERM_READ = 1, LOCK_PERM_WRITE = 2, LOCK_PERM_WRITE_UNCHANGED = 4,
       LOCK_PERM_RESIZE = 8 };
/* Take the locks for perms held and perms not shared with others; NULL or an error message
 * naming the conflicting permission. Locks go away with the descriptor. */
char *lock_image(BlockFile *f, unsigned held, unsigned unshared);

/* ---- image nodes ---- */
typedef struct BlockNode BlockNode;

typedef struct BlockDriver {
    const char *name;
    int (*pread)(BlockNode *n, uint64_t off, void *buf, size_t len);
    int (*pwrite)(BlockNode *n, uint64_t off, const void *buf, size_t len);
    int (*flush)(BlockNode *n);
    int (*discard)(BlockNode *n, uint64_t off, uint64_t len);
    int (*write_zeroes)(BlockNode *n, uint64_t off, uint64_t len, bool may_unmap);
    void (*close)(BlockNode *n);
} BlockDriver;

struct BlockNode {
    const BlockDriver *drv;
    void *opaque;               /* the driver's state */
    BlockFile *file;
    BlockNode *backing;         /* qcow2 backing image, or NULL */
    uint64_t size;              /* virtual size in bytes */
    bool writable;
    bool probed_raw;            /* raw by probing: writes must not make sector 0 a qcow2 header */
};

typedef struct NodeOpenOpts {
    bool writable;
    bool direct;                /* cache=none|directsync */
    bool locking;               /* take QEMU's image locks */
    bool no_backing;            /* refuse images with a backing file (fuzzing) */
    bool skip_backing;          /* the caller attaches the backing node itself */
    int depth;                  /* backing chain depth so far */
} NodeOpenOpts;

/* Open path as format fmt ("raw", "qcow2", or NULL to probe, which warns like QEMU). */
BlockNode *node_open(const char *path, const char *fmt, const NodeOpenOpts *o, char **err);
/* Open an already opened file as format fmt (takes ownership of f, also on failure). */
BlockNode *node_open_file(BlockFile *f, const char *fmt, const NodeOpenOpts *o, char **err);
void node_close(BlockNode *n);
/* Read from a backing node: past its end the data reads as zeros. */
int node_read_backing(BlockNode *b, uint64_t off, void *buf, size_t len);

extern const BlockDriver raw_driver;
extern const BlockDriver qcow2_driver;
BlockNode *raw_open(BlockFile *f, const NodeOpenOpts *o, char **err);
/* On failure f stays open (the caller closes it). */
BlockNode *qcow2_open(BlockFile *f, const NodeOpenOpts *o, char **err);
bool qcow2_probe(const uint8_t *buf, size_t len);
/* Create an empty qcow2 v3 image (64 KiB clusters) of size bytes on the empty file f;
 * backing names the backing file (or NULL). 0 or -errno. */
int qcow2_create(BlockFile *f, uint64_t size, const char *backing, const char *backing_fmt);

/* A temporary overlay for snapshot=on: an unlinked qcow2 file whose backing is base. */
BlockNode *snapshot_overlay(BlockNode *base, const char *base_path, const char *base_fmt,
                            char **err);

/* asprintf that never fails (fatal on memory exhaustion). */
char *blk_strdup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
