/* Translation cache: blocks hashed by (pc, cs_base, flags), per-page lists, links, invalidation. */
/*
 * Every block is reachable three ways, and invalidation must cut all three:
 *  - the hash table (tb_lookup's slow path) and each CPU's direct-mapped tb_jmp_cache;
 *  - the per-guest-page lists used to find the blocks a code write hits;
 *  - goto_tb links from predecessors (jmp_dest[n]), tracked on the destination's jmp_in list.
 * Invalidated blocks are not freed at once, since the writer may be running inside one; they
 * wait on a zombie list until tb_reclaim() runs at the top of the execution loop, where no
 * vCPU is executing block code (the global exec lock makes this true for user-mode threads).
 * All of this runs under the exec lock.
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include "trix/exec.h"
#include "trix/softmmu.h"
#include "trix/tier.h"

#define TB_HASH_BITS 16
#define TB_HASH_SIZE (1u << TB_HASH_BITS)
#define TB_PAGE_BITS 12

static TranslationBlock *tb_hash[TB_HASH_SIZE];
static GHashTable *tb_pages;                /* guest page number -> first TB on that page */
static TranslationBlock *tb_zombies;        /* invalidated, freed by tb_reclaim */
static CPUState *cpu_list;
void (*tb_page_added_hook)(uint64_t page_addr);

static inline unsigned tb_hash_fn(uint64_t pc, uint32_t flags)
{
    uint64_t h = (pc ^ ((uint64_t)flags << 40)) * 0x9e3779b97f4a7c15ull;
    return (unsigned)(h >> (64 - TB_HASH_BITS));
}

void tb_cache_register_cpu(CPUState *cpu)
{
    cpu->next = cpu_list;
    cpu_list = cpu;
}

CPUState *cpu_list_first(void)
{
    return cpu_list;
}

void tb_cache_unregister_cpu(CPUState *cpu)
{
    for (CPUState **p = &cpu_list; *p; p = &(*p)->next) {
        if (*p == cpu) {
            *p = cpu->next;
            return;
        }
    }
}

static bool tb_matches(const TranslationBlock *tb, uint64_t pc, uint64_t cs_base, uint32_t flags)
{
    return tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags && !tb->invalid;
}

/* System mode: is tb's code still what pc maps to? (Jump-cache entries are cleared on every
 * TLB flush, so only the hash path needs this.) */
static bool tb_phys_matches(CPUState *cpu, const TranslationBlock *tb, uint64_t phys_pc)
{
    if (tb->phys_pc != phys_pc)
        return false;
    if (likely(tb->page_addr[1] == (uint64_t)-1))
        return true;
    uint64_t pa, second = (tb->pc + tb->size - 1) & ~(uint64_t)((1u << TB_PAGE_BITS) - 1);
    return softmmu_fetch_paddr(cpu, second, &pa) &&
           (pa & ~(uint64_t)((1u << TB_PAGE_BITS) - 1)) == tb->page_addr[1];
}

TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc, uint64_t cs_base, uint32_t flags)
{
    unsigned idx = tb_jmp_cache_idx(pc);
    TranslationBlock *tb = cpu->tb_jmp_cache[idx];
    if (likely(tb && tb_matches(tb, pc, cs_base, flags)))
        return tb;
    uint64_t phys_pc = pc;
    if (unlikely(exec_softmmu) && !softmmu_fetch_paddr(cpu, pc, &phys_pc))
        return NULL;
    for (tb = tb_hash[tb_hash_fn(pc, flags)]; tb; tb = tb->hash_next) {
        if (tb_matches(tb, pc, cs_base, flags) &&
            (likely(!exec_softmmu) || tb_phys_matches(cpu, tb, phys_pc))) {
            cpu->tb_jmp_cache[idx] = tb;
            return tb;
        }
    }
    return NULL;
}

static void tb_page_link(TranslationBlock *tb, int n)
{
    gpointer key = GSIZE_TO_POINTER(tb->page_addr[n] >> TB_PAGE_BITS);
    TranslationBlock *head = g_hash_table_lookup(tb_pages, key);
    tb->page_next[n] = head;
    g_hash_table_insert(tb_pages, key, tb);
    if (!head && tb_page_added_hook)
        tb_page_added_hook(tb->page_addr[n]);
}

/* Which of its two page slots does tb use for page `page`? */
static int tb_page_slot(const TranslationBlock *tb, uint64_t page)
{
    return tb->page_addr[0] == page ? 0 : 1;
}

static void tb_page_unlink(TranslationBlock *tb, int n)
{
    uint64_t page = tb->page_addr[n];
    gpointer key = GSIZE_TO_POINTER(page >> TB_PAGE_BITS);
    TranslationBlock *p = g_hash_table_lookup(tb_pages, key), *prev = NULL;
    while (p && p != tb) {
        prev = p;
        p = p->page_next[tb_page_slot(p, page)];
    }
    if (!p)
        return;
    if (prev)
        prev->page_next[tb_page_slot(prev, page)] = tb->page_next[n];
    else if (tb->page_next[n])
        g_hash_table_insert(tb_pages, key, tb->page_next[n]);
    else
        g_hash_table_remove(tb_pages, key);
}

void tb_insert(TranslationBlock *tb)
{
    unsigned h = tb_hash_fn(tb->pc, tb->flags);
    if (!tb_pages)
        tb_pages = g_hash_table_new(g_direct_hash, g_direct_equal);
    tb->hash_next = tb_hash[h];
    tb_hash[h] = tb;
    if (likely(!exec_softmmu)) {    /* system mode: exec set the physical pages */
        if (!tb->region)            /* a region's span was set by tier2.c */
            tb->phys_pc = tb->pc;
        uint64_t last = tb->phys_pc + (tb->size ? tb->size - 1 : 0);
        tb->page_addr[0] = tb->phys_pc & ~(uint64_t)((1u << TB_PAGE_BITS) - 1);
        tb->page_addr[1] = last & ~(uint64_t)((1u << TB_PAGE_BITS) - 1);
        if (tb->page_addr[1] == tb->page_addr[0])
            tb->page_addr[1] = (uint64_t)-1;
    }
    for (int n = 0; n < 2; n++)
        if (tb->page_addr[n] != (uint64_t)-1)
            tb_page_link(tb, n);
}

/* The tier patches its code to follow jmp_dest[n] (tests build blocks without a tier). */
static void tb_jmp_set(TranslationBlock *src, int n, TranslationBlock *dst)
{
    if (src->tier && src->tier->link)
        src->tier->link(src, n, dst);
}

/* Link src's goto_tb slot n to dst. */
void tb_link(TranslationBlock *src, int n, TranslationBlock *dst)
{
    if (src->jmp_dest[n] || src->invalid || dst->invalid)
        return;
    src->jmp_dest[n] = dst;
    src->jmp_in_next[n] = dst->jmp_in;
    dst->jmp_in = (uintptr_t)src | (uintptr_t)n;
    tb_jmp_set(src, n, dst);
}

/* Remove (src, n) from dst's incoming list. */
static void tb_jmp_in_remove(TranslationBlock *dst, TranslationBlock *src, int n)
{
    uintptr_t want = (uintptr_t)src | (uintptr_t)n;
    uintptr_t *pp = &dst->jmp_in;
    while (*pp) {
        TranslationBlock *t = (TranslationBlock *)(*pp & ~(uintptr_t)3);
        int tn = (int)(*pp & 3);
        if (*pp == want) {
            *pp = t->jmp_in_next[tn];
            return;
        }
        pp = &t->jmp_in_next[tn];
    }
}

static void tb_unlink_all(TranslationBlock *tb)
{
    for (uintptr_t e = tb->jmp_in; e;) {
        TranslationBlock *src = (TranslationBlock *)(e & ~(uintptr_t)3);
        int n = (int)(e & 3);
        e = src->jmp_in_next[n];
        src->jmp_dest[n] = NULL;
        tb_jmp_set(src, n, NULL);
    }
    tb->jmp_in = 0;
    for (int n = 0; n < 2; n++) {
        if (tb->jmp_dest[n]) {
            tb_jmp_in_remove(tb->jmp_dest[n], tb, n);
            tb->jmp_dest[n] = NULL;
            tb_jmp_set(tb, n, NULL);
        }
    }
}

static void tb_hash_remove(TranslationBlock *tb)
{
    TranslationBlock **pp = &tb_hash[tb_hash_fn(tb->pc, tb->flags)];
    while (*pp && *pp != tb)
        pp = &(*pp)->hash_next;
    if (*pp)
        *pp = tb->hash_next;
}

static void tb_invalidate(TranslationBlock *tb)
{
    tb->invalid = true;
    if (tb->tier && tb->tier->invalidate)
        tb->tier->invalidate(tb);
    tb_hash_remove(tb);
    for (int n = 0; n < 2; n++)
        if (tb->page_addr[n] != (uint64_t)-1)
            tb_page_unlink(tb, n);
    tb_unlink_all(tb);
    for (CPUState *c = cpu_list; c; c = c->next) {
        unsigned idx = tb_jmp_cache_idx(tb->pc);
        if (c->tb_jmp_cache[idx] == tb)
            c->tb_jmp_cache[idx] = NULL;
    }
    tb->hash_next = tb_zombies;
    tb_zombies = tb;
}

/* A tier-2 region takes the place of the block at its head. */
void tb_replace(TranslationBlock *old, TranslationBlock *tb)
{
    if (!old->invalid)
        tb_invalidate(old);
    tb_insert(tb);
}

/* Does tb's code on `page` (one of its pages) overlap [start, end)? The bytes on the first
 * page start at phys_pc; the rest continue at the start of the second page. */
static bool tb_overlaps(const TranslationBlock *tb, uint64_t page, uint64_t start, uint64_t end)
{
    uint64_t psize = 1u << TB_PAGE_BITS;
    uint64_t first_len = psize - (tb->phys_pc & (psize - 1));
    uint64_t lo, hi;
    if (tb_page_slot(tb, page) == 0) {
        lo = tb->phys_pc;
        hi = lo + (tb->size < first_len ? tb->size : first_len);
    } else {
        lo = page;
        hi = page + (tb->size - first_len);
    }
    return lo < end && hi > start;
}

void tb_invalidate_range(uint64_t start, uint64_t end)
{
    if (!tb_pages || end <= start)
        return;
    uint64_t mask = (1u << TB_PAGE_BITS) - 1;
    for (uint64_t page = start & ~mask; page < end && page >= (start & ~mask); page += mask + 1) {
        TranslationBlock *tb = g_hash_table_lookup(tb_pages, GSIZE_TO_POINTER(page >> TB_PAGE_BITS));
        while (tb) {
            TranslationBlock *next = tb->page_next[tb_page_slot(tb, page)];
            if (tb_overlaps(tb, page, start, end))
                tb_invalidate(tb);
            tb = next;
        }
    }
}

static void tb_free(TranslationBlock *tb)
{
    if (tb->tier && tb->tier->free)
        tb->tier->free(tb);
    else
        interp_free(tb->interp_code);       /* tests' hand-made blocks */
    free(tb);
}

void tb_flush_all(void)
{
    for (unsigned h = 0; h < TB_HASH_SIZE; h++) {
        while (tb_hash[h])
            tb_invalidate(tb_hash[h]);
    }
}

bool tb_page_has_code(uint64_t page_addr)
{
    return tb_pages && g_hash_table_lookup(tb_pages,
                           GSIZE_TO_POINTER(page_addr >> TB_PAGE_BITS)) != NULL;
}

void tb_reclaim(void)
{
    while (tb_zombies) {
        TranslationBlock *tb = tb_zombies;
        tb_zombies = tb->hash_next;
        tb_free(tb);
    }
}
