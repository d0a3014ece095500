package dev.cowvm.riscv.abi;

/**
 * Resource limits as {@code prlimit64} reports them: the numbers of Linux
 * {@code include/uapi/asm-generic/resource.h}, with the defaults a Debian system gives a
 * login shell. They are kept and reported; the machine enforces its own limits (the
 * descriptor table's size, the stack it maps), which RLIMIT_NOFILE and RLIMIT_STACK
 * report.
 */
final class LinuxLimits {
    /** {@code RLIM_INFINITY}. */
    static final long INFINITY = -1;
    static final int RLIMIT_STACK = 3;
    static final int RLIMIT_CORE = 4;
    static final int RLIMIT_NOFILE = 7;
    /** RLIMIT_CPU to RLIMIT_RTTIME. */
    static final int COUNT = 16;

    private LinuxLimits() {
    }

    static long[][] defaults() {
        long[][] l = new long[COUNT][];
        for (int i = 0; i < COUNT; i++) {
            l[i] = new long[] {INFINITY, INFINITY};
        }
        l[RLIMIT_STACK] = new long[] {8L << 20, INFINITY};
        l[RLIMIT_CORE] = new long[] {0, INFINITY};
        l[6] = new long[] {1024, 1024}; // RLIMIT_NPROC: the machine's process table
        l[RLIMIT_NOFILE] = new long[] {1024, 1024};
        l[8] = new long[] {8L << 20, 8L << 20}; // RLIMIT_MEMLOCK
        l[11] = new long[] {1024, 1024}; // RLIMIT_SIGPENDING
        l[12] = new long[] {819200, 819200}; // RLIMIT_MSGQUEUE
        l[13] = new long[] {0, 0}; // RLIMIT_NICE
        l[14] = new long[] {0, 0}; // RLIMIT_RTPRIO
        return l;
    }
}
