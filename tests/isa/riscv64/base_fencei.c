/* Self-modifying code: instructions written into an RWX mapping, made visible with fence.i,
 * called; then rewritten (same address, same page, repeatedly) and called again. Also a 32-bit
 * instruction that straddles a page boundary, and code replaced by unmapping and mapping a new
 * page at the same address. */
#include "base_check.h"
#include <string.h>
#include <sys/mman.h>

#define A0 10
#define RET 0x00008067u /* jalr x0, 0(ra) */
static uint32_t addi(int rd, int rs1, int imm) { return (uint32_t)(imm & 0xfff) << 20 | rs1 << 15 | rd << 7 | 0x13; }
static uint32_t lui(int rd, uint32_t hi20) { return hi20 << 12 | rd << 7 | 0x37; }
static uint32_t addiw(int rd, int rs1, int imm) { return (uint32_t)(imm & 0xfff) << 20 | rs1 << 15 | rd << 7 | 0x1b; }

typedef uint64_t (*fn_t)(void);

static void fence_i(void) { __asm__ volatile("fence.i" : : : "memory"); }

static uint64_t call(void *p) { return ((fn_t)p)(); }

int main(void)
{
    long page = 4096;
    unsigned char *buf = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE | PROT_EXEC,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    uint32_t *code = (uint32_t *)buf;

    code[0] = addi(A0, 0, 42);
    code[1] = RET;
    fence_i();
    CHECK("first version", call(code), 42);

    code[0] = addi(A0, 0, -7);
    fence_i();
    CHECK("rewritten immediate", call(code), (uint64_t)-7);

    /* Rewrite and call many times: a stale translation shows up as a wrong sum. */
    uint64_t sum = 0, want = 0;
    for (int i = 0; i < 300; i++) {
        code[0] = addi(A0, 0, i);
        fence_i();
        sum += call(code);
        want += i;
    }
    CHECK("300 rewrites", sum, want);

    /* A longer function, patched in the middle, and a second function in the same page. */
    code[0] = lui(A0, 0x12345);
    code[1] = addiw(A0, A0, 0x678);
    code[2] = addi(A0, A0, 1);
    code[3] = RET;
    code[16] = addi(A0, 0, 5);
    code[17] = RET;
    fence_i();
    CHECK("lui/addiw/addi", call(code), 0x12345679);
    CHECK("second function", call(&code[16]), 5);
    code[2] = addi(A0, A0, -0x679);
    fence_i();
    CHECK("patched middle", call(code), 0x12345000 - 1);
    CHECK("second function still", call(&code[16]), 5);

    /* Replace a jump target: code[0] jumps to code[8] (jal x0, +32), then we retarget. */
    code[8] = addi(A0, 0, 88);
    code[9] = RET;
    code[12] = addi(A0, 0, 99);
    code[13] = RET;
    code[0] = 0x0200006fu; /* jal x0, +32 */
    fence_i();
    CHECK("jump to code[8]", call(code), 88);
    code[0] = 0x0300006fu; /* jal x0, +48 */
    fence_i();
    CHECK("jump retargeted to code[12]", call(code), 99);

    /* A 32-bit instruction straddling the boundary between the first and second page:
     * c.li a0, 0 (2 bytes), then addi a0, a0, 123 across the boundary, then c.jr ra. */
    unsigned char *s = buf + page - 4;
    uint16_t cli = 0x4501, cret = 0x8082;
    uint32_t add123 = addi(A0, A0, 123);
    memcpy(s, &cli, 2);
    memcpy(s + 2, &add123, 4);
    memcpy(s + 6, &cret, 2);
    fence_i();
    CHECK("instruction across a page boundary", call(s), 123);
    add123 = addi(A0, A0, 321);
    memcpy(s + 2, &add123, 4);
    fence_i();
    CHECK("rewritten across a page boundary", call(s), 321);
    /* Change only the half in the second page (bytes 2-3 hold rs1[4:1] and the immediate). */
    add123 = addi(A0, A0, 0x7f5);
    memcpy(s + 4, (unsigned char *)&add123 + 2, 2);
    fence_i();
    CHECK("second-page half rewritten", call(s), 0x7f5);

    /* Unmap the third page and map fresh code at the same address. */
    uint32_t *p3 = (uint32_t *)(buf + 2 * page);
    p3[0] = addi(A0, 0, 11);
    p3[1] = RET;
    fence_i();
    CHECK("third page first", call(p3), 11);
    munmap(p3, page);
    uint32_t *q = mmap(p3, page, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK("remapped at same address", q == p3, 1);
    q[0] = addi(A0, 0, 22);
    q[1] = RET;
    fence_i();
    CHECK("third page after remap", call(q), 22);

    /* mprotect RX after writing, as JITs do. */
    p3[0] = addi(A0, 0, 33);
    fence_i();
    mprotect(p3, page, PROT_READ | PROT_EXEC);
    CHECK("after mprotect RX", call(p3), 33);
    mprotect(p3, page, PROT_READ | PROT_WRITE);
    p3[0] = addi(A0, 0, 44);
    mprotect(p3, page, PROT_READ | PROT_EXEC);
    fence_i();
    CHECK("W then X again", call(p3), 44);

    munmap(buf, 3 * page);
    return DONE();
}
