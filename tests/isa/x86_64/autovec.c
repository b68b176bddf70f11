/* gcc -O3 auto-vectorised loops (widening, narrowing, max, sums, 32-bit multiplies built from
 * PMULUDQ, 64-bit shifts) over random data: the same results as the host CPU. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
static unsigned long long h[16]; static int site;
static void mix(unsigned long long v){ unsigned long long *p=&h[site++%16]; *p=(*p^v)*1099511628211ull; }
static unsigned st=1; static unsigned rnd(void){ st=st*1103515245u+12345u; return st>>8; }
__attribute__((noinline)) void w16(uint16_t *d, const uint8_t *s, int n){ for(int i=0;i<n;i++) d[i]=s[i]; }
__attribute__((noinline)) void w32(uint32_t *d, const uint8_t *s, int n){ for(int i=0;i<n;i++) d[i]=s[i]; }
__attribute__((noinline)) void n8(uint8_t *d, const uint32_t *s, int n){ for(int i=0;i<n;i++) d[i]=(uint8_t)s[i]; }
__attribute__((noinline)) void w16s(int16_t *d, const int8_t *s, int n){ for(int i=0;i<n;i++) d[i]=s[i]; }
__attribute__((noinline)) unsigned maxc(const uint8_t *s, int n){ unsigned m=0; for(int i=0;i<n;i++) m = s[i]>m?s[i]:m; return m; }
__attribute__((noinline)) unsigned maxc4(const uint32_t *s, int n){ unsigned m=0; for(int i=0;i<n;i++) m = s[i]>m?s[i]:m; return m; }
__attribute__((noinline)) long sum(const int32_t *s, int n){ long m=0; for(int i=0;i<n;i++) m += s[i]; return m; }
__attribute__((noinline)) void mulv(int32_t *d, const int32_t *s, int n){ for(int i=0;i<n;i++) d[i] = d[i]*s[i] + (s[i]>>3); }
__attribute__((noinline)) void shv(uint64_t *d, const uint64_t *s, int n){ for(int i=0;i<n;i++) d[i] = (d[i]<<7) ^ (s[i]>>13); }
int main(void){
  static uint8_t a[2048]; static uint16_t b[2048]; static uint32_t c[2048]; static int32_t e[2048], f[2048]; static uint64_t g[2048], g2[2048];
  for(int it=0; it<2000; it++){ site=0; int off=rnd()%32, n=rnd()%600;
    for(int i=0;i<2048;i++){ a[i]=rnd(); c[i]=rnd()&0x1ff; e[i]=rnd(); f[i]=rnd(); g[i]=((uint64_t)rnd()<<32)|rnd(); g2[i]=rnd(); }
    w16(b+off%8, a+off, n); for(int i=0;i<n+8;i++) mix(b[i]);
    w32(c+off%8, a+off, n); for(int i=0;i<n+8;i++) mix(c[i]);
    n8(a+off, c+off%8, n); for(int i=0;i<n+32;i++) mix(a[i]);
    w16s((int16_t*)b, (int8_t*)a+off, n); for(int i=0;i<n;i++) mix(b[i]);
    mix(maxc(a+off,n)); mix(maxc4(c+off,n)); mix(sum(e+off,n));
    mulv(e+off, f, n); for(int i=0;i<n;i++) mix(e[off+i]);
    shv(g+off, g2, n); for(int i=0;i<n;i++) mix(g[off+i]);
  }
  for(int i=0;i<12;i++) printf("%d %016llx\n", i, h[i]);
}
