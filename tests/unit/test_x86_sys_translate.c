/* x86-64 system-mode translation of random code in every mode (real, 16/32-bit protected,
 * long 64-bit and compatibility, CPL 0 and 3): the decoder and frontend must produce valid
 * IR (ir_check) for any bytes, and the optimizer and interpreter must accept it. */
#include <stdio.h>
#include <string.h>
#include "trix/memory.h"
#include "trix/translator.h"
#include "target/x86_64/sys_internal.h"

#define RAM_SIZE (8ull << 20)
#define CODE 0x20000ull
#define PML4 0x10000ull

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

void x86_translate_block(CPUState *cs, IRBlock *b, TranslationBlock *tb);

/* Segment caches and control registers for one mode. */
static void set_mode(X86CPU *env, int mode, int cpl)
{
    X86SysState *s = &env->sys;
    uint32_t dpl = (uint32_t)cpl << X86_DESC_DPL_SHIFT;
    x86_cpu_reset_sys(env);
    if (mode == 0) {                                    /* real mode, CS base 0x10000 */
        x86_seg_set(env, X86_SEG_CS, 0x1000, 0x10000, 0xffff, 0x9b);
        x86_seg_set(env, X86_SEG_DS, 0x1000, 0x10000, 0xffff, 0x93);
        env->rip = CODE - 0x10000;
        return;
    }
    s->cr0 = X86_CR0_PE | X86_CR0_ET;
    uint32_t code = mode == 1 ? 0x9b : mode == 2 ? 0xc09b : mode == 3 ? 0xa09b : 0xc09b;
    if (mode >= 3) {                                    /* long mode: 1 GiB identity pages */
        uint64_t e = (PML4 + 0x1000) | 7, p = 0x87;
        phys_write(PML4, &e, 8);
        phys_write(PML4 + 0x1000, &p, 8);
        s->cr4 = X86_CR4_PAE;
        s->cr3 = PML4;
        s->efer = X86_EFER_LME | X86_EFER_LMA | X86_EFER_NXE;
        s->cr0 |= X86_CR0_PG;
    }
    x86_seg_set(env, X86_SEG_SS, (uint16_t)(0x10 | cpl), 0, 0xffffffff, 0xc093 | dpl);
    x86_seg_set(env, X86_SEG_DS, (uint16_t)(0x10 | cpl), mode == 1 ? 0x1000 : 0, 0xffffffff,
                0xc093 | dpl);
    x86_seg_set(env, X86_SEG_CS, (uint16_t)(0x08 | cpl), 0, 0xffffffff, code | dpl);
    env->rip = CODE;
}

int main(void)
{
    mem_reset();
    mem_map_ram("ram", 0, RAM_SIZE);
    softmmu_init();
    CPUState *cs = cpu_create(&x86_target_ops);
    X86CPU *env = x86_cpu(cs);
    IRBlock b;
    ir_block_init(&b, x86_target_ops.globals, x86_target_ops.nglobals);
    int blocks = 0, insns = 0;
    for (int mode = 0; mode < 5; mode++) {
        for (int cpl = 0; cpl <= (mode ? 3 : 0); cpl += 3) {
            for (int it = 0; it < 1500; it++) {
                uint8_t code[96];
                for (size_t i = 0; i < sizeof code; i += 8) {
                    uint64_t r = next_rand();
                    memcpy(code + i, &r, 8);
                }
                /* a few in ten blocks start with a prefix soup */
                if (it % 7 == 0)
                    code[0] = 0x66, code[1] = 0x67, code[2] = 0xf3;
                phys_write(CODE, code, sizeof code);
                set_mode(env, mode, cpl);
                tb_flush_all();
                tlb_flush(cs);
                TranslationBlock tb = { .max_insns = 32 };
                uint32_t flags;
                x86_target_ops.get_tb_key(cs, &tb.pc, &tb.cs_base, &flags);
                tb.flags = flags;
                ir_block_reset(&b);
                b.pc = tb.pc;
                x86_translate_block(cs, &b, &tb);
                const char *err = ir_check(&b);
                if (err) {
                    printf("FAIL mode %d cpl %d block %d: invalid IR: %s\n", mode, cpl, it, err);
                    return 1;
                }
                ir_optimize(&b);
                void *ic = interp_compile(&b);
                if (!ic) {
                    printf("FAIL mode %d cpl %d block %d: interp_compile\n", mode, cpl, it);
                    return 1;
                }
                interp_free(ic);
                blocks++;
                insns += (int)tb.icount;
            }
        }
    }
    printf("OK: %d blocks, %d instructions\n", blocks, insns);
    return 0;
}
