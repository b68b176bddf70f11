/* riscv64 frontend: translate every 16-bit word and a spread of 32-bit words, one instruction
 * per block, and require the IR checker to accept each block. */
#include <sys/mman.h>
#include <string.h>
#include "target/riscv64/cpu.h"
#include "src/user/user.h"
#include "trix/guest_mem.h"

void rv_translate_block(CPUState *cs, IRBlock *b, TranslationBlock *tb);

#define CODE_ADDR 0x10000ull

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rng32(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)rng_state;
}

/* Translates the instruction at CODE_ADDR; returns the checker's message or NULL. */
static const char *translate_word(CPUState *cs, IRBlock *b, uint32_t insn, int len)
{
    TranslationBlock tb;
    memcpy(g2h(CODE_ADDR), &insn, (size_t)len);
    memset(&tb, 0, sizeof tb);
    tb.pc = CODE_ADDR;
    tb.max_insns = 1;
    ir_block_reset(b);
    b->pc = CODE_ADDR;
    rv_translate_block(cs, b, &tb);
    if (tb.size != (uint32_t)len)
        return "block size differs from the instruction length";
    return ir_check(b);
}

/* Opcodes of the extensions the frontend decodes; random words are steered onto them. */
static const uint8_t major_opcodes[] = {
    0x03, 0x07, 0x0f, 0x13, 0x17, 0x1b, 0x23, 0x27, 0x2f, 0x33, 0x37, 0x3b,
    0x43, 0x47, 0x4b, 0x4f, 0x53, 0x63, 0x67, 0x6f, 0x73,
};

int main(void)
{
    int failures = 0, count = 0;
    mmap_init(1ull << 32);
    if (user_mmap(CODE_ADDR, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != (long)CODE_ADDR) {
        printf("FAIL: cannot map guest code page\n");
        return 1;
    }
    CPUState *cs = cpu_create(&rv_target_ops);
    IRBlock b;
    ir_block_init(&b, rv_target_ops.globals, rv_target_ops.nglobals);

    for (uint32_t w = 0; w < 0x10000; w++) {
        if ((w & 3) == 3)
            continue;
        const char *err = translate_word(cs, &b, w, 2);
        count++;
        if (err && failures++ < 20)
            printf("FAIL: insn16 %04x: %s\n", w, err);
    }
    for (int i = 0; i < 200000; i++) {
        uint32_t w = rng32();
        w = (w & ~0x7fu) | major_opcodes[rng32() % sizeof(major_opcodes)];
        const char *err = translate_word(cs, &b, w, 4);
        count++;
        if (err && failures++ < 20)
            printf("FAIL: insn32 %08x: %s\n", w, err);
    }
    ir_block_free(&b);
    printf("test_rv_translate: %d blocks, %d failed\n", count, failures);
    return failures ? 1 : 0;
}
