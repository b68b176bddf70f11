/* The Linux/x86 boot protocol for a bzImage: setup header, boot_params with e820, cmdline, initrd, 64-bit entry. */
/*
 * Documentation/arch/x86/boot.rst: the file is the real-mode setup (setup_sects + 1 sectors)
 * followed by the protected-mode kernel, which goes to 1 MiB. The loader fills a zero page
 * (struct boot_params) with a copy of the setup header and the fields a loader owns
 * (type_of_loader, cmd_line_ptr, ramdisk_image/size, the e820 table, acpi_rsdp_addr) and,
 * for protocol 2.12+ kernels with XLF_KERNEL_64, enters startup_64 at the load address +
 * 0x200 in long mode with an identity map and rsi = the zero page. Older (>= 2.06) kernels
 * get the 32-bit entry at code32_start with esi = the zero page.
 */
#include <glib.h>
#include <string.h>
#include "hw/i386/x86_boot.h"
#include "hw/core/loader.h"

#define LINUX_HDR_MAGIC 0x53726448u     /* "HdrS" at 0x202 */
#define LINUX_LOAD_ADDR X86_1M
enum {
    BP_ACPI_RSDP = 0x070, BP_EXT_RAMDISK_IMAGE = 0x0c0, BP_EXT_RAMDISK_SIZE = 0x0c4,
    BP_EXT_CMD_LINE_PTR = 0x0c8, BP_E820_ENTRIES = 0x1e8, BP_SETUP_SECTS = 0x1f1,
    BP_VID_MODE = 0x1fa, BP_JUMP = 0x200, BP_HEADER = 0x202, BP_VERSION = 0x206,
    BP_TYPE_OF_LOADER = 0x210, BP_LOADFLAGS = 0x211, BP_CODE32_START = 0x214,
    BP_RAMDISK_IMAGE = 0x218, BP_RAMDISK_SIZE = 0x21c, BP_HEAP_END_PTR = 0x224,
    BP_CMD_LINE_PTR = 0x228, BP_INITRD_ADDR_MAX = 0x22c, BP_XLOADFLAGS = 0x236,
    BP_CMDLINE_SIZE = 0x238, BP_INIT_SIZE = 0x260, BP_E820_TABLE = 0x2d0,
    BP_SIZE = 0x1000, BP_E820_MAX = 128,
};
enum { LF_LOADED_HIGH = 1, LF_CAN_USE_HEAP = 0x80, XLF_KERNEL_64 = 1 };

static uint16_t rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static void wr32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

/* What the setup header says, checked. */
typedef struct LinuxHeader {
    uint16_t version;
    uint64_t setup_size;            /* bytes of real-mode code before the kernel proper */
    uint64_t initrd_max;            /* highest address the initrd may end at (inclusive) */
    uint64_t cmdline_max;           /* bytes including the NUL */
    uint64_t init_size;             /* memory the kernel needs from its load address */
    bool entry64;
} LinuxHeader;

static void linux_parse_header(const char *path, const uint8_t *img, size_t size,
                               LinuxHeader *h)
{
    h->version = rd16(img + BP_VERSION);
    if (h->version < 0x206)
        trix_fatal("-kernel %s: Linux boot protocol %u.%02u is too old (trix needs 2.06 or "
                   "later)", path, h->version >> 8, h->version & 0xff);
    if (!(img[BP_LOADFLAGS] & LF_LOADED_HIGH))
        trix_fatal("-kernel %s: a zImage (loaded low) is not supported: use a bzImage", path);
    unsigned sects = img[BP_SETUP_SECTS] ? img[BP_SETUP_SECTS] : 4;
    h->setup_size = (sects + 1) * 512ull;
    if (h->setup_size >= size)
        trix_fatal("-kernel %s: truncated bzImage (%zu bytes, the setup alone is %llu)", path,
                   size, (unsigned long long)h->setup_size);
    h->initrd_max = rd32(img + BP_INITRD_ADDR_MAX);
    h->cmdline_max = (uint64_t)rd32(img + BP_CMDLINE_SIZE) + 1;
    uint64_t payload = size - h->setup_size;
    h->init_size = h->version >= 0x20a ? rd32(img + BP_INIT_SIZE) : 0;
    if (h->init_size < payload)
        h->init_size = payload;
    h->entry64 = h->version >= 0x20c && (rd16(img + BP_XLOADFLAGS) & XLF_KERNEL_64);
}

/* The zero page: the setup header as in the file, then the loader's fields. */
static void linux_fill_params(uint8_t *bp, const uint8_t *img, const X86Machine *xm,
                              const LinuxHeader *h)
{
    unsigned hdr_end = BP_HEADER + img[BP_JUMP + 1];
    if (hdr_end > BP_E820_TABLE)
        hdr_end = BP_E820_TABLE;
    memcpy(bp + BP_SETUP_SECTS, img + BP_SETUP_SECTS, hdr_end - BP_SETUP_SECTS);
    bp[BP_TYPE_OF_LOADER] = 0xff;                       /* undefined loader */
    bp[BP_LOADFLAGS] |= LF_CAN_USE_HEAP;
    bp[BP_VID_MODE] = 0xff;                             /* 0xffff: "normal" */
    bp[BP_VID_MODE + 1] = 0xff;
    bp[BP_HEAP_END_PTR] = 0x00;                         /* 0xfe00 below the setup */
    bp[BP_HEAP_END_PTR + 1] = 0xfe;
    wr32(bp + BP_CODE32_START, (uint32_t)LINUX_LOAD_ADDR);
    int n = xm->ne820 < BP_E820_MAX ? xm->ne820 : BP_E820_MAX;
    for (int i = 0; i < n; i++) {
        uint8_t *e = bp + BP_E820_TABLE + 20 * i;
        memcpy(e, &xm->e820[i].addr, 8);
        memcpy(e + 8, &xm->e820[i].size, 8);
        memcpy(e + 16, &xm->e820[i].type, 4);
    }
    bp[BP_E820_ENTRIES] = (uint8_t)n;
    if (xm->rsdp && h->version >= 0x20e)
        memcpy(bp + BP_ACPI_RSDP, &xm->rsdp, 8);
}

/* The initrd at the top of RAM below the kernel's limit, above the kernel. */
static void linux_load_initrd(X86Machine *xm, uint8_t *bp, const LinuxHeader *h,
                              uint64_t kernel_end)
{
    const char *path = xm->ms->initrd;
    size_t size;
    uint8_t *data = machine_load_file(path, "initrd", &size);
    uint64_t limit = h->initrd_max ? h->initrd_max + 1 : 0x38000000ull;
    uint64_t at = x86_boot_place_high(xm, "initrd", path, size, kernel_end, limit);
    loader_write("initrd", path, at, data, size);
    wr32(bp + BP_RAMDISK_IMAGE, (uint32_t)at);
    wr32(bp + BP_RAMDISK_SIZE, (uint32_t)size);
    wr32(bp + BP_EXT_RAMDISK_IMAGE, (uint32_t)(at >> 32));
    wr32(bp + BP_EXT_RAMDISK_SIZE, (uint32_t)((uint64_t)size >> 32));
    g_free(data);
}

bool x86_linux_load(X86Machine *xm, const uint8_t *img, size_t size, X86BootState *bs)
{
    const char *path = xm->ms->kernel;
    if (size < BP_HEADER + 4 || rd32(img + BP_HEADER) != LINUX_HDR_MAGIC)
        return false;
    if (size < BP_INIT_SIZE + 4)
        trix_fatal("-kernel %s: truncated bzImage (%zu bytes)", path, size);
    LinuxHeader h;
    linux_parse_header(path, img, size, &h);
    uint64_t kernel_end = LINUX_LOAD_ADDR + h.init_size;
    if (kernel_end > xm->below_4g)
        trix_fatal("-kernel %s: the kernel needs [%#llx, %#llx) and RAM below 4 GiB ends at "
                   "%#llx (use a larger -m)", path, (unsigned long long)LINUX_LOAD_ADDR,
                   (unsigned long long)kernel_end, (unsigned long long)xm->below_4g);
    loader_write("kernel", path, LINUX_LOAD_ADDR, img + h.setup_size, size - h.setup_size);
    uint8_t *bp = g_malloc0(BP_SIZE);
    linux_fill_params(bp, img, xm, &h);
    uint64_t cmdline = x86_boot_cmdline(xm->cmdline, h.cmdline_max);
    wr32(bp + BP_CMD_LINE_PTR, (uint32_t)cmdline);
    wr32(bp + BP_EXT_CMD_LINE_PTR, 0);
    if (xm->ms->initrd)
        linux_load_initrd(xm, bp, &h, kernel_end);
    loader_write("boot_params", path, X86_BOOT_PARAMS, bp, BP_SIZE);
    g_free(bp);
    x86_boot_gdt(bs, h.entry64);
    if (h.entry64) {
        bs->mode = X86_BOOT_LONG64;
        bs->rip = LINUX_LOAD_ADDR + 0x200;
        bs->cr3 = x86_boot_identity_map();
    } else {
        bs->mode = X86_BOOT_FLAT32;
        bs->rip = LINUX_LOAD_ADDR;
    }
    bs->regs[6] = X86_BOOT_PARAMS;                      /* rsi / esi */
    return true;
}
