package dev.cowvm.riscv.abi;

import java.nio.charset.StandardCharsets;

/**
 * Linux riscv64 as {@code --strace} prints it: the names of system calls, errnos and signals,
 * and the flags, commands and strings the calls take, spelled the way strace spells them. The
 * numbers are Linux's, from the uapi headers each method cites (riscv64 uses the generic
 * ones); the notation is strace's.
 *
 * <ul>
 *   <li>A set of flags is the names of its bits joined by {@code |}, in the order strace
 *       lists them, then any bits no name covers in hex: {@code O_RDONLY|O_CLOEXEC|0x40000000}.</li>
 *   <li>A set with bits but no name for any of them is its hex value and a comment naming the
 *       kind: <code>0x4 /* AT_??? *&#47;</code>. An empty set is {@code 0}, unless a name means
 *       zero ({@code PROT_NONE}, {@code F_OK}).</li>
 *   <li>A command or code with no name is likewise its hex value and a comment:
 *       <code>0x400 /* F_??? *&#47;</code>.</li>
 * </ul>
 *
 * <p>Every method takes any value, known or not, and answers for it.
 */
public final class LinuxNames {
    private LinuxNames() {
    }

    /** A value and its name. */
    private record Name(long value, String name) {
    }

    private static Name n(long value, String name) {
        return new Name(value, name);
    }

    // ------------------------------------------------------------------ system calls

    /** The calls by number; null where riscv64 has none (244 to 257, 295 to 423). */
    private static final String[] CALLS = new String[472];

    static {
        run(0,
            "io_setup", "io_destroy", "io_submit", "io_cancel", "io_getevents", "setxattr", "lsetxattr",
            "fsetxattr", "getxattr", "lgetxattr", "fgetxattr", "listxattr", "llistxattr", "flistxattr",
            "removexattr", "lremovexattr", "fremovexattr", "getcwd", "lookup_dcookie", "eventfd2",
            "epoll_create1", "epoll_ctl", "epoll_pwait", "dup", "dup3", "fcntl", "inotify_init1",
            "inotify_add_watch", "inotify_rm_watch", "ioctl", "ioprio_set", "ioprio_get", "flock", "mknodat",
            "mkdirat", "unlinkat", "symlinkat", "linkat", "renameat", "umount2", "mount", "pivot_root",
            "nfsservctl", "statfs", "fstatfs", "truncate", "ftruncate", "fallocate", "faccessat", "chdir",
            "fchdir", "chroot", "fchmod", "fchmodat", "fchownat", "fchown", "openat", "close", "vhangup",
            "pipe2", "quotactl", "getdents64", "lseek", "read", "write", "readv", "writev", "pread64",
            "pwrite64", "preadv", "pwritev", "sendfile", "pselect6", "ppoll", "signalfd4", "vmsplice",
            "splice", "tee", "readlinkat", "newfstatat", "fstat", "sync", "fsync", "fdatasync",
            "sync_file_range", "timerfd_create", "timerfd_settime", "timerfd_gettime", "utimensat", "acct",
            "capget", "capset", "personality", "exit", "exit_group", "waitid", "set_tid_address", "unshare",
            "futex", "set_robust_list", "get_robust_list", "nanosleep", "getitimer", "setitimer",
            "kexec_load", "init_module", "delete_module", "timer_create", "timer_gettime", "timer_getoverrun",
            "timer_settime", "timer_delete", "clock_settime", "clock_gettime", "clock_getres",
            "clock_nanosleep", "syslog", "ptrace", "sched_setparam", "sched_setscheduler",
            "sched_getscheduler", "sched_getparam", "sched_setaffinity", "sched_getaffinity", "sched_yield",
            "sched_get_priority_max", "sched_get_priority_min", "sched_rr_get_interval", "restart_syscall",
            "kill", "tkill", "tgkill", "sigaltstack", "rt_sigsuspend", "rt_sigaction", "rt_sigprocmask",
            "rt_sigpending", "rt_sigtimedwait", "rt_sigqueueinfo", "rt_sigreturn", "setpriority",
            "getpriority", "reboot", "setregid", "setgid", "setreuid", "setuid", "setresuid", "getresuid",
            "setresgid", "getresgid", "setfsuid", "setfsgid", "times", "setpgid", "getpgid", "getsid",
            "setsid", "getgroups", "setgroups", "uname", "sethostname", "setdomainname", "getrlimit",
            "setrlimit", "getrusage", "umask", "prctl", "getcpu", "gettimeofday", "settimeofday", "adjtimex",
            "getpid", "getppid", "getuid", "geteuid", "getgid", "getegid", "gettid", "sysinfo", "mq_open",
            "mq_unlink", "mq_timedsend", "mq_timedreceive", "mq_notify", "mq_getsetattr", "msgget", "msgctl",
            "msgrcv", "msgsnd", "semget", "semctl", "semtimedop", "semop", "shmget", "shmctl", "shmat",
            "shmdt", "socket", "socketpair", "bind", "listen", "accept", "connect", "getsockname",
            "getpeername", "sendto", "recvfrom", "setsockopt", "getsockopt", "shutdown", "sendmsg", "recvmsg",
            "readahead", "brk", "munmap", "mremap", "add_key", "request_key", "keyctl", "clone", "execve",
            "mmap", "fadvise64", "swapon", "swapoff", "mprotect", "msync", "mlock", "munlock", "mlockall",
            "munlockall", "mincore", "madvise", "remap_file_pages", "mbind", "get_mempolicy", "set_mempolicy",
            "migrate_pages", "move_pages", "rt_tgsigqueueinfo", "perf_event_open", "accept4", "recvmmsg");
        run(258,
            "riscv_hwprobe", "riscv_flush_icache", "wait4", "prlimit64", "fanotify_init", "fanotify_mark",
            "name_to_handle_at", "open_by_handle_at", "clock_adjtime", "syncfs", "setns", "sendmmsg",
            "process_vm_readv", "process_vm_writev", "kcmp", "finit_module", "sched_setattr", "sched_getattr",
            "renameat2", "seccomp", "getrandom", "memfd_create", "bpf", "execveat", "userfaultfd",
            "membarrier", "mlock2", "copy_file_range", "preadv2", "pwritev2", "pkey_mprotect", "pkey_alloc",
            "pkey_free", "statx", "io_pgetevents", "rseq", "kexec_file_load");
        run(424,
            "pidfd_send_signal", "io_uring_setup", "io_uring_enter", "io_uring_register", "open_tree",
            "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "pidfd_open", "clone3", "close_range",
            "openat2", "pidfd_getfd", "faccessat2", "process_madvise", "epoll_pwait2", "mount_setattr",
            "quotactl_fd", "landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self",
            "memfd_secret", "process_mrelease", "futex_waitv", "set_mempolicy_home_node", "cachestat",
            "fchmodat2", "map_shadow_stack", "futex_wake", "futex_wait", "futex_requeue", "statmount",
            "listmount", "lsm_get_self_attr", "lsm_set_self_attr", "lsm_list_modules", "mseal", "setxattrat",
            "getxattrat", "listxattrat", "removexattrat", "open_tree_attr", "file_getattr", "file_setattr",
            "listns", "rseq_slice_yield");
    }

    private static void run(int first, String... names) {
        System.arraycopy(names, 0, CALLS, first, names.length);
    }

    /**
     * The name of riscv64 system call {@code number}, as strace prints it, or null for a number
     * riscv64 has no call for. The numbers are the generic table's
     * ({@code include/uapi/asm-generic/unistd.h}, since Linux 6.11 {@code scripts/syscall.tbl}),
     * with riscv's own 258 {@code riscv_hwprobe} and 259 {@code riscv_flush_icache}
     * ({@code arch/riscv/include/uapi/asm/unistd.h}); a 64-bit program has no calls at 244 to 257
     * and 295 to 423 (403 to 423 are the 32-bit time64 calls).
     *
     * @param number the number in a7
     * @return the name, such as {@code openat} for 56, or null
     */
    public static String callName(long number) {
        return number >= 0 && number < CALLS.length ? CALLS[(int) number] : null;
    }

    // ------------------------------------------------------------------ errnos

    /** Names by errno, from {@code include/uapi/asm-generic/errno-base.h} (1 to 34) and {@code errno.h}. */
    private static final String[] ERRNO_NAMES = {null,
        "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
        "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
        "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
        "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY",
        "ELOOP", null, "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH",
        "ENOCSI", "EL2HLT", "EBADE", "EBADR", "EXFULL", "ENOANO", "EBADRQC", "EBADSLT", null, "EBFONT",
        "ENOSTR", "ENODATA", "ETIME", "ENOSR", "ENONET", "ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT",
        "ECOMM", "EPROTO", "EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD", "EREMCHG",
        "ELIBACC", "ELIBBAD", "ELIBSCN", "ELIBMAX", "ELIBEXEC", "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS",
        "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT",
        "ESOCKTNOSUPPORT", "EOPNOTSUPP", "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL",
        "ENETDOWN", "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN",
        "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT", "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH",
        "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM", "ENAVAIL", "EISNAM", "EREMOTEIO",
        "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", "ENOKEY", "EKEYEXPIRED", "EKEYREVOKED",
        "EKEYREJECTED", "EOWNERDEAD", "ENOTRECOVERABLE", "ERFKILL", "EHWPOISON"};

    /** The C library's {@code strerror} text by errno. */
    private static final String[] ERRNO_TEXTS = {null,
        "Operation not permitted", "No such file or directory", "No such process", "Interrupted system call",
        "Input/output error", "No such device or address", "Argument list too long", "Exec format error",
        "Bad file descriptor", "No child processes", "Resource temporarily unavailable",
        "Cannot allocate memory", "Permission denied", "Bad address", "Block device required",
        "Device or resource busy", "File exists", "Invalid cross-device link", "No such device",
        "Not a directory", "Is a directory", "Invalid argument", "Too many open files in system",
        "Too many open files", "Inappropriate ioctl for device", "Text file busy", "File too large",
        "No space left on device", "Illegal seek", "Read-only file system", "Too many links", "Broken pipe",
        "Numerical argument out of domain", "Numerical result out of range", "Resource deadlock avoided",
        "File name too long", "No locks available", "Function not implemented", "Directory not empty",
        "Too many levels of symbolic links", null, "No message of desired type", "Identifier removed",
        "Channel number out of range", "Level 2 not synchronized", "Level 3 halted", "Level 3 reset",
        "Link number out of range", "Protocol driver not attached", "No CSI structure available",
        "Level 2 halted", "Invalid exchange", "Invalid request descriptor", "Exchange full", "No anode",
        "Invalid request code", "Invalid slot", null, "Bad font file format", "Device not a stream",
        "No data available", "Timer expired", "Out of streams resources", "Machine is not on the network",
        "Package not installed", "Object is remote", "Link has been severed", "Advertise error",
        "Srmount error", "Communication error on send", "Protocol error", "Multihop attempted",
        "RFS specific error", "Bad message", "Value too large for defined data type",
        "Name not unique on network", "File descriptor in bad state", "Remote address changed",
        "Can not access a needed shared library", "Accessing a corrupted shared library",
        ".lib section in a.out corrupted", "Attempting to link in too many shared libraries",
        "Cannot exec a shared library directly", "Invalid or incomplete multibyte or wide character",
        "Interrupted system call should be restarted", "Streams pipe error", "Too many users",
        "Socket operation on non-socket", "Destination address required", "Message too long",
        "Protocol wrong type for socket", "Protocol not available", "Protocol not supported",
        "Socket type not supported", "Operation not supported", "Protocol family not supported",
        "Address family not supported by protocol", "Address already in use",
        "Cannot assign requested address", "Network is down", "Network is unreachable",
        "Network dropped connection on reset", "Software caused connection abort", "Connection reset by peer",
        "No buffer space available", "Transport endpoint is already connected",
        "Transport endpoint is not connected", "Cannot send after transport endpoint shutdown",
        "Too many references: cannot splice", "Connection timed out", "Connection refused", "Host is down",
        "No route to host", "Operation already in progress", "Operation now in progress", "Stale file handle",
        "Structure needs cleaning", "Not a XENIX named type file", "No XENIX semaphores available",
        "Is a named type file", "Remote I/O error", "Disk quota exceeded", "No medium found",
        "Wrong medium type", "Operation canceled", "Required key not available", "Key has expired",
        "Key has been revoked", "Key was rejected by service", "Owner died", "State not recoverable",
        "Operation not possible due to RF-kill", "Memory page has hardware error"};

    /**
     * The name of {@code errno}, such as {@code ENOENT} for 2 (numbers from
     * {@code include/uapi/asm-generic/errno-base.h} and {@code errno.h}).
     *
     * @param errno a positive errno
     * @return the name, or null outside 1 to 133 and for 41 and 58, which have none
     *         ({@code EWOULDBLOCK} and {@code EDEADLOCK} are other names for 11 and 35)
     */
    public static String errnoName(int errno) {
        return errno > 0 && errno < ERRNO_NAMES.length ? ERRNO_NAMES[errno] : null;
    }

    /**
     * What {@code strerror} says for {@code errno} in the GNU C library, which strace prints in
     * parentheses after the name: {@code No such file or directory} for 2.
     *
     * @param errno a positive errno
     * @return the text, or null exactly where {@link #errnoName} is null
     */
    public static String errnoText(int errno) {
        return errno > 0 && errno < ERRNO_TEXTS.length ? ERRNO_TEXTS[errno] : null;
    }

    // ------------------------------------------------------------------ signals

    /** Signal names by number, from {@code include/uapi/asm-generic/signal.h}. */
    private static final String[] SIGNALS = {"0",
        "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    /** The first real-time signal, the kernel's {@code SIGRTMIN}. */
    private static final int SIGRTMIN = 32;
    /** The last signal, {@code _NSIG}. */
    private static final int SIGRTMAX = 64;

    /**
     * A signal as strace names it (numbers from {@code include/uapi/asm-generic/signal.h}):
     * {@code SIGHUP} to {@code SIGSYS} for 1 to 31, {@code SIGRTMIN} for 32, {@code SIGRT_1} to
     * {@code SIGRT_32} for 33 to 64 (counted from the kernel's 32, not from the C library's
     * {@code SIGRTMIN}, which reserves two), and the number itself for anything else, 0
     * included.
     *
     * @param sig a signal number
     * @return its name, or its number in decimal
     */
    public static String signalName(int sig) {
        if (sig > 0 && sig < SIGNALS.length) {
            return SIGNALS[sig];
        }
        if (sig == SIGRTMIN) {
            return "SIGRTMIN";
        }
        if (sig > SIGRTMIN && sig <= SIGRTMAX) {
            return "SIGRT_" + (sig - SIGRTMIN);
        }
        return Integer.toString(sig);
    }

    /** A signal's name in a set: without the {@code SIG}, and {@code RTMIN}, {@code RT_n}. */
    private static String shortSignalName(int sig) {
        return signalName(sig).substring(3);
    }

    /** strace lists a set's complement once two thirds of its 64 bits are set. */
    private static final int COMPLEMENT_AT = 64 * 2 / 3;

    /**
     * A 64-bit signal set ({@code sigset_t} as the kernel takes it: bit n-1 is signal n) as
     * strace prints it: the members without their {@code SIG}, in order, between brackets,
     * {@code [INT CHLD RTMIN RT_1]}, and {@code []} when empty. A set with two thirds or more of
     * the bits set (42 of 64) is printed as its complement, {@code ~[...]} listing the signals
     * it leaves out: {@code ~[]} for all 64, {@code ~[KILL STOP]} for all but those two.
     *
     * @param mask the set
     * @return the set in strace's notation
     */
    public static String sigset(long mask) {
        boolean complement = Long.bitCount(mask) >= COMPLEMENT_AT;
        long members = complement ? ~mask : mask;
        StringBuilder out = new StringBuilder(complement ? "~[" : "[");
        for (long rest = members; rest != 0; rest &= rest - 1) {
            if (out.charAt(out.length() - 1) != '[') {
                out.append(' ');
            }
            out.append(shortSignalName(Long.numberOfTrailingZeros(rest) + 1));
        }
        return out.append(']').toString();
    }

    // ------------------------------------------------------------------ flags and commands

    /** {@code open}'s access modes, the value of its two low bits ({@code include/uapi/asm-generic/fcntl.h}). */
    private static final String[] OPEN_MODES = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};

    /**
     * {@code open}'s other flags in strace's order ({@code include/uapi/asm-generic/fcntl.h}):
     * {@code O_SYNC} before {@code __O_SYNC} and {@code O_DSYNC}, {@code O_TMPFILE} before
     * {@code __O_TMPFILE} and {@code O_DIRECTORY}, so each combination is named as a whole.
     */
    private static final Name[] OPEN_FLAGS = {
        n(0100, "O_CREAT"), n(0200, "O_EXCL"), n(0400, "O_NOCTTY"), n(01000, "O_TRUNC"), n(02000, "O_APPEND"),
        n(04000, "O_NONBLOCK"), n(04010000, "O_SYNC"), n(04000000, "__O_SYNC"), n(010000, "O_DSYNC"),
        n(040000, "O_DIRECT"), n(0100000, "O_LARGEFILE"), n(0400000, "O_NOFOLLOW"), n(01000000, "O_NOATIME"),
        n(02000000, "O_CLOEXEC"), n(010000000, "O_PATH"), n(020200000, "O_TMPFILE"), n(020000000, "__O_TMPFILE"),
        n(0200000, "O_DIRECTORY"), n(0400000000, "O_EMPTYPATH"), n(020000, "FASYNC")};

    /**
     * {@code open}'s and {@code openat}'s flags (values from {@code include/uapi/asm-generic/fcntl.h}):
     * the access mode first, always ({@code O_RDONLY}, {@code O_WRONLY}, {@code O_RDWR}, or
     * {@code O_ACCMODE} for 3), then the other flags and any unknown bits in hex:
     * {@code O_WRONLY|O_CREAT|O_TRUNC}, {@code O_RDONLY|O_CLOEXEC|0x40000000}. Both bits of
     * {@code O_SYNC} print as {@code O_SYNC}, and {@code __O_TMPFILE} with {@code O_DIRECTORY} as
     * {@code O_TMPFILE}.
     *
     * @param flags the flags argument
     * @return the flags in strace's notation
     */
    public static String openFlags(int flags) {
        long value = Integer.toUnsignedLong(flags);
        StringBuilder out = new StringBuilder(OPEN_MODES[(int) (value & 3)]);
        long rest = spell(out, value & ~3L, OPEN_FLAGS);
        if (rest != 0) {
            out.append('|').append(hex(rest));
        }
        return out.toString();
    }

    /** The low byte of {@code clone}'s flags, the signal sent to the parent at exit. */
    private static final long CSIGNAL = 0xff;

    /** {@code clone}'s flags, from {@code include/uapi/linux/sched.h}. */
    private static final Name[] CLONE_FLAGS = {
        n(0x100, "CLONE_VM"), n(0x200, "CLONE_FS"), n(0x400, "CLONE_FILES"), n(0x800, "CLONE_SIGHAND"),
        n(0x1000, "CLONE_PIDFD"), n(0x2000, "CLONE_PTRACE"), n(0x4000, "CLONE_VFORK"), n(0x8000, "CLONE_PARENT"),
        n(0x10000, "CLONE_THREAD"), n(0x20000, "CLONE_NEWNS"), n(0x40000, "CLONE_SYSVSEM"),
        n(0x80000, "CLONE_SETTLS"), n(0x100000, "CLONE_PARENT_SETTID"), n(0x200000, "CLONE_CHILD_CLEARTID"),
        n(0x800000, "CLONE_UNTRACED"), n(0x1000000, "CLONE_CHILD_SETTID"), n(0x2000000, "CLONE_NEWCGROUP"),
        n(0x4000000, "CLONE_NEWUTS"), n(0x8000000, "CLONE_NEWIPC"), n(0x10000000, "CLONE_NEWUSER"),
        n(0x20000000, "CLONE_NEWPID"), n(0x40000000, "CLONE_NEWNET"), n(0x80000000L, "CLONE_IO")};

    /**
     * {@code clone}'s flags (values from {@code include/uapi/linux/sched.h}): the flags in bit
     * order, then the exit signal in the low byte ({@code CSIGNAL}) by name:
     * {@code CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD}. With no flags it is the signal
     * alone ({@code SIGCHLD}, or {@code 0}), and with no signal the flags alone. Like strace,
     * it has no name for {@code CLONE_DETACHED} (0x400000), which the kernel ignores: that bit
     * prints in hex.
     *
     * @param flags the flags argument
     * @return the flags in strace's notation
     */
    public static String cloneFlags(long flags) {
        long rest = flags & ~CSIGNAL;
        int signal = (int) (flags & CSIGNAL);
        if (rest == 0) {
            return signalName(signal);
        }
        String spelled = flags(rest, "CLONE_???", CLONE_FLAGS);
        return signal == 0 ? spelled : spelled + "|" + signalName(signal);
    }

    /** Protections, from {@code include/uapi/asm-generic/mman-common.h}. */
    private static final Name[] PROT = {
        n(0, "PROT_NONE"), n(1, "PROT_READ"), n(2, "PROT_WRITE"), n(4, "PROT_EXEC"), n(8, "PROT_SEM"),
        n(0x01000000, "PROT_GROWSDOWN"), n(0x02000000, "PROT_GROWSUP")};

    /**
     * {@code mmap}'s and {@code mprotect}'s protection (values from
     * {@code include/uapi/asm-generic/mman-common.h}): {@code PROT_NONE} for 0, else
     * {@code PROT_READ|PROT_WRITE|PROT_EXEC} and the rest that are set.
     *
     * @param prot the protection argument
     * @return the protection in strace's notation
     */
    public static String mmapProt(int prot) {
        return flags(Integer.toUnsignedLong(prot), "PROT_???", PROT);
    }

    /** The bits of {@code mmap}'s flags that hold the mapping's type ({@code MAP_TYPE}). */
    private static final long MAP_TYPE = 0xf;
    /** Where {@code MAP_HUGETLB}'s page size is: six bits from bit 26 ({@code MAP_HUGE_SHIFT}). */
    private static final int MAP_HUGE_SHIFT = 26;
    private static final long MAP_HUGE_MASK = 0x3fL << MAP_HUGE_SHIFT;

    /** Mapping types ({@code include/uapi/linux/mman.h}); strace names type 0 {@code MAP_FILE}. */
    private static final Name[] MAP_TYPES = {
        n(0, "MAP_FILE"), n(1, "MAP_SHARED"), n(2, "MAP_PRIVATE"), n(3, "MAP_SHARED_VALIDATE"), n(8, "MAP_DROPPABLE")};

    /** The other flags, in strace's order ({@code asm-generic/mman-common.h} and {@code mman.h}). */
    private static final Name[] MAP_FLAGS = {
        n(0x10, "MAP_FIXED"), n(0x20, "MAP_ANONYMOUS"), n(0x4000, "MAP_NORESERVE"), n(0x8000, "MAP_POPULATE"),
        n(0x10000, "MAP_NONBLOCK"), n(0x100, "MAP_GROWSDOWN"), n(0x800, "MAP_DENYWRITE"),
        n(0x1000, "MAP_EXECUTABLE"), n(0x2000, "MAP_LOCKED"), n(0x20000, "MAP_STACK"), n(0x40000, "MAP_HUGETLB"),
        n(0x80000, "MAP_SYNC"), n(0x100000, "MAP_FIXED_NOREPLACE")};

    /**
     * {@code mmap}'s flags (values from {@code include/uapi/asm-generic/mman-common.h},
     * {@code asm-generic/mman.h} and {@code linux/mman.h}): the type first ({@code MAP_SHARED},
     * {@code MAP_PRIVATE}, {@code MAP_SHARED_VALIDATE}, {@code MAP_DROPPABLE}, and
     * {@code MAP_FILE} for 0), then the flags in strace's order, not quite bit order
     * ({@code MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE|MAP_GROWSDOWN}), then unknown bits in hex,
     * then a huge page size as strace shows it, {@code 21<<MAP_HUGE_SHIFT} for 2 MiB pages.
     *
     * @param flags the flags argument
     * @return the flags in strace's notation
     */
    public static String mmapFlags(int flags) {
        long value = Integer.toUnsignedLong(flags);
        StringBuilder out = new StringBuilder(value(value & MAP_TYPE, "MAP_???", MAP_TYPES));
        long rest = spell(out, value & ~MAP_TYPE & ~MAP_HUGE_MASK, MAP_FLAGS);
        if (rest != 0) {
            out.append('|').append(hex(rest));
        }
        long huge = value & MAP_HUGE_MASK;
        if (huge != 0) {
            out.append('|').append(huge >>> MAP_HUGE_SHIFT).append("<<MAP_HUGE_SHIFT");
        }
        return out.toString();
    }

    /** {@code mremap}'s flags, from {@code include/uapi/linux/mman.h}. */
    private static final Name[] MREMAP_FLAGS = {
        n(1, "MREMAP_MAYMOVE"), n(2, "MREMAP_FIXED"), n(4, "MREMAP_DONTUNMAP")};

    /**
     * {@code mremap}'s flags (values from {@code include/uapi/linux/mman.h}):
     * {@code MREMAP_MAYMOVE}, {@code MREMAP_FIXED}, {@code MREMAP_DONTUNMAP}, or {@code 0}.
     *
     * @param flags the flags argument
     * @return the flags in strace's notation
     */
    public static String mremapFlags(int flags) {
        return flags(Integer.toUnsignedLong(flags), "MREMAP_???", MREMAP_FLAGS);
    }

    /** {@code madvise}'s advice, from {@code include/uapi/asm-generic/mman-common.h}. */
    private static final Name[] MADVISE = {
        n(0, "MADV_NORMAL"), n(1, "MADV_RANDOM"), n(2, "MADV_SEQUENTIAL"), n(3, "MADV_WILLNEED"),
        n(4, "MADV_DONTNEED"), n(8, "MADV_FREE"), n(9, "MADV_REMOVE"), n(10, "MADV_DONTFORK"),
        n(11, "MADV_DOFORK"), n(12, "MADV_MERGEABLE"), n(13, "MADV_UNMERGEABLE"), n(14, "MADV_HUGEPAGE"),
        n(15, "MADV_NOHUGEPAGE"), n(16, "MADV_DONTDUMP"), n(17, "MADV_DODUMP"), n(18, "MADV_WIPEONFORK"),
        n(19, "MADV_KEEPONFORK"), n(20, "MADV_COLD"), n(21, "MADV_PAGEOUT"), n(22, "MADV_POPULATE_READ"),
        n(23, "MADV_POPULATE_WRITE"), n(24, "MADV_DONTNEED_LOCKED"), n(25, "MADV_COLLAPSE"),
        n(100, "MADV_HWPOISON"), n(101, "MADV_SOFT_OFFLINE"), n(102, "MADV_GUARD_INSTALL"),
        n(103, "MADV_GUARD_REMOVE")};

    /**
     * {@code madvise}'s advice (values from {@code include/uapi/asm-generic/mman-common.h}):
     * {@code MADV_NORMAL} for 0, {@code MADV_DONTNEED} for 4, {@code MADV_FREE} for 8, and so on.
     *
     * @param advice the advice argument
     * @return its name, or <code>0x5 /* MADV_??? *&#47;</code>
     */
    public static String madviseAdvice(int advice) {
        return value(Integer.toUnsignedLong(advice), "MADV_???", MADVISE);
    }

    /**
     * {@code wait4}'s options, from {@code include/uapi/linux/wait.h}, in strace's order. 2 is
     * both {@code WUNTRACED} and {@code WSTOPPED}; strace says {@code WSTOPPED}.
     */
    private static final Name[] WAIT_OPTIONS = {
        n(1, "WNOHANG"), n(2, "WSTOPPED"), n(4, "WEXITED"), n(8, "WCONTINUED"), n(0x01000000, "WNOWAIT"),
        n(0x80000000L, "__WCLONE"), n(0x40000000, "__WALL"), n(0x20000000, "__WNOTHREAD")};

    /**
     * {@code wait4}'s and {@code waitid}'s options (values from {@code include/uapi/linux/wait.h}):
     * {@code 0}, or {@code WNOHANG}, {@code WSTOPPED} (2, which is also {@code WUNTRACED}),
     * {@code WEXITED}, {@code WCONTINUED}, {@code WNOWAIT}, then {@code __WCLONE},
     * {@code __WALL}, {@code __WNOTHREAD}: {@code WNOHANG|WSTOPPED|__WALL}.
     *
     * @param options the options argument
     * @return the options in strace's notation
     */
    public static String waitOptions(int options) {
        return flags(Integer.toUnsignedLong(options), "W???", WAIT_OPTIONS);
    }

    /** ptrace's events, the byte above a stop's signal ({@code include/uapi/linux/ptrace.h}). */
    private static final Name[] PTRACE_EVENTS = {
        n(1, "PTRACE_EVENT_FORK"), n(2, "PTRACE_EVENT_VFORK"), n(3, "PTRACE_EVENT_CLONE"),
        n(4, "PTRACE_EVENT_EXEC"), n(5, "PTRACE_EVENT_VFORK_DONE"), n(6, "PTRACE_EVENT_EXIT"),
        n(7, "PTRACE_EVENT_SECCOMP"), n(0x80, "PTRACE_EVENT_STOP")};

    /**
     * A status {@code wait4} stored, as strace shows it (the encoding is the one
     * {@code <sys/wait.h>}'s macros decode, from the kernel's {@code kernel/exit.c}):
     * <ul>
     *   <li>{@code [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]} for an exit;</li>
     *   <li>{@code [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}]} for a death by a signal, with
     *       {@code  && WCOREDUMP(s)} inside the braces when bit 0x80 is set;</li>
     *   <li>{@code [{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}]} for a stop ({@code  | 0x80} after
     *       the signal for a system-call stop of {@code PTRACE_O_TRACESYSGOOD});</li>
     *   <li>{@code [{WIFCONTINUED(s)}]} for 0xffff;</li>
     * </ul>
     * and after the braces, any bits the case leaves unexplained: a ptrace event as
     * {@code |PTRACE_EVENT_EXEC<<16}, the rest in hex. A status that fits no case is
     * {@code [0x...]}.
     *
     * @param status the status word
     * @return the status in strace's notation
     */
    public static String waitStatus(int status) {
        StringBuilder out = new StringBuilder("[");
        int low = status & 0x7f;
        int high = (status >>> 8) & 0xff;
        int rest;
        if ((status & 0xff) == 0x7f) {
            out.append("{WIFSTOPPED(s) && WSTOPSIG(s) == ").append(signalName(high & 0x7f))
                    .append((high & 0x80) != 0 ? " | 0x80" : "").append('}');
            rest = status & ~((high << 8) | 0x7f);
        } else if (low != 0 && low != 0x7f) {
            out.append("{WIFSIGNALED(s) && WTERMSIG(s) == ").append(signalName(low))
                    .append((status & 0x80) != 0 ? " && WCOREDUMP(s)" : "").append('}');
            rest = status & ~(low | 0x80);
        } else if (low == 0) {
            out.append("{WIFEXITED(s) && WEXITSTATUS(s) == ").append(high).append('}');
            rest = status & ~(high << 8);
        } else if (status == 0xffff) {
            out.append("{WIFCONTINUED(s)}");
            rest = 0;
        } else {
            return out.append(hex(Integer.toUnsignedLong(status))).append(']').toString();
        }
        int event = rest >>> 16;
        if (event != 0) {
            out.append('|').append(value(event, "PTRACE_EVENT_???", PTRACE_EVENTS)).append("<<16");
            rest &= 0xffff;
        }
        if (rest != 0) {
            out.append('|').append(hex(rest));
        }
        return out.append(']').toString();
    }

    /** The {@code AT_} flags the path calls share ({@code include/uapi/linux/fcntl.h}). */
    private static final Name[] AT_FLAGS = {
        n(0x100, "AT_SYMLINK_NOFOLLOW"), n(0x200, "AT_REMOVEDIR"), n(0x400, "AT_SYMLINK_FOLLOW"),
        n(0x800, "AT_NO_AUTOMOUNT"), n(0x1000, "AT_EMPTY_PATH"), n(0x8000, "AT_RECURSIVE")};

    /**
     * The flags of {@code newfstatat}, {@code fchownat}, {@code linkat}, {@code utimensat} and
     * the other {@code *at} calls that take the common set (values from
     * {@code include/uapi/linux/fcntl.h}): {@code AT_SYMLINK_NOFOLLOW}, {@code AT_REMOVEDIR}
     * (0x200), {@code AT_SYMLINK_FOLLOW}, {@code AT_NO_AUTOMOUNT}, {@code AT_EMPTY_PATH},
     * {@code AT_RECURSIVE}, or {@code 0}. For {@code faccessat2}, where 0x200 means
     * {@code AT_EACCESS}, see {@link #faccessatFlags}.
     *
     * @param flags the flags argument
     * @return the flags in strace's notation
     */
    public static String atFlags(int flags) {
        return flags(Integer.toUnsignedLong(flags), "AT_???", AT_FLAGS);
    }

    /** {@code faccessat2}'s flags ({@code include/uapi/linux/fcntl.h}). */
    private static final Name[] FACCESSAT_FLAGS = {
        n(0x100, "AT_SYMLINK_NOFOLLOW"), n(0x200, "AT_EACCESS"), n(0x1000, "AT_EMPTY_PATH")};

    /**
     * {@code faccessat2}'s flags (values from {@code include/uapi/linux/fcntl.h}):
     * {@code AT_SYMLINK_NOFOLLOW}, {@code AT_EACCESS} (0x200), {@code AT_EMPTY_PATH}, or {@code 0}.
     *
     * @param flags the flags argument
     * @return the flags in strace's notation
     */
    public static String faccessatFlags(int flags) {
        return flags(Integer.toUnsignedLong(flags), "AT_???", FACCESSAT_FLAGS);
    }

    /** The directory descriptor that means the working directory ({@code include/uapi/linux/fcntl.h}). */
    private static final int AT_FDCWD = -100;

    /**
     * The directory argument of an {@code *at} call: {@code AT_FDCWD} for -100
     * ({@code include/uapi/linux/fcntl.h}), else the descriptor in decimal.
     *
     * @param fd the descriptor argument
     * @return the descriptor in strace's notation
     */
    public static String dirfd(int fd) {
        return fd == AT_FDCWD ? "AT_FDCWD" : Integer.toString(fd);
    }

    /** {@code fcntl}'s commands (a 64-bit program has no {@code F_GETLK64} and its kin). */
    private static final Name[] FCNTL = {
        n(0, "F_DUPFD"), n(1, "F_GETFD"), n(2, "F_SETFD"), n(3, "F_GETFL"), n(4, "F_SETFL"), n(5, "F_GETLK"),
        n(6, "F_SETLK"), n(7, "F_SETLKW"), n(8, "F_SETOWN"), n(9, "F_GETOWN"), n(10, "F_SETSIG"),
        n(11, "F_GETSIG"), n(15, "F_SETOWN_EX"), n(16, "F_GETOWN_EX"), n(17, "F_GETOWNER_UIDS"),
        n(36, "F_OFD_GETLK"), n(37, "F_OFD_SETLK"), n(38, "F_OFD_SETLKW"), n(1024, "F_SETLEASE"),
        n(1025, "F_GETLEASE"), n(1026, "F_NOTIFY"), n(1027, "F_DUPFD_QUERY"), n(1028, "F_CREATED_QUERY"),
        n(1029, "F_CANCELLK"), n(1030, "F_DUPFD_CLOEXEC"), n(1031, "F_SETPIPE_SZ"), n(1032, "F_GETPIPE_SZ"),
        n(1033, "F_ADD_SEALS"), n(1034, "F_GET_SEALS"), n(1035, "F_GET_RW_HINT"), n(1036, "F_SET_RW_HINT"),
        n(1037, "F_GET_FILE_RW_HINT"), n(1038, "F_SET_FILE_RW_HINT"), n(1039, "F_GETDELEG"),
        n(1040, "F_SETDELEG")};

    /**
     * {@code fcntl}'s command (values from {@code include/uapi/asm-generic/fcntl.h} and, from
     * 1024 ({@code F_LINUX_SPECIFIC_BASE}) on, {@code include/uapi/linux/fcntl.h}):
     * {@code F_DUPFD} for 0 to {@code F_GETOWN} for 9, {@code F_DUPFD_CLOEXEC} for 1030, and so on.
     *
     * @param cmd the command argument
     * @return its name, or <code>0x12 /* F_??? *&#47;</code>
     */
    public static String fcntlCommand(int cmd) {
        return value(Integer.toUnsignedLong(cmd), "F_???", FCNTL);
    }

    /** {@code rt_sigprocmask}'s {@code how}, from {@code include/uapi/asm-generic/signal-defs.h}. */
    private static final Name[] SIGPROCMASK = {n(0, "SIG_BLOCK"), n(1, "SIG_UNBLOCK"), n(2, "SIG_SETMASK")};

    /**
     * {@code rt_sigprocmask}'s {@code how} (values from
     * {@code include/uapi/asm-generic/signal-defs.h}): {@code SIG_BLOCK} 0, {@code SIG_UNBLOCK} 1,
     * {@code SIG_SETMASK} 2.
     *
     * @param how the how argument
     * @return its name, or <code>0x3 /* SIG_??? *&#47;</code>
     */
    public static String sigprocmaskHow(int how) {
        return value(Integer.toUnsignedLong(how), "SIG_???", SIGPROCMASK);
    }

    /**
     * {@code sa_flags}, in strace's order ({@code include/uapi/asm-generic/signal-defs.h};
     * {@code SA_RESTORER} from the architectures that have it, {@code SA_INTERRUPT} from the C
     * library, where it is a no-op kept for history).
     */
    private static final Name[] SA_FLAGS = {
        n(0x04000000, "SA_RESTORER"), n(0x08000000, "SA_ONSTACK"), n(0x10000000, "SA_RESTART"),
        n(0x20000000, "SA_INTERRUPT"), n(0x40000000, "SA_NODEFER"), n(0x80000000L, "SA_RESETHAND"),
        n(4, "SA_SIGINFO"), n(1, "SA_NOCLDSTOP"), n(2, "SA_NOCLDWAIT")};

    /**
     * The {@code sa_flags} of a {@code struct sigaction} (values from
     * {@code include/uapi/asm-generic/signal-defs.h}), in strace's order, high bits first:
     * {@code SA_RESTORER}, {@code SA_ONSTACK}, {@code SA_RESTART}, {@code SA_INTERRUPT},
     * {@code SA_NODEFER}, {@code SA_RESETHAND}, {@code SA_SIGINFO}, {@code SA_NOCLDSTOP},
     * {@code SA_NOCLDWAIT}; {@code 0} for none.
     *
     * @param flags the flags
     * @return the flags in strace's notation
     */
    public static String sigactionFlags(long flags) {
        return flags(flags, "SA_???", SA_FLAGS);
    }

    /** Terminal and file ioctls, from {@code include/uapi/asm-generic/ioctls.h}. */
    private static final Name[] IOCTLS = {
        n(0x5401, "TCGETS"), n(0x5402, "TCSETS"), n(0x5403, "TCSETSW"), n(0x5404, "TCSETSF"),
        n(0x5405, "TCGETA"), n(0x5406, "TCSETA"), n(0x5407, "TCSETAW"), n(0x5408, "TCSETAF"),
        n(0x5409, "TCSBRK"), n(0x540a, "TCXONC"), n(0x540b, "TCFLSH"), n(0x540c, "TIOCEXCL"),
        n(0x540d, "TIOCNXCL"), n(0x540e, "TIOCSCTTY"), n(0x540f, "TIOCGPGRP"), n(0x5410, "TIOCSPGRP"),
        n(0x5411, "TIOCOUTQ"), n(0x5412, "TIOCSTI"), n(0x5413, "TIOCGWINSZ"), n(0x5414, "TIOCSWINSZ"),
        n(0x5415, "TIOCMGET"), n(0x5416, "TIOCMBIS"), n(0x5417, "TIOCMBIC"), n(0x5418, "TIOCMSET"),
        n(0x5419, "TIOCGSOFTCAR"), n(0x541a, "TIOCSSOFTCAR"), n(0x541b, "FIONREAD"), n(0x541c, "TIOCLINUX"),
        n(0x541d, "TIOCCONS"), n(0x541e, "TIOCGSERIAL"), n(0x541f, "TIOCSSERIAL"), n(0x5420, "TIOCPKT"),
        n(0x5421, "FIONBIO"), n(0x5422, "TIOCNOTTY"), n(0x5423, "TIOCSETD"), n(0x5424, "TIOCGETD"),
        n(0x5425, "TCSBRKP"), n(0x5427, "TIOCSBRK"), n(0x5428, "TIOCCBRK"), n(0x5429, "TIOCGSID"),
        n(0x802c542aL, "TCGETS2"), n(0x402c542bL, "TCSETS2"), n(0x402c542cL, "TCSETSW2"),
        n(0x402c542dL, "TCSETSF2"), n(0x542e, "TIOCGRS485"), n(0x542f, "TIOCSRS485"),
        n(0x80045430L, "TIOCGPTN"), n(0x40045431L, "TIOCSPTLCK"), n(0x80045432L, "TIOCGDEV"),
        n(0x5432, "TCGETX"), n(0x5433, "TCSETX"), n(0x5434, "TCSETXF"), n(0x5435, "TCSETXW"),
        n(0x40045436L, "TIOCSIG"), n(0x5437, "TIOCVHANGUP"), n(0x80045438L, "TIOCGPKT"),
        n(0x80045439L, "TIOCGPTLCK"), n(0x80045440L, "TIOCGEXCL"), n(0x5441, "TIOCGPTPEER"),
        n(0x80285442L, "TIOCGISO7816"), n(0xc0285443L, "TIOCSISO7816"), n(0x5450, "FIONCLEX"),
        n(0x5451, "FIOCLEX"), n(0x5452, "FIOASYNC"), n(0x5453, "TIOCSERCONFIG"), n(0x5454, "TIOCSERGWILD"),
        n(0x5455, "TIOCSERSWILD"), n(0x5456, "TIOCGLCKTRMIOS"), n(0x5457, "TIOCSLCKTRMIOS"),
        n(0x5458, "TIOCSERGSTRUCT"), n(0x5459, "TIOCSERGETLSR"), n(0x545a, "TIOCSERGETMULTI"),
        n(0x545b, "TIOCSERSETMULTI"), n(0x545c, "TIOCMIWAIT"), n(0x545d, "TIOCGICOUNT"),
        n(0x5460, "FIOQSIZE")};

    /**
     * An {@code ioctl} request: the terminal and file requests of
     * {@code include/uapi/asm-generic/ioctls.h} by name ({@code TCGETS} 0x5401, {@code TIOCGWINSZ}
     * 0x5413, {@code FIONREAD} 0x541b, {@code FIONBIO} 0x5421, {@code FIOCLEX} 0x5451, ...), any
     * other in hex. The kernel takes the request as 32 bits, so only the low 32 count.
     *
     * @param request the request argument
     * @return its name, or its low 32 bits in hex
     */
    public static String ioctlRequest(long request) {
        long code = request & 0xffffffffL;
        for (Name name : IOCTLS) {
            if (name.value() == code) {
                return name.name();
            }
        }
        return hex(code);
    }

    /** {@code prctl}'s options, from {@code include/uapi/linux/prctl.h}. */
    private static final Name[] PRCTL = {
        n(1, "PR_SET_PDEATHSIG"), n(2, "PR_GET_PDEATHSIG"), n(3, "PR_GET_DUMPABLE"), n(4, "PR_SET_DUMPABLE"),
        n(5, "PR_GET_UNALIGN"), n(6, "PR_SET_UNALIGN"), n(7, "PR_GET_KEEPCAPS"), n(8, "PR_SET_KEEPCAPS"),
        n(9, "PR_GET_FPEMU"), n(10, "PR_SET_FPEMU"), n(11, "PR_GET_FPEXC"), n(12, "PR_SET_FPEXC"),
        n(13, "PR_GET_TIMING"), n(14, "PR_SET_TIMING"), n(15, "PR_SET_NAME"), n(16, "PR_GET_NAME"),
        n(19, "PR_GET_ENDIAN"), n(20, "PR_SET_ENDIAN"), n(21, "PR_GET_SECCOMP"), n(22, "PR_SET_SECCOMP"),
        n(23, "PR_CAPBSET_READ"), n(24, "PR_CAPBSET_DROP"), n(25, "PR_GET_TSC"), n(26, "PR_SET_TSC"),
        n(27, "PR_GET_SECUREBITS"), n(28, "PR_SET_SECUREBITS"), n(29, "PR_SET_TIMERSLACK"),
        n(30, "PR_GET_TIMERSLACK"), n(31, "PR_TASK_PERF_EVENTS_DISABLE"), n(32, "PR_TASK_PERF_EVENTS_ENABLE"),
        n(33, "PR_MCE_KILL"), n(34, "PR_MCE_KILL_GET"), n(35, "PR_SET_MM"), n(36, "PR_SET_CHILD_SUBREAPER"),
        n(37, "PR_GET_CHILD_SUBREAPER"), n(38, "PR_SET_NO_NEW_PRIVS"), n(39, "PR_GET_NO_NEW_PRIVS"),
        n(40, "PR_GET_TID_ADDRESS"), n(41, "PR_SET_THP_DISABLE"), n(42, "PR_GET_THP_DISABLE"),
        n(43, "PR_MPX_ENABLE_MANAGEMENT"), n(44, "PR_MPX_DISABLE_MANAGEMENT"), n(45, "PR_SET_FP_MODE"),
        n(46, "PR_GET_FP_MODE"), n(47, "PR_CAP_AMBIENT"), n(50, "PR_SVE_SET_VL"), n(51, "PR_SVE_GET_VL"),
        n(52, "PR_GET_SPECULATION_CTRL"), n(53, "PR_SET_SPECULATION_CTRL"), n(54, "PR_PAC_RESET_KEYS"),
        n(55, "PR_SET_TAGGED_ADDR_CTRL"), n(56, "PR_GET_TAGGED_ADDR_CTRL"), n(57, "PR_SET_IO_FLUSHER"),
        n(58, "PR_GET_IO_FLUSHER"), n(59, "PR_SET_SYSCALL_USER_DISPATCH"), n(60, "PR_PAC_SET_ENABLED_KEYS"),
        n(61, "PR_PAC_GET_ENABLED_KEYS"), n(62, "PR_SCHED_CORE"), n(63, "PR_SME_SET_VL"),
        n(64, "PR_SME_GET_VL"), n(65, "PR_SET_MDWE"), n(66, "PR_GET_MDWE"), n(67, "PR_SET_MEMORY_MERGE"),
        n(68, "PR_GET_MEMORY_MERGE"), n(69, "PR_RISCV_V_SET_CONTROL"), n(70, "PR_RISCV_V_GET_CONTROL"),
        n(71, "PR_RISCV_SET_ICACHE_FLUSH_CTX"), n(72, "PR_PPC_GET_DEXCR"), n(73, "PR_PPC_SET_DEXCR"),
        n(74, "PR_GET_SHADOW_STACK_STATUS"), n(75, "PR_SET_SHADOW_STACK_STATUS"),
        n(76, "PR_LOCK_SHADOW_STACK_STATUS"), n(77, "PR_TIMER_CREATE_RESTORE_IDS"), n(78, "PR_FUTEX_HASH"),
        n(79, "PR_RSEQ_SLICE_EXTENSION"), n(80, "PR_GET_CFI"), n(81, "PR_SET_CFI"),
        n(0x41555856, "PR_GET_AUXV"), n(0x53564d41, "PR_SET_VMA"), n(0x59616d61, "PR_SET_PTRACER")};

    /**
     * {@code prctl}'s option (values from {@code include/uapi/linux/prctl.h}):
     * {@code PR_SET_PDEATHSIG} 1, {@code PR_GET_DUMPABLE} 3, {@code PR_SET_NAME} 15,
     * {@code PR_SET_VMA} 0x53564d41, and the rest.
     *
     * @param option the option argument
     * @return its name, or <code>0x11 /* PR_??? *&#47;</code>
     */
    public static String prctlOption(int option) {
        return value(Integer.toUnsignedLong(option), "PR_???", PRCTL);
    }

    /** Resource limits, from {@code include/uapi/asm-generic/resource.h}. */
    private static final Name[] RLIMITS = {
        n(0, "RLIMIT_CPU"), n(1, "RLIMIT_FSIZE"), n(2, "RLIMIT_DATA"), n(3, "RLIMIT_STACK"), n(4, "RLIMIT_CORE"),
        n(5, "RLIMIT_RSS"), n(6, "RLIMIT_NPROC"), n(7, "RLIMIT_NOFILE"), n(8, "RLIMIT_MEMLOCK"), n(9, "RLIMIT_AS"),
        n(10, "RLIMIT_LOCKS"), n(11, "RLIMIT_SIGPENDING"), n(12, "RLIMIT_MSGQUEUE"), n(13, "RLIMIT_NICE"),
        n(14, "RLIMIT_RTPRIO"), n(15, "RLIMIT_RTTIME")};

    /**
     * The resource of {@code prlimit64}, {@code getrlimit} and {@code setrlimit} (values from
     * {@code include/uapi/asm-generic/resource.h}): {@code RLIMIT_CPU} 0, {@code RLIMIT_STACK} 3,
     * {@code RLIMIT_CORE} 4, {@code RLIMIT_NOFILE} 7, {@code RLIMIT_AS} 9, up to
     * {@code RLIMIT_RTTIME} 15.
     *
     * @param resource the resource argument
     * @return its name, or <code>0x10 /* RLIMIT_??? *&#47;</code>
     */
    public static String rlimitResource(int resource) {
        return value(Integer.toUnsignedLong(resource), "RLIMIT_???", RLIMITS);
    }

    /** Clocks, from {@code include/uapi/linux/time.h}. */
    private static final Name[] CLOCKS = {
        n(0, "CLOCK_REALTIME"), n(1, "CLOCK_MONOTONIC"), n(2, "CLOCK_PROCESS_CPUTIME_ID"),
        n(3, "CLOCK_THREAD_CPUTIME_ID"), n(4, "CLOCK_MONOTONIC_RAW"), n(5, "CLOCK_REALTIME_COARSE"),
        n(6, "CLOCK_MONOTONIC_COARSE"), n(7, "CLOCK_BOOTTIME"), n(8, "CLOCK_REALTIME_ALARM"),
        n(9, "CLOCK_BOOTTIME_ALARM"), n(10, "CLOCK_SGI_CYCLE"), n(11, "CLOCK_TAI")};

    /**
     * A clock (values from {@code include/uapi/linux/time.h}): {@code CLOCK_REALTIME} 0,
     * {@code CLOCK_MONOTONIC} 1, {@code CLOCK_PROCESS_CPUTIME_ID} 2, {@code CLOCK_THREAD_CPUTIME_ID}
     * 3, {@code CLOCK_MONOTONIC_RAW} 4, {@code CLOCK_REALTIME_COARSE} 5,
     * {@code CLOCK_MONOTONIC_COARSE} 6, {@code CLOCK_BOOTTIME} 7, up to {@code CLOCK_TAI} 11. A
     * negative id (another process's CPU clock) prints as 32 bits in hex, as strace built on a
     * C library that does not export the kernel's clock-id macros prints it.
     *
     * @param clock the clock argument
     * @return its name, or <code>0xfffffffe /* CLOCK_??? *&#47;</code>
     */
    public static String clockId(int clock) {
        return value(Integer.toUnsignedLong(clock), "CLOCK_???", CLOCKS);
    }

    /** {@code faccessat}'s modes in strace's order ({@code <unistd.h>}). */
    private static final Name[] ACCESS = {n(0, "F_OK"), n(4, "R_OK"), n(2, "W_OK"), n(1, "X_OK")};

    /**
     * The mode of {@code faccessat} and {@code faccessat2} (values from {@code <unistd.h>}, the
     * kernel's {@code MAY_READ}, {@code MAY_WRITE}, {@code MAY_EXEC}): {@code F_OK} for 0, else
     * {@code R_OK|W_OK|X_OK} and the rest that are set.
     *
     * @param mode the mode argument
     * @return the mode in strace's notation
     */
    public static String accessMode(int mode) {
        return flags(Integer.toUnsignedLong(mode), "?_OK", ACCESS);
    }

    /** {@code lseek}'s whence, from {@code include/uapi/linux/fs.h}. */
    private static final Name[] WHENCE = {
        n(0, "SEEK_SET"), n(1, "SEEK_CUR"), n(2, "SEEK_END"), n(3, "SEEK_DATA"), n(4, "SEEK_HOLE")};

    /**
     * {@code lseek}'s whence (values from {@code include/uapi/linux/fs.h}): {@code SEEK_SET} 0,
     * {@code SEEK_CUR} 1, {@code SEEK_END} 2, {@code SEEK_DATA} 3, {@code SEEK_HOLE} 4.
     *
     * @param whence the whence argument
     * @return its name, or <code>0x5 /* SEEK_??? *&#47;</code>
     */
    public static String seekWhence(int whence) {
        return value(Integer.toUnsignedLong(whence), "SEEK_???", WHENCE);
    }

    // ------------------------------------------------------------------ strings

    /**
     * Bytes as strace quotes a string, between double quotes: printable ASCII (0x20 to 0x7e) as
     * it is; {@code "} and {@code \} behind a backslash; {@code \f \n \r \t \v} as those escapes;
     * any other byte in octal behind a backslash, in as few digits as it needs ({@code \0},
     * {@code \33}, {@code \377}), or in three when the next byte shown is an octal digit, so
     * the escape cannot swallow it ({@code \0001} for a NUL then '1'). When {@code total} is
     * more than is shown, {@code ...} follows the closing quote, as it does for a buffer
     * strace's string limit (32 by default) cuts.
     *
     * @param bytes the bytes read
     * @param shown how many of them to show; clamped to 0 and {@code bytes.length}
     * @param total how long the string or buffer really is
     * @return the quoted string
     */
    public static String quote(byte[] bytes, int shown, int total) {
        int count = Math.clamp(shown, 0, bytes.length);
        StringBuilder out = new StringBuilder(count + 5).append('"');
        for (int i = 0; i < count; i++) {
            int c = bytes[i] & 0xff;
            switch (c) {
                case '"', '\\' -> out.append('\\').append((char) c);
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        out.append((char) c);
                    } else {
                        String octal = Integer.toOctalString(c);
                        out.append('\\');
                        if (i + 1 < count && bytes[i + 1] >= '0' && bytes[i + 1] <= '7') {
                            out.append("00", 0, 3 - octal.length());
                        }
                        out.append(octal);
                    }
                }
            }
        }
        out.append('"');
        if (total > count) {
            out.append("...");
        }
        return out.toString();
    }

    /**
     * A string quoted as {@link #quote(byte[], int, int)} quotes its UTF-8 bytes, all of them:
     * a path the program passed, say.
     *
     * @param s the string
     * @return the quoted string
     */
    public static String quote(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return quote(bytes, bytes.length, bytes.length);
    }

    // ------------------------------------------------------------------ helpers

    /** A value in hex as strace prints one: {@code 0x1f}, and {@code 0} for zero. */
    private static String hex(long value) {
        return value == 0 ? "0" : "0x" + Long.toHexString(value);
    }

    /** An unknown value: its hex and a comment naming its kind, or the hex alone if no kind. */
    private static String unknown(long value, String kind) {
        return kind == null ? hex(value) : hex(value) + " /* " + kind + " */";
    }

    /** The name of {@code value} in {@code names}, or it as {@link #unknown}. */
    private static String value(long value, String kind, Name... names) {
        for (Name name : names) {
            if (name.value() == value) {
                return name.name();
            }
        }
        return unknown(value, kind);
    }

    /**
     * A set of flags: the name meaning zero, or {@code 0}, for none; the names of the bits, then
     * the bits left in hex; or, when no name fits any bit, the value as {@link #unknown}.
     */
    private static String flags(long value, String kind, Name... names) {
        if (value == 0) {
            for (Name name : names) {
                if (name.value() == 0) {
                    return name.name();
                }
            }
            return "0";
        }
        StringBuilder out = new StringBuilder();
        long rest = spell(out, value, names);
        if (out.isEmpty()) {
            return unknown(rest, kind);
        }
        return rest == 0 ? out.toString() : out.append('|').append(hex(rest)).toString();
    }

    /**
     * Appends to {@code out}, each after a {@code |} unless {@code out} is empty, the names in
     * {@code names} whose bits are all still in {@code value}, taking them out as it goes so
     * that a name for several bits, listed first, wins over the names of its parts.
     *
     * @return the bits no name took
     */
    private static long spell(StringBuilder out, long value, Name[] names) {
        long rest = value;
        for (Name name : names) {
            if (name.value() != 0 && (rest & name.value()) == name.value()) {
                if (!out.isEmpty()) {
                    out.append('|');
                }
                out.append(name.name());
                rest &= ~name.value();
            }
        }
        return rest;
    }
}
