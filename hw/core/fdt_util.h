/* Device-tree building helpers over libfdt: every failure is fatal (a board bug). */
#ifndef TRIX_HW_FDT_UTIL_H
#define TRIX_HW_FDT_UTIL_H

#include <libfdt.h>
#include "trix/common.h"

/*
 * Boards build the tree in one fixed-size buffer (DT_MAX_SIZE; QEMU-sized trees are a few KiB)
 * and pack it at the end. libfdt node offsets move when anything before them grows, so
 * device code looks its parent up by path (dt_path) and finishes one node before the next.
 */
#define DT_MAX_SIZE (1024 * 1024)

void *dt_create(void);                              /* empty tree, DT_MAX_SIZE buffer */
size_t dt_finish(void *fdt);                        /* pack; returns the blob size */
uint32_t dt_new_phandle(void *fdt);                 /* one more than any used */

int dt_node(void *fdt, int parent, const char *name);
int dt_node_fmt(void *fdt, int parent, const char *fmt, ...) PRINTF_FMT(3, 4);
int dt_path(void *fdt, const char *path);           /* fatal when missing */

void dt_prop(void *fdt, int node, const char *name, const void *val, int len);
void dt_prop_empty(void *fdt, int node, const char *name);
void dt_prop_u32(void *fdt, int node, const char *name, uint32_t v);
void dt_prop_u64(void *fdt, int node, const char *name, uint64_t v);
void dt_prop_str(void *fdt, int node, const char *name, const char *s);
/* A string list from NULL-terminated arguments: dt_prop_strs(fdt, n, "compatible", a, b, NULL). */
void dt_prop_strs(void *fdt, int node, const char *name, ...);
void dt_prop_cells(void *fdt, int node, const char *name, const uint32_t *cells, int n);
/* "reg" for #address-cells = #size-cells = 2: npairs (address, size) pairs. */
void dt_prop_reg2(void *fdt, int node, const uint64_t *pairs, int npairs);
/* Give node a fresh phandle and return it. */
uint32_t dt_set_phandle(void *fdt, int node);
/* Give node the phandle ph (boards that number them as QEMU does; later dt_set_phandle
 * calls continue above the largest). */
void dt_set_phandle_value(void *fdt, int node, uint32_t ph);
/* The phandle of the node at path (fatal when it has none). */
uint32_t dt_phandle_of(void *fdt, const char *path);

#endif
