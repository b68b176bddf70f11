/* Decoder generator test harness: decodes sample words through good.decode's output. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct DisasContext { int accept_special; int accept_first; } DisasContext;

static int ex_shift_1(DisasContext *ctx, int x) { (void)ctx; return x * 2; }
static int ex_seven(DisasContext *ctx, int x) { (void)ctx; return x + 7; }

#include "good.c.inc"

static char got[128];

#define TRANS_I(name) static bool trans_##name(DisasContext *ctx, arg_i *a) \
    { (void)ctx; snprintf(got, sizeof(got), #name " imm=%d rs1=%d rd=%d", a->imm, a->rs1, \
      a->rd); return true; }
#define TRANS_R(name) static bool trans_##name(DisasContext *ctx, arg_r *a) \
    { (void)ctx; snprintf(got, sizeof(got), #name " rd=%d rs1=%d rs2=%d", a->rd, a->rs1, \
      a->rs2); return true; }
#define TRANS_E(name, ok) static bool trans_##name(DisasContext *ctx, arg_empty *a) \
    { (void)a; (void)ctx; if (!(ok)) return false; snprintf(got, sizeof(got), #name); return true; }

TRANS_I(addi)
TRANS_I(slli_like)
TRANS_I(store)
TRANS_R(neg)
TRANS_R(sub)
TRANS_R(add)
TRANS_R(konst)
TRANS_E(special, ctx->accept_special)
TRANS_E(first, ctx->accept_first)
TRANS_E(nested_a, true)
TRANS_E(nested_b, true)

static bool trans_beq(DisasContext *ctx, arg_b *a)
{
    (void)ctx;
    snprintf(got, sizeof(got), "beq imm=%d rs2=%d rs1=%d", a->imm, a->rs2, a->rs1);
    return true;
}

static bool trans_inl(DisasContext *ctx, arg_inl *a)
{
    (void)ctx;
    snprintf(got, sizeof(got), "inl imm=%d rs2=%d rs1=%d rd=%d", a->imm, a->rs2, a->rs1, a->rd);
    return true;
}

static int failures;

static void check(uint32_t insn, int special, int first, const char *want)
{
    DisasContext ctx = { special, first };
    strcpy(got, "(none)");
    if (!decode_good(&ctx, insn))
        strcpy(got, "(none)");
    if (strcmp(got, want) != 0) {
        printf("FAIL %08x: got \"%s\", want \"%s\"\n", insn, got, want);
        failures++;
    }
}

int main(void)
{
    check(0xffd30293, 0, 0, "addi imm=-3 rs1=6 rd=5");            /* addi t0,t1,-3 */
    check(0x7ff00f93, 0, 0, "addi imm=2047 rs1=0 rd=31");
    check(0x00011093, 0, 0, "slli_like imm=7 rs1=2 rd=1");        /* group fallthrough */
    check(0x00001013, 0, 0, "slli_like imm=7 rs1=0 rd=0");
    check(0x00001013, 1, 0, "special");                           /* first in group wins */
    check(0x80208063, 0, 0, "beq imm=-4096 rs2=2 rs1=1");         /* 4-segment, signed */
    check(0xfe418fe3, 0, 0, "beq imm=-2 rs2=4 rs1=3");
    check(0x006281e3, 0, 0, "beq imm=2050 rs2=6 rs1=5");
    check(0x009403b3, 0, 0, "add rd=7 rs1=8 rs2=9");
    check(0x409403b3, 0, 0, "sub rd=7 rs1=8 rs2=9");
    check(0x409003b3, 0, 0, "neg rd=7 rs1=0 rs2=9");
    check(0xfe007033, 0, 0, "konst rd=31 rs1=-1 rs2=5");
    check(0xfea5afa3, 0, 0, "store imm=-1 rs1=11 rd=-1");   /* sw a0,-1(a1) */
    check(0xfcc6b023, 0, 0, "inl imm=-2 rs2=12 rs1=13 rd=0");
    check(0x0000000f, 0, 0, "nested_a");                          /* nested group */
    check(0x0000000f, 0, 1, "first");
    check(0x0ff0000f, 0, 0, "nested_b");
    check(0xfe000033, 0, 0, "(none)");                            /* no pattern */
    check(0x00002013, 0, 0, "(none)");
    check(0x0000007f, 0, 0, "(none)");
    if (failures)
        return 1;
    printf("ok\n");
    return 0;
}
