/* ACPI table writer: standard headers with checksums, the RSDP/RSDT/XSDT chain, MADT, FADT (rev 5), FACS, HPET. */
#include <string.h>
#include "hw/acpi/acpi_tables.h"
#include "hw/core/loader.h"
#include "hw/intc/apic.h"
#include "hw/intc/ioapic.h"

static uint8_t acpi_sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    while (n--)
        s += *p++;
    return (uint8_t)-s;
}

void acpi_build_init(AcpiBuild *b, uint64_t base, uint64_t size)
{
    *b = (AcpiBuild){ .base = base, .size = size, .next = base + 64 };
}

static uint64_t acpi_place(AcpiBuild *b, const void *data, size_t len, uint64_t align)
{
    uint64_t at = (b->next + align - 1) & ~(align - 1);
    if (at + len > b->base + b->size)
        trix_fatal("internal error: the ACPI tables do not fit in %#llx bytes",
                   (unsigned long long)b->size);
    loader_write("ACPI tables", "-", at, data, len);
    b->next = at + len;
    return at;
}

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

uint64_t acpi_add_table(AcpiBuild *b, const char *sig, uint8_t rev, Aml *body, bool listed)
{
    size_t len = 36 + body->len;
    uint8_t *t = g_malloc0(len);
    memcpy(t, sig, 4);
    put32(t + 4, (uint32_t)len);
    t[8] = rev;
    memcpy(t + 10, ACPI_OEM_ID, 6);
    memcpy(t + 16, ACPI_OEM_TABLE, 8);
    put32(t + 24, 1);
    memcpy(t + 28, "TRIX", 4);
    put32(t + 32, 1);
    memcpy(t + 36, body->data, body->len);
    t[9] = acpi_sum(t, len);
    uint64_t at = acpi_place(b, t, len, 16);
    g_free(t);
    aml_free(body);
    if (listed) {
        ASSERT(b->n < (int)ARRAY_SIZE(b->xsdt));
        b->xsdt[b->n++] = at;
    }
    return at;
}

uint64_t acpi_add_facs(AcpiBuild *b)
{
    uint8_t f[64] = { 'F', 'A', 'C', 'S', 64 };
    f[32] = 2;                                      /* version */
    return acpi_place(b, f, sizeof(f), 64);
}

uint64_t acpi_finish(AcpiBuild *b)
{
    Aml *x = aml_new(), *r = aml_new();
    for (int i = 0; i < b->n; i++) {
        uint32_t a32 = (uint32_t)b->xsdt[i];
        aml_bytes(x, &b->xsdt[i], 8);
        aml_bytes(r, &a32, 4);
    }
    uint64_t xsdt = acpi_add_table(b, "XSDT", 1, x, false);
    uint64_t rsdt = acpi_add_table(b, "RSDT", 1, r, false);
    uint8_t p[36] = { 'R', 'S', 'D', ' ', 'P', 'T', 'R', ' ' };
    memcpy(p + 9, ACPI_OEM_ID, 6);
    p[15] = 2;
    put32(p + 16, (uint32_t)rsdt);
    put32(p + 20, sizeof(p));
    put64(p + 24, xsdt);
    p[8] = acpi_sum(p, 20);
    p[32] = acpi_sum(p, 36);
    loader_write("ACPI RSDP", "-", b->base, p, sizeof(p));
    return b->base;
}

Aml *acpi_madt(const AcpiMadtConfig *c)
{
    Aml *m = aml_new();
    uint8_t hdr[8];
    put32(hdr, (uint32_t)APIC_DEFAULT_BASE);
    put32(hdr + 4, c->pcat_compat ? 1 : 0);
    aml_bytes(m, hdr, 8);
    for (int i = 0; i < c->ncpus; i++) {
        uint8_t e[8] = { 0, 8, (uint8_t)i, (uint8_t)i, 1 };     /* enabled */
        aml_bytes(m, e, 8);
    }
    for (int i = 0; i < c->nioapic; i++) {
        uint8_t e[12] = { 1, 12, (uint8_t)(c->ioapic_id + i) };
        put32(e + 4, (uint32_t)(IOAPIC_DEFAULT_BASE + 0x10000ull * i));
        put32(e + 8, (uint32_t)(IOAPIC_NUM_PINS * i));
        aml_bytes(m, e, 12);
    }
    if (c->irq0_override) {
        uint8_t e[10] = { 2, 10, 0, 0 };
        put32(e + 4, 2);
        aml_bytes(m, e, 10);
    }
    for (int irq = 1; irq < 16; irq++) {
        if (!(c->level_irqs & (1u << irq)))
            continue;
        uint8_t e[10] = { 2, 10, 0, (uint8_t)irq };
        put32(e + 4, (uint32_t)irq);
        put16(e + 8, 0xd);                          /* active high, level */
        aml_bytes(m, e, 10);
    }
    uint8_t nmi[6] = { 4, 6, 0xff, 0, 0, 1 };       /* all processors, LINT1 */
    aml_bytes(m, nmi, 6);
    return m;
}

/* A Generic Address Structure. */
static void gas(uint8_t *p, int space, int bits, int access, uint64_t addr)
{
    p[0] = (uint8_t)space;
    p[1] = (uint8_t)bits;
    p[2] = 0;
    p[3] = (uint8_t)access;
    put64(p + 4, addr);
}

Aml *acpi_fadt(const AcpiFadtConfig *c)
{
    uint8_t f[268 - 36] = { 0 };
#define F(off) (f + (off) - 36)
    put32(F(36), (uint32_t)c->facs);
    put32(F(40), (uint32_t)c->dsdt);
    uint32_t flags = 1 | 4 | 1 << 5;                /* WBINVD, C1, no sleep button */
    if (c->hw_reduced) {
        flags |= 1u << 20 | 1u << 4;                /* HW_REDUCED_ACPI, no fixed power button */
        gas(F(244), 0, 8, 1, c->sleep_ctl);
        gas(F(256), 0, 8, 1, c->sleep_sts);
    } else {
        put16(F(46), (uint16_t)c->sci);
        put32(F(56), c->pm1_evt);
        put32(F(64), c->pm1_cnt);
        put32(F(76), c->pm_tmr);
        F(88)[0] = 4;
        F(89)[0] = 2;
        F(91)[0] = 4;
    }
    uint16_t boot_arch = (c->i8042 ? 2 : 0) | (c->vga ? 0 : 4) | (c->rtc ? 0 : 1 << 5);
    put16(F(109), boot_arch);
    if (c->reset_reg) {
        flags |= 1u << 10;                          /* RESET_REG_SUP */
        gas(F(116), c->reset_io ? 1 : 0, 8, 1, c->reset_reg);
        F(128)[0] = c->reset_value;
    }
    put32(F(112), flags);
    F(131)[0] = 1;                                  /* FADT 5.1 */
    put64(F(140), c->dsdt);
#undef F
    Aml *a = aml_new();
    aml_bytes(a, f, sizeof(f));
    return a;
}

Aml *acpi_hpet(uint64_t base)
{
    uint8_t h[56 - 36] = { 0 };
    put32(h, 0x8086a201);                           /* event timer block id, as QEMU's */
    gas(h + 4, 0, 64, 0, base);
    put16(h + 17, 0x80);                            /* minimum tick */
    Aml *a = aml_new();
    aml_bytes(a, h, sizeof(h));
    return a;
}
