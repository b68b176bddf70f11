/* VEX.128 forms of the SSSE3/SSE4.1/SSE3/PCLMUL instructions of trans_sse4.c.inc (three-operand,
 * register and memory sources) vs the host CPU; results hashed per instruction. No libc. */
typedef unsigned long u64;
typedef struct { u64 lo, hi; } __attribute__((aligned(16))) V;
static long sys3(long nr, long a, long b, long c)
{ long r; __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory"); return r; }
static u64 seed = 0x13198a2e03707344ull;
static u64 rnd(void) { seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17; return seed; }
static u64 hs[64];
static void mix(int i, u64 v) { hs[i] = (hs[i] ^ v) * 1099511628211ull + 1; }
#define V3(i, insn) do { V a = {rnd(), rnd()}, b = {rnd(), rnd()}, d; \
  __asm__(insn " %2, %1, %0" : "=x"(d) : "x"(a), "x"(b)); mix(i, d.lo); mix(i, d.hi); \
  __asm__(insn " %2, %1, %0" : "=x"(d) : "x"(a), "m"(b)); mix(i, d.lo); mix(i, d.hi); } while (0)
#define V3I(i, insn, imm) do { V a = {rnd(), rnd()}, b = {rnd(), rnd()}, d; \
  __asm__(insn " $" #imm ", %2, %1, %0" : "=x"(d) : "x"(a), "x"(b)); mix(i, d.lo); mix(i, d.hi); } while (0)
#define V2(i, insn) do { V b = {rnd(), rnd()}, d; \
  __asm__(insn " %1, %0" : "=x"(d) : "x"(b)); mix(i, d.lo); mix(i, d.hi); } while (0)
static void put_hex(u64 v) { char buf[17]; for (int i = 15; i >= 0; i--, v >>= 4) buf[i] = "0123456789abcdef"[v & 15]; buf[16] = '\n'; sys3(1, 1, (long)buf, 17); }
__attribute__((force_align_arg_pointer)) void _start(void)
{
  for (int k = 0; k < 1000; k++) {
    V3(0, "vphaddw"); V3(1, "vphsubsw"); V3(2, "vpsignb"); V3(3, "vpmaddubsw"); V3(4, "vpmulhrsw");
    V3(5, "vpmuldq"); V3I(6, "vpblendw", 0x5a); V3I(7, "vblendps", 5); V3I(8, "vinsertps", 0x5c);
    V3I(9, "vmpsadbw", 6); V3I(10, "vdpps", 0xf3); V3I(11, "vdppd", 0x31); V3(12, "vhaddps");
    V3(13, "vaddsubpd"); V2(14, "vpmovsxbw"); V2(15, "vpmovzxwq"); V2(16, "vphminposuw");
    V2(17, "vmovshdup"); V2(18, "vmovddup"); V3I(19, "vpclmulqdq", 0x11);
    V a = {rnd(), rnd()}, b = {rnd(), rnd()}; u64 ix;
    __asm__("vpcmpistri $0x0c, %2, %1" : "=c"(ix) : "x"(a), "x"(b) : "cc"); mix(20, ix);
  }
  for (int i = 0; i < 64; i++) if (hs[i]) { put_hex(i); put_hex(hs[i]); }
  sys3(60, 0, 0, 0);
}
