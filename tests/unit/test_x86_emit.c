/* x86-64 encoder tests: every encoder over all registers and a spread of operands, checked
 * against capstone's disassembly text. */
#include <capstone/capstone.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tcg/x86_64/emit.h"

#define EXEC_BASE 0x100000ull

static csh cs;
static int failures, checks;
static uint8_t code[64];

static const char *const r64[16] = { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };
static const char *const r32[16] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
    "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d" };
static const char *const r16[16] = { "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
    "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w" };
static const char *const r8[16] = { "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
    "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b" };
static const char *const ccn[16] = { "o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns",
    "p", "np", "l", "ge", "le", "g" };
static const char *const alun[8] = { "add", "or", "adc", "sbb", "and", "sub", "xor", "cmp" };
static const char *const ptrn[4] = { "byte ptr ", "word ptr ", "dword ptr ", "qword ptr " };

static const char *reg(int size, int r)
{
    return size == 3 ? r64[r] : size == 2 ? r32[r] : size == 1 ? r16[r] : r8[r];
}

static const char *rw(bool w, int r) { return w ? r64[r] : r32[r]; }

/* Capstone's number style: decimal up to 9, else hex; negative with a minus sign. */
static char *num(char *buf, int64_t v)
{
    uint64_t a = v < 0 ? -(uint64_t)v : (uint64_t)v;
    sprintf(buf, a > 9 ? "%s0x%llx" : "%s%llu", v < 0 ? "-" : "", (unsigned long long)a);
    return buf;
}

/* Capstone 4 prints an ALU immediate unsigned at the operand width for the logical ops, and
 * signed for the arithmetic ones unless it is a 32-bit operation with an imm32. */
static char *alu_imm(char *buf, bool logic, bool w, int32_t v)
{
    bool imm8 = v >= -128 && v <= 127;
    if (logic && w) {
        sprintf(buf, "0x%llx", (unsigned long long)(int64_t)v);
        return v >= 0 ? num(buf, v) : buf;
    }
    if (logic)
        return num(buf, (int64_t)(uint32_t)v);
    return num(buf, (w || imm8) ? (int64_t)v : (int64_t)(uint32_t)v);
}

static char *fmt(const char *f, ...)
{
    static char bufs[4][160];
    static int k;
    char *b = bufs[k++ & 3];
    va_list ap;
    va_start(ap, f);
    vsnprintf(b, 160, f, ap);
    va_end(ap);
    return b;
}

static const char *mem_str(int size, X86Mem m)
{
    char inner[96], n[32];
    if (m.base == X86_RIP) {
        num(n, m.disp < 0 ? -(int64_t)m.disp : m.disp);
        snprintf(inner, sizeof(inner), "rip %c %s", m.disp < 0 ? '-' : '+', n);
    } else {
        int k = snprintf(inner, sizeof(inner), "%s", r64[m.base]);
        if (m.index != X86_NOREG)
            k += m.scale == 1 ? snprintf(inner + k, sizeof(inner) - k, " + %s", r64[m.index])
                 : snprintf(inner + k, sizeof(inner) - k, " + %s*%d", r64[m.index], m.scale);
        if (m.disp)
            snprintf(inner + k, sizeof(inner) - k, " %c %s", m.disp < 0 ? '-' : '+',
                     num(n, m.disp < 0 ? -(int64_t)m.disp : m.disp));
    }
    return fmt("%s[%s]", size >= 0 ? ptrn[size] : "", inner);
}

static X86Buf buf_new(void)
{
    memset(code, 0xcc, sizeof(code));
    return (X86Buf){ code, code, code + sizeof(code), (intptr_t)EXEC_BASE - (intptr_t)code, false };
}

/* Disassemble exactly one instruction filling the buffer, compare its text. */
static void expect(const X86Buf *b, const char *want, int line)
{
    checks++;
    size_t len = (size_t)(b->p - code);
    cs_insn *insn;
    size_t n = cs_disasm(cs, code, len, EXEC_BASE, 1, &insn);
    char got[200] = "<undecodable>";
    if (n == 1)
        snprintf(got, sizeof(got), "%s%s%s", insn[0].mnemonic, insn[0].op_str[0] ? " " : "",
                 insn[0].op_str);
    bool ok = n == 1 && insn[0].size == len && !strcmp(got, want) && !b->overflow;
    if (!ok) {
        if (failures < 40) {
            fprintf(stderr, "line %d: want '%s' got '%s' (len %zu/%zu):", line, want, got,
                    n ? (size_t)insn[0].size : 0, len);
            for (size_t i = 0; i < len; i++)
                fprintf(stderr, " %02x", code[i]);
            fprintf(stderr, "\n");
        }
        failures++;
    }
    if (n)
        cs_free(insn, n);
}
#define EXPECT(b, s) expect(&(b), (s), __LINE__)

static const int32_t imms[] = { 0, 1, 9, 10, 127, -128, 128, -129, 0x7fffffff, INT32_MIN,
                                0x12345678, -2 };
static const int32_t disps[] = { 0, 8, -8, 127, -128, 128, -129, 0x12345678, -0x12345678 };

static void test_reg_reg(void)
{
    for (int d = 0; d < 16; d++) {
        for (int s = 0; s < 16; s++) {
            for (int w = 0; w < 2; w++) {
                X86Buf b = buf_new();
                x86_emit_mov_rr(&b, w, d, s);
                EXPECT(b, fmt("mov %s, %s", rw(w, d), rw(w, s)));
                for (int op = 0; op < 8; op++) {
                    b = buf_new();
                    x86_emit_alu_rr(&b, (X86Alu)op, w, d, s);
                    EXPECT(b, fmt("%s %s, %s", alun[op], rw(w, d), rw(w, s)));
                }
                b = buf_new();
                x86_emit_test_rr(&b, w, d, s);
                EXPECT(b, fmt("test %s, %s", rw(w, d), rw(w, s)));
                b = buf_new();
                x86_emit_imul_rr(&b, w, d, s);
                EXPECT(b, fmt("imul %s, %s", rw(w, d), rw(w, s)));
                b = buf_new();
                x86_emit_xchg_rr(&b, w, d, s);
                EXPECT(b, fmt("xchg %s, %s", rw(w, s), rw(w, d)));
                b = buf_new();
                x86_emit_cmovcc(&b, (X86Cond)((d + s) & 15), w, d, s);
                EXPECT(b, fmt("cmov%s %s, %s", ccn[(d + s) & 15], rw(w, d), rw(w, s)));
                static const char *const bitn[] = { "popcnt", "tzcnt", "lzcnt", "bsf", "bsr" };
                for (int k = 0; k < 5; k++) {
                    b = buf_new();
                    x86_emit_bitop(&b, (X86BitOp)k, w, d, s);
                    EXPECT(b, fmt("%s %s, %s", bitn[k], rw(w, d), rw(w, s)));
                }
                b = buf_new();
                x86_emit_movsx_rr(&b, X86_S8, w, d, s);
                EXPECT(b, fmt("movsx %s, %s", rw(w, d), r8[s]));
                b = buf_new();
                x86_emit_movsx_rr(&b, X86_S16, w, d, s);
                EXPECT(b, fmt("movsx %s, %s", rw(w, d), r16[s]));
            }
            X86Buf b = buf_new();
            x86_emit_movsx_rr(&b, X86_S32, true, d, s);
            EXPECT(b, fmt("movsxd %s, %s", r64[d], r32[s]));
            b = buf_new();
            x86_emit_movzx_rr(&b, X86_S8, d, s);
            EXPECT(b, fmt("movzx %s, %s", r32[d], r8[s]));
            b = buf_new();
            x86_emit_movzx_rr(&b, X86_S16, d, s);
            EXPECT(b, fmt("movzx %s, %s", r32[d], r16[s]));
        }
    }
}

static void test_reg_imm(void)
{
    char n[32], n2[32];
    for (int r = 0; r < 16; r++) {
        for (size_t k = 0; k < sizeof(imms) / sizeof(imms[0]); k++) {
            int32_t v = imms[k];
            for (int w = 0; w < 2; w++) {
                for (int op = 0; op < 8; op++) {
                    X86Buf b = buf_new();
                    x86_emit_alu_ri(&b, (X86Alu)op, w, r, v);
                    EXPECT(b, fmt("%s %s, %s", alun[op], rw(w, r),
                                  alu_imm(n, op == X86_OR || op == X86_AND || op == X86_XOR, w, v)));
                }
                X86Buf b = buf_new();
                x86_emit_imul_rri(&b, w, r, 15 - r, v);
                EXPECT(b, fmt("imul %s, %s, %s", rw(w, r), rw(w, 15 - r), alu_imm(n, false, w, v)));
                b = buf_new();
                x86_emit_test_ri(&b, w, r, v);
                if (!w && v >= 0 && v <= 0xff)
                    EXPECT(b, fmt("test %s, %s", r8[r], num(n, v)));
                else
                    EXPECT(b, fmt("test %s, %s", rw(w, r), w ? num(n, v) : num(n, (uint32_t)v)));
            }
            X86Buf b = buf_new();
            x86_emit_mov_ri32(&b, r, (uint32_t)v);
            EXPECT(b, fmt("mov %s, %s", r32[r], num(n, (uint32_t)v)));
            b = buf_new();
            x86_emit_mov_ri64s(&b, r, v);
            EXPECT(b, fmt("mov %s, %s", r64[r], num(n, v)));
            uint64_t big = 0x123456789abcdef0ull ^ (uint64_t)(int64_t)v;
            b = buf_new();
            x86_emit_movabs(&b, r, big);
            sprintf(n, "0x%llx", (unsigned long long)big);
            EXPECT(b, fmt("movabs %s, %s", r64[r], n));
            b = buf_new();
            x86_emit_mov_ri(&b, r, (uint64_t)(int64_t)v);
            if (v >= 0)
                EXPECT(b, fmt("mov %s, %s", r32[r], num(n, v)));
            else
                EXPECT(b, fmt("mov %s, %s", r64[r], num(n2, v)));
        }
        for (int c = 1; c < 64; c += 7) {
            static const int sh[] = { X86_ROL, X86_ROR, X86_SHL, X86_SHR, X86_SAR };
            static const char *const shn[] = { "rol", "ror", "shl", "shr", "sar" };
            for (int k = 0; k < 5; k++) {
                for (int w = 0; w < 2; w++) {
                    X86Buf b = buf_new();
                    x86_emit_shift_ri(&b, (X86Shift)sh[k], w, r, (uint8_t)(w ? c : c & 31));
                    EXPECT(b, fmt("%s %s, %s", shn[k], rw(w, r), num(n, w ? c : c & 31)));
                    if (c == 1) {
                        b = buf_new();
                        x86_emit_shift_cl(&b, (X86Shift)sh[k], w, r);
                        EXPECT(b, fmt("%s %s, cl", shn[k], rw(w, r)));
                    }
                }
            }
        }
        X86Buf b = buf_new();
        x86_emit_rol16_ri(&b, r, 8);
        EXPECT(b, fmt("rol %s, 8", r16[r]));
        static const int shx[] = { X86_SHL, X86_SHR, X86_SAR };
        static const char *const shxn[] = { "shlx", "shrx", "sarx" };
        for (int k = 0; k < 3; k++)
            for (int w = 0; w < 2; w++)
                for (int s2 = 0; s2 < 16; s2 += 5) {
                    b = buf_new();
                    x86_emit_shiftx(&b, (X86Shift)shx[k], w, r, s2, 15 - s2);
                    EXPECT(b, fmt("%s %s, %s, %s", shxn[k], rw(w, r), rw(w, s2), rw(w, 15 - s2)));
                }
    }
}

static void test_reg_unary(void)
{
    static const char *const un[8] = { 0, 0, "not", "neg", "mul", "imul", "div", "idiv" };
    for (int r = 0; r < 16; r++) {
        for (int w = 0; w < 2; w++) {
            for (int op = 2; op < 8; op++) {
                X86Buf b = buf_new();
                x86_emit_unary(&b, (X86Unary)op, w, r);
                EXPECT(b, fmt("%s %s", un[op], rw(w, r)));
            }
            X86Buf b = buf_new();
            x86_emit_bswap(&b, w, r);
            EXPECT(b, fmt("bswap %s", rw(w, r)));
        }
        for (int cc = 0; cc < 16; cc++) {
            X86Buf b = buf_new();
            x86_emit_setcc(&b, (X86Cond)cc, r);
            EXPECT(b, fmt("set%s %s", ccn[cc], r8[r]));
        }
        X86Buf b = buf_new();
        x86_emit_push(&b, r);
        EXPECT(b, fmt("push %s", r64[r]));
        b = buf_new();
        x86_emit_pop(&b, r);
        EXPECT(b, fmt("pop %s", r64[r]));
        b = buf_new();
        x86_emit_call_r(&b, r);
        EXPECT(b, fmt("call %s", r64[r]));
        b = buf_new();
        x86_emit_jmp_r(&b, r);
        EXPECT(b, fmt("jmp %s", r64[r]));
    }
    X86Buf b = buf_new();
    x86_emit_cqo(&b, true);
    EXPECT(b, "cqo");
    b = buf_new();
    x86_emit_cqo(&b, false);
    EXPECT(b, "cdq");
    b = buf_new();
    x86_emit_ret(&b);
    EXPECT(b, "ret");
    b = buf_new();
    x86_emit_mfence(&b);
    EXPECT(b, "mfence");
    b = buf_new();
    x86_emit_ud2(&b);
    EXPECT(b, "ud2");
}

static void test_mem_one(X86Mem m, int r)
{
    char n[32];
    static const char *const ldz[4] = { "movzx", "movzx", "mov", "mov" };
    for (int s = 0; s < 4; s++) {
        X86Buf b = buf_new();
        x86_emit_load(&b, s, r, m);
        EXPECT(b, fmt("%s %s, %s", ldz[s], s == 3 ? r64[r] : r32[r], mem_str(s, m)));
        b = buf_new();
        x86_emit_store(&b, s, m, r);
        EXPECT(b, fmt("mov %s, %s", mem_str(s, m), reg(s, r)));
        int32_t imm = s == 0 ? 0x5a : s == 1 ? 0x1234 : -2;
        b = buf_new();
        x86_emit_store_imm(&b, s, m, imm);
        EXPECT(b, fmt("mov %s, %s", mem_str(s, m), s == 2 ? num(n, (uint32_t)imm) : num(n, imm)));
        if (s < 3) {
            b = buf_new();
            x86_emit_load_sx(&b, s, true, r, m);
            EXPECT(b, fmt("%s %s, %s", s == 2 ? "movsxd" : "movsx", r64[r], mem_str(s, m)));
        }
        b = buf_new();
        x86_emit_lock_cmpxchg(&b, s, m, r);
        EXPECT(b, fmt("lock cmpxchg %s, %s", mem_str(s, m), reg(s, r)));
        b = buf_new();
        x86_emit_lock_xadd(&b, s, m, r);
        EXPECT(b, fmt("lock xadd %s, %s", mem_str(s, m), reg(s, r)));
        b = buf_new();
        x86_emit_xchg_mr(&b, s, m, r);
        EXPECT(b, fmt("xchg %s, %s", mem_str(s, m), reg(s, r)));
        b = buf_new();
        x86_emit_alu_mi(&b, (X86Alu)(s * 2 + 1), s, m, s == 0 ? 0x7f : -100);
        EXPECT(b, fmt("%s %s, %s", alun[s * 2 + 1], mem_str(s, m), num(n, s == 0 ? 0x7f :
                      -100)));
    }
    for (int w = 0; w < 2; w++) {
        X86Buf b = buf_new();
        x86_emit_lea(&b, w, r, m);
        EXPECT(b, fmt("lea %s, %s", rw(w, r), mem_str(-1, m)));
        b = buf_new();
        x86_emit_alu_rm(&b, (X86Alu)(r & 7), w, r, m);
        EXPECT(b, fmt("%s %s, %s", alun[r & 7], rw(w, r), mem_str(w ? 3 : 2, m)));
        b = buf_new();
        x86_emit_alu_mr(&b, (X86Alu)((r + 3) & 7), w, m, r);
        EXPECT(b, fmt("%s %s, %s", alun[(r + 3) & 7], mem_str(w ? 3 : 2, m), rw(w, r)));
    }
}

static void test_mem(void)
{
    for (int base = 0; base < 16; base++) {
        for (size_t k = 0; k < sizeof(disps) / sizeof(disps[0]); k++) {
            int r = (base * 7 + (int)k) & 15;
            test_mem_one(x86_mem(base, disps[k]), r);
            for (int index = 0; index < 16; index++) {
                if (index == X86_RSP)
                    continue;
                int scale = 1 << ((index + (int)k) & 3);
                X86Buf b = buf_new();
                X86Mem m = x86_mem_idx(base, index, scale, disps[k]);
                x86_emit_load(&b, X86_S64, r, m);
                EXPECT(b, fmt("mov %s, %s", r64[r], mem_str(3, m)));
                if (k == 0 || k == 5)
                    test_mem_one(m, (r + index) & 15);
            }
        }
    }
    /* rip-relative: the displacement is counted from the end of the instruction */
    for (int r = 0; r < 16; r++) {
        X86Buf b = buf_new();
        X86Mem m = x86_mem_rip((void *)(uintptr_t)(EXEC_BASE + 0x1000));
        x86_emit_load(&b, X86_S64, r, m);
        m.disp = (int32_t)(0x1000 - (b.p - code));
        EXPECT(b, fmt("mov %s, %s", r64[r], mem_str(3, m)));
        b = buf_new();
        m = x86_mem_rip((void *)(uintptr_t)(EXEC_BASE - 0x40));
        x86_emit_alu_rm(&b, X86_CMP, true, r, m);
        m.disp = (int32_t)(-0x40 - (b.p - code));
        EXPECT(b, fmt("cmp %s, %s", r64[r], mem_str(3, m)));
    }
}

static void test_branches(void)
{
    char n[32];
    static const int64_t offs[] = { 0, 2, 6, 0x81, -0x7e, 0x12345, -0x12345 };
    for (size_t k = 0; k < sizeof(offs) / sizeof(offs[0]); k++) {
        uintptr_t t = (uintptr_t)(EXEC_BASE + offs[k]);
        for (int cc = 0; cc < 16; cc++) {
            X86Buf b = buf_new();
            x86_emit_jcc(&b, (X86Cond)cc, t);
            EXPECT(b, fmt("j%s %s", ccn[cc], num(n, (int64_t)t)));
            b = buf_new();
            uint8_t *f = x86_emit_jcc_rel32(&b, (X86Cond)cc);
            checks++;
            if (!x86_patch_rel32(&b, f, t))
                failures++;
            EXPECT(b, fmt("j%s %s", ccn[cc], num(n, (int64_t)t)));
        }
        X86Buf b = buf_new();
        x86_emit_jmp(&b, t);
        EXPECT(b, fmt("jmp %s", num(n, (int64_t)t)));
        b = buf_new();
        x86_emit_call(&b, t);
        EXPECT(b, fmt("call %s", num(n, (int64_t)t)));
        b = buf_new();
        uint8_t *f = x86_emit_jmp_rel8(&b);
        if (x86_patch_rel8(&b, f, t))
            EXPECT(b, fmt("jmp %s", num(n, (int64_t)t)));
    }
    for (int k = 1; k <= 8; k++) {
        X86Buf b = buf_new();
        x86_emit_nops(&b, k);
        checks++;
        cs_insn *insn;
        size_t cnt = cs_disasm(cs, code, (size_t)k, EXEC_BASE, 0, &insn);
        if (cnt != 1 || strncmp(insn[0].mnemonic, "nop", 3) || b.p - code != k)
            failures++;
        if (cnt)
            cs_free(insn, cnt);
    }
}

static void test_overflow(void)
{
    uint8_t small[3];
    X86Buf b = { small, small, small + 3, 0, false };
    x86_emit_movabs(&b, X86_RAX, 1);
    checks++;
    if (!b.overflow || b.p != small + 3)
        failures++;
}

int main(void)
{
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK) {
        fprintf(stderr, "capstone unavailable\n");
        return 1;
    }
    test_reg_reg();
    test_reg_imm();
    test_reg_unary();
    test_mem();
    test_branches();
    test_overflow();
    cs_close(&cs);
    const X86Features *f = x86_features();
    printf("%d checks, %d failures (host: lzcnt %d bmi1 %d popcnt %d)\n", checks, failures,
           f->lzcnt, f->bmi1, f->popcnt);
    return failures != 0;
}
