/*
 * Linked with -N, as xv6's forktest is: one read-write-execute segment whose
 * file offset is not page-aligned, so a loader must copy it, not map it.
 */
long xv6_write(int fd, const void *buf, int n);

static const char message[] = "packed\n";
int counter = 7;

int main(void)
{
    counter++;
    xv6_write(1, message, sizeof message - 1);
    return counter == 8 ? 0 : 1;
}
