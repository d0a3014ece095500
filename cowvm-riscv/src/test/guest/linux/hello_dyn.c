/*
 * hello_dyn.c: hello.c linked dynamically (with PT_INTERP naming ld-linux),
 * which cowvm refuses with a message that says to link with -static.
 */
#include "hello.c"
