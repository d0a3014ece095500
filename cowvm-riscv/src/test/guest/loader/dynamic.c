/* Linked dynamically on purpose: the loader must refuse it and say to link with -static. */
#include <stdio.h>

int main(void)
{
    puts("dynamic");
    return 0;
}
