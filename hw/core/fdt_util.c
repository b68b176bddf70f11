/* Device-tree building helpers: a fixed-size libfdt blob, properties, phandles. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "hw/core/fdt_util.h"

static void dt_check(int err, const char *what, const char *name)
{
    if (err == -FDT_ERR_NOSPACE)
        trix_fatal("device tree larger than %d bytes", DT_MAX_SIZE);
    if (err < 0)
        trix_fatal("device tree: %s %s: %s", what, name, fdt_strerror(err));
}

void *dt_create(void)
{
    void *fdt = trix_malloc0(DT_MAX_SIZE);
    dt_check(fdt_create_empty_tree(fdt, DT_MAX_SIZE), "create", "/");
    return fdt;
}

size_t dt_finish(void *fdt)
{
    dt_check(fdt_pack(fdt), "pack", "/");
    return fdt_totalsize(fdt);
}

uint32_t dt_new_phandle(void *fdt)
{
    uint32_t ph;
    dt_check(fdt_generate_phandle(fdt, &ph), "phandle", "");
    return ph;
}

int dt_node(void *fdt, int parent, const char *name)
{
    int off = fdt_add_subnode(fdt, parent, name);
    dt_check(off, "node", name);
    return off;
}

int dt_node_fmt(void *fdt, int parent, const char *fmt, ...)
{
    char name[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof(name), fmt, ap);
    va_end(ap);
    return dt_node(fdt, parent, name);
}

int dt_path(void *fdt, const char *path)
{
    int off = fdt_path_offset(fdt, path);
    dt_check(off, "path", path);
    return off;
}

void dt_prop(void *fdt, int node, const char *name, const void *val, int len)
{
    dt_check(fdt_setprop(fdt, node, name, val, len), "property", name);
}

void dt_prop_empty(void *fdt, int node, const char *name)
{
    dt_prop(fdt, node, name, NULL, 0);
}

void dt_prop_u32(void *fdt, int node, const char *name, uint32_t v)
{
    fdt32_t be = cpu_to_fdt32(v);
    dt_prop(fdt, node, name, &be, sizeof(be));
}

void dt_prop_u64(void *fdt, int node, const char *name, uint64_t v)
{
    fdt64_t be = cpu_to_fdt64(v);
    dt_prop(fdt, node, name, &be, sizeof(be));
}

void dt_prop_str(void *fdt, int node, const char *name, const char *s)
{
    dt_prop(fdt, node, name, s, (int)strlen(s) + 1);
}

void dt_prop_strs(void *fdt, int node, const char *name, ...)
{
    char buf[512];
    int len = 0;
    va_list ap;
    va_start(ap, name);
    for (const char *s; (s = va_arg(ap, const char *)) != NULL;) {
        int n = (int)strlen(s) + 1;
        ASSERT(len + n <= (int)sizeof(buf));
        memcpy(buf + len, s, n);
        len += n;
    }
    va_end(ap);
    dt_prop(fdt, node, name, buf, len);
}

void dt_prop_cells(void *fdt, int node, const char *name, const uint32_t *cells, int n)
{
    fdt32_t *be = trix_malloc0(sizeof(*be) * (n ? n : 1));
    for (int i = 0; i < n; i++)
        be[i] = cpu_to_fdt32(cells[i]);
    dt_prop(fdt, node, name, be, n * (int)sizeof(*be));
    free(be);
}

void dt_prop_reg2(void *fdt, int node, const uint64_t *pairs, int npairs)
{
    uint32_t cells[64];
    ASSERT(npairs * 4 <= (int)ARRAY_SIZE(cells));
    for (int i = 0; i < npairs * 2; i++) {
        cells[2 * i] = (uint32_t)(pairs[i] >> 32);
        cells[2 * i + 1] = (uint32_t)pairs[i];
    }
    dt_prop_cells(fdt, node, "reg", cells, npairs * 4);
}

uint32_t dt_set_phandle(void *fdt, int node)
{
    uint32_t ph = dt_new_phandle(fdt);
    dt_prop_u32(fdt, node, "phandle", ph);
    return ph;
}

void dt_set_phandle_value(void *fdt, int node, uint32_t ph)
{
    dt_prop_u32(fdt, node, "phandle", ph);
}

uint32_t dt_phandle_of(void *fdt, const char *path)
{
    uint32_t ph = fdt_get_phandle(fdt, dt_path(fdt, path));
    if (!ph)
        trix_fatal("device tree: %s has no phandle", path);
    return ph;
}
