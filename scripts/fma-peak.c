/*
 * fma-peak.c: the machine's float32 FMA peak on one core, the figure BENCHMARKS.md divides GEMM
 * GFLOP/s by. 24 independent chains of 512-bit vfmadd231ps (enough to cover the FMA latency on both
 * FMA ports), no memory operands; prints the best of 5 rounds. Needs AVX-512F.
 *   gcc -O2 -march=native scripts/fma-peak.c -o /tmp/fma-peak && /tmp/fma-peak
 *   (/tmp/fma-peak & /tmp/fma-peak; wait)     # both cores at once: add the two figures
 */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define CH 24
int main(int argc,char**argv){
  long iters = argc>1? atol(argv[1]) : 100000000L;
  __m512 a=_mm512_set1_ps(1.0000001f), b=_mm512_set1_ps(0.9999999f);
  __m512 c[CH]; for(int i=0;i<CH;i++) c[i]=_mm512_set1_ps(i);
  double best=0;
  for(int rep=0;rep<5;rep++){
  double t0=now();
  for(long it=0;it<iters;it++){
    #pragma GCC unroll 24
    for(int i=0;i<CH;i++) c[i]=_mm512_fmadd_ps(a,c[i],b);
  }
  double t=now()-t0; double g=iters*CH*32.0/t*1e-9; if(g>best)best=g;}
  __m512 s=c[0]; for(int i=1;i<CH;i++) s=_mm512_add_ps(s,c[i]);
  float out[16]; _mm512_storeu_ps(out,s);
  printf("%.1f GFLOP/s best (512-bit, %d chains) chk %g\n", best, CH, out[0]);
  return 0;
}
