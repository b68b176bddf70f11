/* Boot pieces shared by the boards: RAM claims, -dtb, /chosen, dumpdtb. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include "hw/core/boot_fdt.h"
#include "hw/core/fdt_util.h"

void boot_claim(BootRAM *b, const char *what, const char *path, uint64_t lo, uint64_t hi)
{
    uint64_t ram_end = b->ram_base + b->ram_size;
    if (lo < b->ram_base || hi > ram_end || hi < lo)
        trix_fatal("%s '%s' needs [%#llx, %#llx), outside RAM [%#llx, %#llx) (use a larger -m?)",
                   what, path, (unsigned long long)lo, (unsigned long long)hi,
                   (unsigned long long)b->ram_base, (unsigned long long)ram_end);
    for (int i = 0; i < b->nused; i++) {
        if (lo < b->used[i].hi && b->used[i].lo < hi)
            trix_fatal("%s '%s' at [%#llx, %#llx) overlaps the %s at [%#llx, %#llx)", what,
                       path, (unsigned long long)lo, (unsigned long long)hi, b->used[i].what,
                       (unsigned long long)b->used[i].lo, (unsigned long long)b->used[i].hi);
    }
    ASSERT(b->nused < (int)ARRAY_SIZE(b->used));
    b->used[b->nused].what = what;
    b->used[b->nused].lo = lo;
    b->used[b->nused].hi = hi;
    b->nused++;
}

/* Read and validate -dtb FILE, in a buffer with room for /chosen. */
void *boot_read_dtb(const char *path)
{
    size_t size;
    uint8_t *data = machine_load_file(path, "device tree", &size);
    if (size < sizeof(struct fdt_header) || fdt_check_header(data) != 0 ||
        fdt_totalsize(data) > size)
        trix_fatal("-dtb %s: not a flattened device tree blob (bad header%s)", path,
                   size < sizeof(struct fdt_header) ? ": file too short" : "");
    void *fdt = trix_malloc0(DT_MAX_SIZE);
    int err = fdt_open_into(data, fdt, DT_MAX_SIZE);
    if (err)
        trix_fatal("-dtb %s: %s", path, fdt_strerror(err));
    g_free(data);
    return fdt;
}

void boot_fdt_chosen(void *fdt, MachineState *ms, const char *stdout_path)
{
    int n = fdt_path_offset(fdt, "/chosen");
    if (n < 0)
        n = dt_node(fdt, 0, "chosen");
    if (ms->append)
        dt_prop_str(fdt, n, "bootargs", ms->append);
    if (stdout_path)
        dt_prop_str(fdt, n, "stdout-path", stdout_path);
    if (ms->initrd) {               /* placeholders of the final size, set below */
        dt_prop_u64(fdt, n, "linux,initrd-start", 0);
        dt_prop_u64(fdt, n, "linux,initrd-end", 0);
    }
}

void boot_fdt_set_initrd(void *fdt, uint64_t start, uint64_t end)
{
    int n = dt_path(fdt, "/chosen");      /* the tree is packed now: same-size updates */
    if (fdt_setprop_inplace_u64(fdt, n, "linux,initrd-start", start) ||
        fdt_setprop_inplace_u64(fdt, n, "linux,initrd-end", end))
        trix_fatal("device tree: cannot set the initrd location in /chosen");
}

void boot_dump_fdt(const char *path, const void *fdt)
{
    GError *err = NULL;
    if (!g_file_set_contents(path, fdt, fdt_totalsize(fdt), &err))
        trix_fatal("dumpdtb: cannot write '%s': %s", path, err->message);
    exit(0);
}
