/* IR tests: builder, constants, conditions, checker (valid and each invalid class), dump text. */
#include "ir_test_target.h"

static uint64_t helper_two(CPUState *env, uint32_t a) { return a; }
IR_HELPER(two, IR_I64, 0, IR_HTYPE_PTR, IR_I32);

static IRBlock blk;

/* Build a fresh block holding one op produced by gen, check it, expect error or not. */
static void expect_check(const char *what, bool valid, void (*gen)(IRBlock *b))
{
    ir_block_reset(&blk);
    gen(&blk);
    const char *err = ir_check(&blk);
    if (valid && err) {
        fprintf(stderr, "%s: unexpected checker error: %s\n", what, err);
        test_failures++;
    } else if (!valid && !err) {
        fprintf(stderr, "%s: checker accepted an invalid block\n", what);
        test_failures++;
    }
}

static void gen_valid(IRBlock *b)
{
    IRTemp t = ir_new_temp(b, IR_I64), u = ir_new_temp(b, IR_I32);
    IRLabel l = ir_new_label(b);
    ir_insn_start(b, 0x10078);
    ir_addi(b, IR_I64, t, G(0), 0x10);
    ir_extrl_i64_i32(b, u, t);
    ir_add(b, IR_I32, W(0), u, ir_const32(b, 1));
    ir_extract(b, IR_I32, W(1), W(0), 3, 29);
    ir_deposit(b, IR_I64, G(1), G(1), t, 0, 64);
    ir_setcondi(b, IR_I64, IR_COND_LTU, G(2), t, 5);
    ir_movcond(b, IR_I32, IR_COND_EQ, W(2), W(0), W(1), W(0), u);
    ir_brcondi(b, IR_I64, IR_COND_EQ, G(0), 0, l);
    ir_qemu_ld(b, IR_I64, G(3), t, MO_SL, 0);
    ir_qemu_st(b, IR_I32, u, t, MO_UL | MO_ALIGN, 0);
    ir_atomic_cmpxchg(b, IR_I64, G(4), t, G(1), G(2), MO_UQ, 0);
    ir_atomic_rmw(b, IR_atomic_add, IR_I32, W(3), t, u, MO_UL, 0);
    ir_ld_env(b, IR_I32, u, 16, MO_UL);
    ir_st_env(b, IR_I64, t, 16, MO_UQ);
    ir_callv(b, &helper_info_two, G(5), IR_TEMP_ENV_PTR, u);
    ir_mb(b, IR_MB_ALL);
    ir_set_label(b, l);
    ir_goto_tb(b, 1);
    ir_movi(b, IR_I64, GPC, 0x1234);
    ir_exit_tb(b, TB_EXIT_JUMP1);
}

static void gen_bad_arity(IRBlock *b) { ir_add(b, IR_I64, G(0), G(1), G(2)); b->ops[0].nin = 1; }
static void gen_bad_temp(IRBlock *b) { ir_add(b, IR_I64, G(0), G(1), 9999); }
static void gen_bad_type(IRBlock *b) { ir_add(b, IR_I64, G(0), W(1), G(2)); }
static void gen_bad_conv(IRBlock *b) { ir_ext_i32_i64(b, G(0), G(1)); }
static void gen_bad_extrl(IRBlock *b) { ir_extrl_i64_i32(b, G(0), G(1)); }
static void gen_write_const(IRBlock *b) { ir_mov(b, IR_I64, ir_const64(b, 3), G(1)); }
static void gen_write_env(IRBlock *b) { ir_mov(b, IR_I64, IR_TEMP_ENV_PTR, G(1)); }
static void gen_env_value(IRBlock *b) { ir_add(b, IR_I64, G(0), IR_TEMP_ENV_PTR, G(1)); }
static void gen_v128_op(IRBlock *b) { ir_add(b, IR_V128, G(0), G(1), G(2)); }
static void gen_v128_temp(IRBlock *b)
{
    IRTemp v = ir_new_temp(b, IR_V128);
    ir_mov(b, IR_I64, v, G(1));
}
static void gen_label_twice(IRBlock *b)
{
    IRLabel l = ir_new_label(b);
    ir_set_label(b, l);
    ir_set_label(b, l);
}
static void gen_label_unset(IRBlock *b) { ir_br(b, ir_new_label(b)); }
static void gen_label_unalloc(IRBlock *b) { ir_br(b, 5); }
static void gen_bad_helper(IRBlock *b)
{
    ir_callv(b, &helper_info_two, G(0), IR_TEMP_ENV_PTR, W(0));
    b->ops[0].args[3] = 100000;
}
static void gen_call_count(IRBlock *b)
{
    ir_callv(b, &helper_info_two, G(0), IR_TEMP_ENV_PTR);
}
static void gen_call_type(IRBlock *b)
{
    ir_callv(b, &helper_info_two, G(0), IR_TEMP_ENV_PTR, G(1));
}
static void gen_call_ptr(IRBlock *b)
{
    ir_callv(b, &helper_info_two, G(0), G(1), W(1));
}
static void gen_call_ret(IRBlock *b)
{
    ir_callv(b, &helper_info_two, W(0), IR_TEMP_ENV_PTR, W(1));
}
static void gen_bad_cond(IRBlock *b) { ir_setcond(b, IR_I64, (IRCond)42, G(0), G(1), G(2)); }
static void gen_bad_field(IRBlock *b) { ir_extract(b, IR_I32, W(0), W(1), 30, 4); }
static void gen_bad_memop(IRBlock *b) { ir_qemu_ld(b, IR_I32, W(0), G(1), MO_UQ, 0); }

static void test_checker(void)
{
    expect_check("valid block", true, gen_valid);
    expect_check("arity", false, gen_bad_arity);
    expect_check("temp index", false, gen_bad_temp);
    expect_check("operand type", false, gen_bad_type);
    expect_check("ext_i32_i64 source type", false, gen_bad_conv);
    expect_check("extrl result type", false, gen_bad_extrl);
    expect_check("write to constant", false, gen_write_const);
    expect_check("write to env", false, gen_write_env);
    expect_check("env as value", false, gen_env_value);
    expect_check("v128 op", false, gen_v128_op);
    expect_check("v128 temp", false, gen_v128_temp);
    expect_check("label set twice", false, gen_label_twice);
    expect_check("label never set", false, gen_label_unset);
    expect_check("label not allocated", false, gen_label_unalloc);
    expect_check("helper id", false, gen_bad_helper);
    expect_check("call arg count", false, gen_call_count);
    expect_check("call arg type", false, gen_call_type);
    expect_check("call ptr arg", false, gen_call_ptr);
    expect_check("call result type", false, gen_call_ret);
    expect_check("condition", false, gen_bad_cond);
    expect_check("bit field", false, gen_bad_field);
    expect_check("memop size", false, gen_bad_memop);
}

static void test_builder(void)
{
    ir_block_reset(&blk);
    CHECK_EQ(blk.ntemps, 1 + TG_COUNT);
    CHECK(blk.temps[G(3)].kind == IR_TEMP_GLOBAL);
    CHECK(blk.temps[W(0)].type == IR_I32);
    IRTemp c1 = ir_const64(&blk, 42), c2 = ir_const64(&blk, 42), c3 = ir_const32(&blk, 42);
    CHECK_EQ(c1, c2);
    CHECK(c1 != c3);
    CHECK(ir_temp_is_const(&blk, c1));
    CHECK_EQ(ir_const32(&blk, 0xffffffffu), ir_const(&blk, IR_I32, ~0ull));  /* truncated */
    IRLabel l0 = ir_new_label(&blk), l1 = ir_new_label(&blk);
    CHECK(l0 != l1);
    ir_insn_start(&blk, 0x123456789aull);
    CHECK_EQ(ir_insn_start_pc(&blk.ops[0]), 0x123456789aull);
    CHECK_EQ(blk.ninsns, 1);
    for (int i = 0; i < 1000; i++)          /* growth */
        ir_addi(&blk, IR_I64, G(0), G(0), (uint64_t)i);
    CHECK_EQ(blk.nops, 1001);
    ir_block_reset(&blk);
    CHECK_EQ(blk.nops, 0);
    CHECK_EQ(blk.ninsns, 0);
    IRTemp c4 = ir_const64(&blk, 42);       /* interning must not return a stale temp */
    CHECK(c4 < (IRTemp)blk.ntemps && blk.temps[c4].kind == IR_TEMP_CONST && blk.temps[c4].val == 42);
    int id = ir_helper_register(&helper_info_two);
    CHECK_EQ(ir_helper_register(&helper_info_two), id);
    CHECK(ir_helper_get(id) == &helper_info_two);
    CHECK(ir_helper_get(-1) == NULL);
}

static void test_conds(void)
{
    for (int c = IR_COND_NEVER; c <= IR_COND_TSTNE; c++) {
        for (uint64_t a = 0; a < 4; a++)
            for (uint64_t b = 0; b < 4; b++) {
                uint64_t x = a - 1, y = b - 1;  /* includes -1 */
                bool r = ir_cond_eval((IRCond)c, IR_I64, x, y);
                CHECK(ir_cond_eval(ir_cond_invert((IRCond)c), IR_I64, x, y) == !r);
                CHECK(ir_cond_eval(ir_cond_swap((IRCond)c), IR_I64, y, x) == r);
            }
    }
    CHECK(ir_cond_eval(IR_COND_LT, IR_I32, 0xffffffffu, 0));
    CHECK(!ir_cond_eval(IR_COND_LT, IR_I64, 0xffffffffu, 0));
    CHECK(ir_cond_eval(IR_COND_EQ, IR_I32, 0x100000005ull, 5));
    CHECK(strcmp(ir_cond_name(IR_COND_GEU), "geu") == 0);
}

static void test_dump(void)
{
    ir_block_reset(&blk);
    IRTemp t = ir_new_temp(&blk, IR_I64);
    IRLabel l = ir_new_label(&blk);
    ir_insn_start(&blk, 0x10078);
    ir_addi(&blk, IR_I64, G(0), G(0), 0x10);
    ir_qemu_ld(&blk, IR_I64, t, G(0), MO_SL, 1);
    ir_brcondi(&blk, IR_I32, IR_COND_LTU, W(0), 3, l);
    ir_callv(&blk, &helper_info_two, G(1), IR_TEMP_ENV_PTR, W(1));
    ir_set_label(&blk, l);
    ir_exit_tb(&blk, 2);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ir_dump(&blk, f);
    fclose(f);
    char want[512];
    snprintf(want, sizeof(want),
             " ---- 0000000000010078\n"
             " add_i64 g0, g0, $0x10\n"
             " qemu_ld_i64 tmp%u, g0, sl, $1\n"
             " brcond_i32 w0, $0x3, ltu, L0\n"
             " call two, g1, env, w1\n"
             "L0:\n"
             " exit_tb $2\n", t);
    if (strcmp(buf, want) != 0) {
        fprintf(stderr, "dump mismatch:\n--- got\n%s--- want\n%s", buf, want);
        test_failures++;
    }
    free(buf);
}

int main(void)
{
    test_block_init(&blk);
    test_builder();
    test_conds();
    test_checker();
    test_dump();
    ir_block_free(&blk);
    if (test_failures) {
        printf("test_ir: %d failures\n", test_failures);
        return 1;
    }
    printf("test_ir: ok\n");
    return 0;
}
