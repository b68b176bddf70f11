/* SiFive PLIC: priorities, pending bits, per-context enables and thresholds, claim/complete. */
#include <stdlib.h>
#include <string.h>
#include "hw/intc/plic.h"
#include "hw/core/fdt_util.h"

enum {
    PLIC_PRIORITY_BASE = 0x0,
    PLIC_PENDING_BASE = 0x1000,
    PLIC_ENABLE_BASE = 0x2000,
    PLIC_ENABLE_STRIDE = 0x80,
    PLIC_CONTEXT_BASE = 0x200000,
    PLIC_CONTEXT_STRIDE = 0x1000,
};

static bool plic_bit(const uint32_t *w, int n) { return (w[n / 32] >> (n % 32)) & 1; }

static void plic_set_bit(uint32_t *w, int n, bool v)
{
    if (v)
        w[n / 32] |= 1u << (n % 32);
    else
        w[n / 32] &= ~(1u << (n % 32));
}

/* The best source context c may take: highest priority above its threshold, lowest ID on a
 * tie; 0 when none. */
static int plic_best(const PLICState *s, const PLICContext *c)
{
    int best = 0;
    uint32_t best_prio = c->threshold;
    for (int w = 0; w < PLIC_WORDS; w++) {
        uint32_t bits = s->pending[w] & c->enable[w];
        while (bits) {
            int n = w * 32 + __builtin_ctz(bits);
            bits &= bits - 1;
            if (s->priority[n] > best_prio) {
                best = n;
                best_prio = s->priority[n];
            }
        }
    }
    return best;
}

static void plic_update(PLICState *s)
{
    for (int i = 0; i < s->ncontexts; i++) {
        PLICContext *c = &s->ctx[i];
        int level = plic_best(s, c) != 0;
        if (level != c->level) {
            c->level = level;
            irq_set(&c->out, level);
        }
    }
}

/* Level-sensitive gateway: a source is pending while its line is high and it is not in
 * service. */
static void plic_set_irq(void *opaque, int n, int level)
{
    PLICState *s = opaque;
    plic_set_bit(s->line, n, level);
    if (!plic_bit(s->claimed, n))
        plic_set_bit(s->pending, n, level);
    plic_update(s);
}

IRQ plic_input(PLICState *s, int n)
{
    ASSERT(n > 0 && n < PLIC_NUM_SOURCES);
    return irq_make(plic_set_irq, s, n);
}

static uint32_t plic_claim(PLICState *s, PLICContext *c)
{
    int n = plic_best(s, c);
    if (n) {
        plic_set_bit(s->pending, n, false);
        plic_set_bit(s->claimed, n, true);
        plic_update(s);
    }
    return (uint32_t)n;
}

static void plic_complete(PLICState *s, PLICContext *c, uint32_t id)
{
    /* The spec ignores completions of sources not enabled for this context. */
    if (id == 0 || id >= PLIC_NUM_SOURCES || !plic_bit(c->enable, (int)id)) {
        log_mask(LOG_GUEST_ERROR, "plic: completion of source %u not enabled for context %d\n",
                 id, (int)(c - s->ctx));
        return;
    }
    plic_set_bit(s->claimed, (int)id, false);
    if (plic_bit(s->line, (int)id))
        plic_set_bit(s->pending, (int)id, true);
    plic_update(s);
}

static void plic_bad(const char *what, uint64_t offset, unsigned size)
{
    log_mask(LOG_GUEST_ERROR, "plic: %s of %u bytes at bad offset %#llx\n",
             what, size, (unsigned long long)offset);
}

/* The context for an enable-word or context-register offset, or NULL. */
static PLICContext *plic_ctx_at(PLICState *s, uint64_t offset, uint64_t base, uint64_t stride,
                                uint64_t *rest)
{
    uint64_t i = (offset - base) / stride;
    if (i >= (uint64_t)s->ncontexts)
        return NULL;
    *rest = (offset - base) % stride;
    return &s->ctx[i];
}

uint64_t plic_read(void *opaque, uint64_t offset, unsigned size)
{
    PLICState *s = opaque;
    PLICContext *c;
    uint64_t r;
    if (size != 4 || (offset & 3)) {
        plic_bad("read", offset, size);
        return 0;
    }
    if (offset < PLIC_PENDING_BASE) {
        if (offset / 4 < PLIC_NUM_SOURCES)
            return s->priority[offset / 4];
    } else if (offset < PLIC_ENABLE_BASE) {
        if ((offset - PLIC_PENDING_BASE) / 4 < PLIC_WORDS)
            return s->pending[(offset - PLIC_PENDING_BASE) / 4];
    } else if (offset < PLIC_CONTEXT_BASE) {
        c = plic_ctx_at(s, offset, PLIC_ENABLE_BASE, PLIC_ENABLE_STRIDE, &r);
        if (c && r / 4 < PLIC_WORDS)
            return c->enable[r / 4];
    } else if ((c = plic_ctx_at(s, offset, PLIC_CONTEXT_BASE, PLIC_CONTEXT_STRIDE, &r))) {
        if (r == 0)
            return c->threshold;
        if (r == 4)
            return plic_claim(s, c);
    }
    plic_bad("read", offset, size);
    return 0;
}

static void plic_write_enable(PLICState *s, PLICContext *c, unsigned word, uint32_t val)
{
    if (word == 0)
        val &= ~1u;                 /* source 0 does not exist */
    if (word == PLIC_WORDS - 1 && PLIC_NUM_SOURCES % 32)
        val &= (1u << (PLIC_NUM_SOURCES % 32)) - 1;
    c->enable[word] = val;
    plic_update(s);
}

void plic_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    PLICState *s = opaque;
    PLICContext *c;
    uint64_t r;
    uint32_t v = (uint32_t)val;
    if (size != 4 || (offset & 3)) {
        plic_bad("write", offset, size);
        return;
    }
    if (offset < PLIC_PENDING_BASE) {
        if (offset / 4 < PLIC_NUM_SOURCES && offset != 0) {
            s->priority[offset / 4] = v & PLIC_MAX_PRIORITY;
            plic_update(s);
            return;
        }
    } else if (offset < PLIC_ENABLE_BASE) {
        /* pending bits are read-only */
    } else if (offset < PLIC_CONTEXT_BASE) {
        c = plic_ctx_at(s, offset, PLIC_ENABLE_BASE, PLIC_ENABLE_STRIDE, &r);
        if (c && r / 4 < PLIC_WORDS) {
            plic_write_enable(s, c, (unsigned)(r / 4), v);
            return;
        }
    } else if ((c = plic_ctx_at(s, offset, PLIC_CONTEXT_BASE, PLIC_CONTEXT_STRIDE, &r))) {
        if (r == 0) {
            c->threshold = v & PLIC_MAX_PRIORITY;
            plic_update(s);
            return;
        }
        if (r == 4) {
            plic_complete(s, c, v);
            return;
        }
    }
    plic_bad("write", offset, size);
}

void plic_reset(PLICState *s)
{
    memset(s->priority, 0, sizeof(s->priority));
    memset(s->claimed, 0, sizeof(s->claimed));
    memcpy(s->pending, s->line, sizeof(s->pending));
    for (int i = 0; i < s->ncontexts; i++) {
        memset(s->ctx[i].enable, 0, sizeof(s->ctx[i].enable));
        s->ctx[i].threshold = 0;
    }
    plic_update(s);
}

static const MemoryRegionOps plic_ops = {
    .read = plic_read,
    .write = plic_write,
    .min_size = 4,
    .max_size = 4,
};

PLICState *plic_new(int ncontexts, const IRQ *ctx_out)
{
    ASSERT(ncontexts > 0 && ncontexts <= PLIC_MAX_CONTEXTS);
    PLICState *s = trix_malloc0(sizeof(*s));
    s->ncontexts = ncontexts;
    s->ctx = trix_malloc0(sizeof(*s->ctx) * ncontexts);
    for (int i = 0; i < ncontexts; i++)
        s->ctx[i].out = ctx_out[i];
    return s;
}

PLICState *plic_create(uint64_t base, int ncontexts, const IRQ *ctx_out)
{
    PLICState *s = plic_new(ncontexts, ctx_out);
    mem_map_mmio("plic", base, PLIC_SIZE, &plic_ops, s);
    return s;
}

uint32_t plic_fdt(void *fdt, const char *parent_path, uint64_t base, int nharts,
                  const uint32_t *hart_intc)
{
    int n = dt_node_fmt(fdt, dt_path(fdt, parent_path), "plic@%llx", (unsigned long long)base);
    uint32_t ph = dt_set_phandle(fdt, n);
    dt_prop_u32(fdt, n, "riscv,ndev", PLIC_NUM_SOURCES - 1);
    uint64_t reg[2] = { base, PLIC_SIZE };
    dt_prop_reg2(fdt, n, reg, 1);
    uint32_t *cells = trix_malloc0(sizeof(uint32_t) * 4 * nharts);
    for (int i = 0; i < nharts; i++) {
        cells[4 * i + 0] = hart_intc[i];
        cells[4 * i + 1] = 11;      /* context 2i: machine external interrupt */
        cells[4 * i + 2] = hart_intc[i];
        cells[4 * i + 3] = 9;       /* context 2i+1: supervisor external interrupt */
    }
    dt_prop_cells(fdt, n, "interrupts-extended", cells, 4 * nharts);
    free(cells);
    dt_prop_empty(fdt, n, "interrupt-controller");
    dt_prop_strs(fdt, n, "compatible", "sifive,plic-1.0.0", "riscv,plic0", NULL);
    dt_prop_u32(fdt, n, "#address-cells", 0);
    dt_prop_u32(fdt, n, "#interrupt-cells", 1);
    return ph;
}
