/* select(2) by its x86-64 syscall number: fd sets, the timeval written back, tv_usec of 1 s or more normalised, bad nfds. */
#include <stdio.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <errno.h>
int main(void){
  int p[2]; pipe(p); write(p[1],"x",1);
  fd_set r; FD_ZERO(&r); FD_SET(p[0],&r); FD_SET(0,&r);
  struct timeval tv={1,500000};
  long n=syscall(SYS_select,p[0]+1,&r,NULL,NULL,&tv);
  printf("n=%ld r0=%d rp=%d tv=%ld\n",n,FD_ISSET(0,&r)!=0,FD_ISSET(p[0],&r)!=0,(long)tv.tv_sec);
  FD_ZERO(&r); FD_SET(p[0],&r); char c; read(p[0],&c,1);
  tv=(struct timeval){0,20000};
  n=syscall(SYS_select,p[0]+1,&r,NULL,NULL,&tv);
  printf("n=%ld tv=%ld.%06ld\n",n,(long)tv.tv_sec,(long)tv.tv_usec);
  tv=(struct timeval){0,2000000};
  n=syscall(SYS_select,1,NULL,NULL,NULL,&tv); printf("n=%ld errno=%d\n",n,errno);
  n=syscall(SYS_select,-1,NULL,NULL,NULL,NULL); printf("n=%ld errno=%d\n",n,errno);
  return 0;}
