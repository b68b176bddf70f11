/* Prints its arguments and exits with status 3. */
#include <stdio.h>
int main(int argc, char **argv) { printf("hello %d %s\n", argc, argv[0]); return 3; }
