/* The signal frame's FP state as Linux writes it: an XSAVE area with the _fpx_sw_bytes magic
 * words, XSTATE_BV with x87 and SSE, the interrupted XMM/MXCSR/x87 values; the handler starts
 * with an initialized FPU, and what it writes into the frame is what sigreturn restores. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile unsigned seen_mxcsr_in_handler, seen_xmm_in_handler;

static void handler(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    struct _fpstate *fp = (struct _fpstate *)uc->uc_mcontext.fpregs;
    unsigned char *a = (unsigned char *)fp;
    unsigned magic1, ext, xsize, magic2;
    unsigned long long xfeat, bv;
    memcpy(&magic1, a + 464, 4);
    memcpy(&ext, a + 468, 4);
    memcpy(&xfeat, a + 472, 8);
    memcpy(&xsize, a + 480, 4);
    memcpy(&magic2, a + xsize, 4);
    memcpy(&bv, a + 512, 8);
    unsigned yh3;
    memcpy(&yh3, a + 576 + 3 * 16, 4);
    printf("uc_flags&1=%lu magic1=%x ext-size=%d magic2=%x xfeat&7=%llx bv&7=%llx ymmh3=%x aligned=%d\n",
           uc->uc_flags & 1, magic1, (int)(ext - xsize), magic2, xfeat & 7, bv & 7, yh3,
           (int)(((unsigned long)fp & 63) == 0));
    printf("frame mxcsr=%x fcw=%x xmm3=%x st0-exp=%x\n", fp->mxcsr, fp->cwd,
           fp->_xmm[3].element[0], fp->_st[0].exponent);
    unsigned mx;
    __asm__ volatile("stmxcsr %0" : "=m"(mx));
    unsigned short cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    unsigned x3;
    __asm__ volatile("movd %%xmm3, %0" : "=r"(x3));
    printf("handler mxcsr=%x fcw=%x xmm3=%x\n", mx, cw, x3);
    fp->_xmm[3].element[0] = 0xabcdef01;
    yh3 ^= 0x11111111;
    memcpy(a + 576 + 3 * 16, &yh3, 4);
    fp->mxcsr = 0x9f80;
    fp->cwd = 0x27f;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, 0);
    unsigned mx = 0x3f80, x3 = 0x12345678, after, mxa;
    unsigned short cw = 0x37f ^ 0x300, cwa;
    unsigned hi = 0x5a5a1234, hia;
    __asm__ volatile("ldmxcsr %0\n\tfldcw %1\n\tfld1\n\tvmovd %3, %%xmm4\n\tvinserti128 $1, %%xmm4, %%ymm4, %%ymm3\n\t"
                     "vpinsrd $0, %2, %%xmm3, %%xmm5\n\tvpblendd $0x0f, %%ymm5, %%ymm3, %%ymm3"
                     :: "m"(mx), "m"(cw), "r"(x3), "r"(hi) : "xmm3", "xmm4", "xmm5");
    raise(SIGUSR1);
    __asm__ volatile("vmovd %%xmm3, %0\n\tstmxcsr %1\n\tfnstcw %2\n\tfstp %%st(0)\n\t"
                     "vextracti128 $1, %%ymm3, %%xmm4\n\tvmovd %%xmm4, %3"
                     : "=r"(after), "=m"(mxa), "=m"(cwa), "=r"(hia) :: "xmm3", "xmm4");
    printf("after xmm3=%x mxcsr=%x fcw=%x ymmh3=%x\n", after, mxa, cwa, hia);
    return 0;
}
