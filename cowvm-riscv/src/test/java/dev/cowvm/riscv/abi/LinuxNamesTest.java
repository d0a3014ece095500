package dev.cowvm.riscv.abi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Linux riscv64's names and strace's notation for them, known values, unknown ones and mixtures. */
class LinuxNamesTest {

    // ------------------------------------------------------------------ system calls

    @Test
    void theCallsAProgramMakesFirstHaveTheGenericTablesNumbers() {
        Object[][] calls = {
            {0, "io_setup"}, {17, "getcwd"}, {23, "dup"}, {25, "fcntl"}, {29, "ioctl"}, {35, "unlinkat"},
            {48, "faccessat"}, {56, "openat"}, {57, "close"}, {59, "pipe2"}, {61, "getdents64"}, {62, "lseek"},
            {63, "read"}, {64, "write"}, {66, "writev"}, {67, "pread64"}, {71, "sendfile"}, {78, "readlinkat"},
            {79, "newfstatat"}, {80, "fstat"}, {93, "exit"}, {94, "exit_group"}, {95, "waitid"},
            {96, "set_tid_address"}, {98, "futex"}, {99, "set_robust_list"}, {101, "nanosleep"},
            {113, "clock_gettime"}, {115, "clock_nanosleep"}, {124, "sched_yield"}, {129, "kill"},
            {131, "tgkill"}, {134, "rt_sigaction"}, {135, "rt_sigprocmask"}, {139, "rt_sigreturn"},
            {160, "uname"}, {163, "getrlimit"}, {167, "prctl"}, {172, "getpid"}, {173, "getppid"}, {174, "getuid"},
            {178, "gettid"}, {198, "socket"}, {214, "brk"}, {215, "munmap"}, {216, "mremap"}, {220, "clone"},
            {221, "execve"}, {222, "mmap"}, {223, "fadvise64"}, {226, "mprotect"}, {233, "madvise"},
            {243, "recvmmsg"}, {258, "riscv_hwprobe"}, {259, "riscv_flush_icache"}, {260, "wait4"},
            {261, "prlimit64"}, {278, "getrandom"}, {281, "execveat"}, {291, "statx"}, {293, "rseq"},
            {294, "kexec_file_load"}, {424, "pidfd_send_signal"}, {435, "clone3"}, {436, "close_range"},
            {437, "openat2"}, {439, "faccessat2"}, {449, "futex_waitv"}, {462, "mseal"}, {463, "setxattrat"},
            {471, "rseq_slice_yield"}};
        for (Object[] c : calls) {
            assertThat(LinuxNames.callName((Integer) c[0])).as("call %s", c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void numbersRiscv64HasNoCallForHaveNoName() {
        long[] none = {-1, 244, 250, 257, 295, 402, 403, 414, 423, 472, 1000, Long.MAX_VALUE, Long.MIN_VALUE,
            (1L << 32) | 63};
        for (long n : none) {
            assertThat(LinuxNames.callName(n)).as("call %s", n).isNull();
        }
    }

    @Test
    void theTableHasThreeRunsOfDistinctNames() {
        Set<String> names = new HashSet<>();
        for (int n = 0; n < 600; n++) {
            String name = LinuxNames.callName(n);
            boolean expected = n <= 243 || (n >= 258 && n <= 294) || (n >= 424 && n <= 471);
            assertThat(name != null).as("call %s", n).isEqualTo(expected);
            if (name != null) {
                assertThat(name).matches("[a-z][a-z0-9_]*");
                assertThat(names.add(name)).as("%s is named once", name).isTrue();
            }
        }
        assertThat(names).hasSize(244 + 37 + 48);
    }

    // ------------------------------------------------------------------ errnos

    @Test
    void errnosHaveTheirNames() {
        assertThat(LinuxNames.errnoName(1)).isEqualTo("EPERM");
        assertThat(LinuxNames.errnoName(2)).isEqualTo("ENOENT");
        assertThat(LinuxNames.errnoName(9)).isEqualTo("EBADF");
        assertThat(LinuxNames.errnoName(11)).isEqualTo("EAGAIN");
        assertThat(LinuxNames.errnoName(13)).isEqualTo("EACCES");
        assertThat(LinuxNames.errnoName(22)).isEqualTo("EINVAL");
        assertThat(LinuxNames.errnoName(34)).isEqualTo("ERANGE");
        assertThat(LinuxNames.errnoName(35)).isEqualTo("EDEADLK");
        assertThat(LinuxNames.errnoName(38)).isEqualTo("ENOSYS");
        assertThat(LinuxNames.errnoName(40)).isEqualTo("ELOOP");
        assertThat(LinuxNames.errnoName(42)).isEqualTo("ENOMSG");
        assertThat(LinuxNames.errnoName(59)).isEqualTo("EBFONT");
        assertThat(LinuxNames.errnoName(75)).isEqualTo("EOVERFLOW");
        assertThat(LinuxNames.errnoName(95)).isEqualTo("EOPNOTSUPP");
        assertThat(LinuxNames.errnoName(110)).isEqualTo("ETIMEDOUT");
        assertThat(LinuxNames.errnoName(125)).isEqualTo("ECANCELED");
        assertThat(LinuxNames.errnoName(133)).isEqualTo("EHWPOISON");
    }

    @Test
    void numbersThatAreNoErrnoHaveNoName() {
        for (int e : new int[] {Integer.MIN_VALUE, -2, 0, 41, 58, 134, 512, Integer.MAX_VALUE}) {
            assertThat(LinuxNames.errnoName(e)).as("errno %s", e).isNull();
            assertThat(LinuxNames.errnoText(e)).as("errno %s", e).isNull();
        }
    }

    @Test
    void errnosHaveTheCLibrarysText() {
        assertThat(LinuxNames.errnoText(1)).isEqualTo("Operation not permitted");
        assertThat(LinuxNames.errnoText(2)).isEqualTo("No such file or directory");
        assertThat(LinuxNames.errnoText(9)).isEqualTo("Bad file descriptor");
        assertThat(LinuxNames.errnoText(11)).isEqualTo("Resource temporarily unavailable");
        assertThat(LinuxNames.errnoText(12)).isEqualTo("Cannot allocate memory");
        assertThat(LinuxNames.errnoText(13)).isEqualTo("Permission denied");
        assertThat(LinuxNames.errnoText(17)).isEqualTo("File exists");
        assertThat(LinuxNames.errnoText(22)).isEqualTo("Invalid argument");
        assertThat(LinuxNames.errnoText(25)).isEqualTo("Inappropriate ioctl for device");
        assertThat(LinuxNames.errnoText(32)).isEqualTo("Broken pipe");
        assertThat(LinuxNames.errnoText(38)).isEqualTo("Function not implemented");
        assertThat(LinuxNames.errnoText(40)).isEqualTo("Too many levels of symbolic links");
        assertThat(LinuxNames.errnoText(110)).isEqualTo("Connection timed out");
        assertThat(LinuxNames.errnoText(133)).isEqualTo("Memory page has hardware error");
    }

    @Test
    void everyNamedErrnoHasTextAndNoOtherDoes() {
        for (int e = -5; e < 200; e++) {
            assertThat(LinuxNames.errnoText(e) != null).as("errno %s", e).isEqualTo(LinuxNames.errnoName(e) != null);
        }
    }

    // ------------------------------------------------------------------ signals

    @Test
    void signalsHaveTheGenericNumbers() {
        String[] names = {"0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
            "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD",
            "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM",
            "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};
        for (int sig = 0; sig < names.length; sig++) {
            assertThat(LinuxNames.signalName(sig)).isEqualTo(names[sig]);
        }
    }

    @Test
    void realTimeSignalsCountFromTheKernelsSigrtmin() {
        assertThat(LinuxNames.signalName(32)).isEqualTo("SIGRTMIN");
        assertThat(LinuxNames.signalName(33)).isEqualTo("SIGRT_1");
        assertThat(LinuxNames.signalName(34)).isEqualTo("SIGRT_2");
        assertThat(LinuxNames.signalName(64)).isEqualTo("SIGRT_32");
    }

    @Test
    void otherNumbersAreThemselves() {
        assertThat(LinuxNames.signalName(65)).isEqualTo("65");
        assertThat(LinuxNames.signalName(-1)).isEqualTo("-1");
        assertThat(LinuxNames.signalName(Integer.MIN_VALUE)).isEqualTo("-2147483648");
    }

    @Test
    void aSignalSetListsItsMembersWithoutSig() {
        assertThat(LinuxNames.sigset(0)).isEqualTo("[]");
        assertThat(LinuxNames.sigset((1L << 1) | (1L << 16))).isEqualTo("[INT CHLD]");
        assertThat(LinuxNames.sigset(1L << 9)).isEqualTo("[USR1]");
        assertThat(LinuxNames.sigset((1L << 31) | (1L << 32))).isEqualTo("[RTMIN RT_1]");
        assertThat(LinuxNames.sigset(1L << 63)).isEqualTo("[RT_32]");
    }

    @Test
    void aSignalSetTwoThirdsFullIsPrintedAsItsComplement() {
        assertThat(LinuxNames.sigset(-1L)).isEqualTo("~[]");
        assertThat(LinuxNames.sigset(~((1L << 8) | (1L << 18)))).isEqualTo("~[KILL STOP]");
        assertThat(LinuxNames.sigset(~((1L << 31) | (1L << 32)))).isEqualTo("~[RTMIN RT_1]");

        long fortyOne = (1L << 41) - 1;
        assertThat(LinuxNames.sigset(fortyOne)).startsWith("[HUP INT QUIT ").endsWith(" RT_8 RT_9]");
        long fortyTwo = (1L << 42) - 1;
        assertThat(LinuxNames.sigset(fortyTwo)).startsWith("~[RT_11 RT_12 ").endsWith(" RT_31 RT_32]");
        assertThat(LinuxNames.sigset(0xffffffffL)).as("half is not enough").startsWith("[HUP ").endsWith(" SYS RTMIN]");
    }

    // ------------------------------------------------------------------ open

    @Test
    void openFlagsStartWithTheAccessMode() {
        assertThat(LinuxNames.openFlags(0)).isEqualTo("O_RDONLY");
        assertThat(LinuxNames.openFlags(1)).isEqualTo("O_WRONLY");
        assertThat(LinuxNames.openFlags(2)).isEqualTo("O_RDWR");
        assertThat(LinuxNames.openFlags(3)).isEqualTo("O_ACCMODE");
        assertThat(LinuxNames.openFlags(02000000)).isEqualTo("O_RDONLY|O_CLOEXEC");
        assertThat(LinuxNames.openFlags(01 | 0100 | 01000)).isEqualTo("O_WRONLY|O_CREAT|O_TRUNC");
        assertThat(LinuxNames.openFlags(02 | 0100 | 0200 | 0400 | 02000 | 04000))
                .isEqualTo("O_RDWR|O_CREAT|O_EXCL|O_NOCTTY|O_APPEND|O_NONBLOCK");
        assertThat(LinuxNames.openFlags(0100000)).isEqualTo("O_RDONLY|O_LARGEFILE");
        assertThat(LinuxNames.openFlags(010000000)).isEqualTo("O_RDONLY|O_PATH");
    }

    @Test
    void openFlagsFollowStracesOrderNotBitOrder() {
        assertThat(LinuxNames.openFlags(04000 | 02000000 | 0200000)).as("what ls opens a directory with")
                .isEqualTo("O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY");
        assertThat(LinuxNames.openFlags(020000 | 04000)).isEqualTo("O_RDONLY|O_NONBLOCK|FASYNC");
    }

    @Test
    void aFlagMadeOfTwoBitsIsNamedWhole() {
        assertThat(LinuxNames.openFlags(1 | 04010000)).isEqualTo("O_WRONLY|O_SYNC");
        assertThat(LinuxNames.openFlags(04000000)).isEqualTo("O_RDONLY|__O_SYNC");
        assertThat(LinuxNames.openFlags(010000)).isEqualTo("O_RDONLY|O_DSYNC");
        assertThat(LinuxNames.openFlags(2 | 020200000)).isEqualTo("O_RDWR|O_TMPFILE");
        assertThat(LinuxNames.openFlags(020000000)).isEqualTo("O_RDONLY|__O_TMPFILE");
        assertThat(LinuxNames.openFlags(0200000)).isEqualTo("O_RDONLY|O_DIRECTORY");
    }

    @Test
    void unknownOpenBitsFollowInHex() {
        assertThat(LinuxNames.openFlags(0x80000000)).isEqualTo("O_RDONLY|0x80000000");
        assertThat(LinuxNames.openFlags(1 | 0100 | 0x10000000)).isEqualTo("O_WRONLY|O_CREAT|0x10000000");
        assertThat(LinuxNames.openFlags(-1)).isEqualTo("O_ACCMODE|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND"
                + "|O_NONBLOCK|O_SYNC|O_DIRECT|O_LARGEFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|O_TMPFILE"
                + "|O_EMPTYPATH|FASYNC|0xfb80003c");
    }

    // ------------------------------------------------------------------ clone

    @Test
    void cloneFlagsEndWithTheExitSignal() {
        assertThat(LinuxNames.cloneFlags(0x01200011)).as("fork")
                .isEqualTo("CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
        assertThat(LinuxNames.cloneFlags(0x4111)).as("vfork").isEqualTo("CLONE_VM|CLONE_VFORK|SIGCHLD");
        assertThat(LinuxNames.cloneFlags(0x3d0f00)).as("a thread")
                .isEqualTo("CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS"
                        + "|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID");
        assertThat(LinuxNames.cloneFlags(0x100)).isEqualTo("CLONE_VM");
        assertThat(LinuxNames.cloneFlags(0x80000000L)).isEqualTo("CLONE_IO");
    }

    @Test
    void cloneWithNoFlagsIsItsSignal() {
        assertThat(LinuxNames.cloneFlags(17)).isEqualTo("SIGCHLD");
        assertThat(LinuxNames.cloneFlags(0)).isEqualTo("0");
        assertThat(LinuxNames.cloneFlags(0x41)).isEqualTo("65");
        assertThat(LinuxNames.cloneFlags(0x100 | 0x41)).isEqualTo("CLONE_VM|65");
    }

    @Test
    void unknownCloneBitsAreInHex() {
        assertThat(LinuxNames.cloneFlags(0x400000 | 17)).as("CLONE_DETACHED")
                .isEqualTo("0x400000 /* CLONE_??? */|SIGCHLD");
        assertThat(LinuxNames.cloneFlags(0x400100)).isEqualTo("CLONE_VM|0x400000");
        assertThat(LinuxNames.cloneFlags((1L << 32) | 0x100)).isEqualTo("CLONE_VM|0x100000000");
    }

    // ------------------------------------------------------------------ memory

    @Test
    void protectionsAreNamed() {
        assertThat(LinuxNames.mmapProt(0)).isEqualTo("PROT_NONE");
        assertThat(LinuxNames.mmapProt(1)).isEqualTo("PROT_READ");
        assertThat(LinuxNames.mmapProt(3)).isEqualTo("PROT_READ|PROT_WRITE");
        assertThat(LinuxNames.mmapProt(5)).isEqualTo("PROT_READ|PROT_EXEC");
        assertThat(LinuxNames.mmapProt(7)).isEqualTo("PROT_READ|PROT_WRITE|PROT_EXEC");
        assertThat(LinuxNames.mmapProt(0x01000001)).isEqualTo("PROT_READ|PROT_GROWSDOWN");
        assertThat(LinuxNames.mmapProt(0x10)).isEqualTo("0x10 /* PROT_??? */");
        assertThat(LinuxNames.mmapProt(0x11)).isEqualTo("PROT_READ|0x10");
    }

    @Test
    void mmapFlagsStartWithTheType() {
        assertThat(LinuxNames.mmapFlags(0x22)).isEqualTo("MAP_PRIVATE|MAP_ANONYMOUS");
        assertThat(LinuxNames.mmapFlags(0x812)).isEqualTo("MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE");
        assertThat(LinuxNames.mmapFlags(0x1)).isEqualTo("MAP_SHARED");
        assertThat(LinuxNames.mmapFlags(0x3)).isEqualTo("MAP_SHARED_VALIDATE");
        assertThat(LinuxNames.mmapFlags(0x8)).isEqualTo("MAP_DROPPABLE");
        assertThat(LinuxNames.mmapFlags(0)).isEqualTo("MAP_FILE");
        assertThat(LinuxNames.mmapFlags(0x20)).isEqualTo("MAP_FILE|MAP_ANONYMOUS");
        assertThat(LinuxNames.mmapFlags(0x20022)).isEqualTo("MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK");
        assertThat(LinuxNames.mmapFlags(0x100012)).isEqualTo("MAP_PRIVATE|MAP_FIXED|MAP_FIXED_NOREPLACE");
    }

    @Test
    void mmapFlagsFollowStracesOrderNotBitOrder() {
        assertThat(LinuxNames.mmapFlags(0x4122)).isEqualTo("MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE|MAP_GROWSDOWN");
        assertThat(LinuxNames.mmapFlags(0x8000 | 0x2000 | 0x1)).isEqualTo("MAP_SHARED|MAP_POPULATE|MAP_LOCKED");
    }

    @Test
    void anUnknownTypeOrBitIsInHex() {
        assertThat(LinuxNames.mmapFlags(0x4)).isEqualTo("0x4 /* MAP_??? */");
        assertThat(LinuxNames.mmapFlags(0x24)).isEqualTo("0x4 /* MAP_??? */|MAP_ANONYMOUS");
        assertThat(LinuxNames.mmapFlags(0x42)).isEqualTo("MAP_PRIVATE|0x40");
        assertThat(LinuxNames.mmapFlags(0x200062)).isEqualTo("MAP_PRIVATE|MAP_ANONYMOUS|0x200040");
    }

    @Test
    void aHugePageSizeIsShownAsAShift() {
        assertThat(LinuxNames.mmapFlags(0x40022 | (21 << 26)))
                .isEqualTo("MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|21<<MAP_HUGE_SHIFT");
        assertThat(LinuxNames.mmapFlags(0x40022 | (30 << 26)))
                .isEqualTo("MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|30<<MAP_HUGE_SHIFT");
        assertThat(LinuxNames.mmapFlags(0x2 | (0x3f << 26))).isEqualTo("MAP_PRIVATE|63<<MAP_HUGE_SHIFT");
    }

    @Test
    void mremapFlagsAreNamed() {
        assertThat(LinuxNames.mremapFlags(0)).isEqualTo("0");
        assertThat(LinuxNames.mremapFlags(1)).isEqualTo("MREMAP_MAYMOVE");
        assertThat(LinuxNames.mremapFlags(3)).isEqualTo("MREMAP_MAYMOVE|MREMAP_FIXED");
        assertThat(LinuxNames.mremapFlags(5)).isEqualTo("MREMAP_MAYMOVE|MREMAP_DONTUNMAP");
        assertThat(LinuxNames.mremapFlags(8)).isEqualTo("0x8 /* MREMAP_??? */");
        assertThat(LinuxNames.mremapFlags(9)).isEqualTo("MREMAP_MAYMOVE|0x8");
    }

    @Test
    void madviseAdviceIsNamed() {
        assertThat(LinuxNames.madviseAdvice(0)).isEqualTo("MADV_NORMAL");
        assertThat(LinuxNames.madviseAdvice(1)).isEqualTo("MADV_RANDOM");
        assertThat(LinuxNames.madviseAdvice(3)).isEqualTo("MADV_WILLNEED");
        assertThat(LinuxNames.madviseAdvice(4)).isEqualTo("MADV_DONTNEED");
        assertThat(LinuxNames.madviseAdvice(8)).isEqualTo("MADV_FREE");
        assertThat(LinuxNames.madviseAdvice(14)).isEqualTo("MADV_HUGEPAGE");
        assertThat(LinuxNames.madviseAdvice(25)).isEqualTo("MADV_COLLAPSE");
        assertThat(LinuxNames.madviseAdvice(100)).isEqualTo("MADV_HWPOISON");
        assertThat(LinuxNames.madviseAdvice(103)).isEqualTo("MADV_GUARD_REMOVE");
        assertThat(LinuxNames.madviseAdvice(5)).isEqualTo("0x5 /* MADV_??? */");
        assertThat(LinuxNames.madviseAdvice(26)).isEqualTo("0x1a /* MADV_??? */");
        assertThat(LinuxNames.madviseAdvice(-1)).isEqualTo("0xffffffff /* MADV_??? */");
    }

    // ------------------------------------------------------------------ wait

    @Test
    void waitOptionsAreNamed() {
        assertThat(LinuxNames.waitOptions(0)).isEqualTo("0");
        assertThat(LinuxNames.waitOptions(1)).isEqualTo("WNOHANG");
        assertThat(LinuxNames.waitOptions(2)).isEqualTo("WSTOPPED");
        assertThat(LinuxNames.waitOptions(8)).isEqualTo("WCONTINUED");
        assertThat(LinuxNames.waitOptions(0x40000003)).isEqualTo("WNOHANG|WSTOPPED|__WALL");
        assertThat(LinuxNames.waitOptions(0x80000000)).isEqualTo("__WCLONE");
        assertThat(LinuxNames.waitOptions(0xc0000000)).isEqualTo("__WCLONE|__WALL");
        assertThat(LinuxNames.waitOptions(0x20000000)).isEqualTo("__WNOTHREAD");
        assertThat(LinuxNames.waitOptions(0x10)).isEqualTo("0x10 /* W??? */");
        assertThat(LinuxNames.waitOptions(0x11)).isEqualTo("WNOHANG|0x10");
    }

    @Test
    void anExitStatusIsItsCode() {
        assertThat(LinuxNames.waitStatus(0)).isEqualTo("[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]");
        assertThat(LinuxNames.waitStatus(42 << 8)).isEqualTo("[{WIFEXITED(s) && WEXITSTATUS(s) == 42}]");
        assertThat(LinuxNames.waitStatus(255 << 8)).isEqualTo("[{WIFEXITED(s) && WEXITSTATUS(s) == 255}]");
    }

    @Test
    void aDeathBySignalIsTheSignalAndAnyCoreDump() {
        assertThat(LinuxNames.waitStatus(9)).isEqualTo("[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}]");
        assertThat(LinuxNames.waitStatus(11 | 0x80))
                .isEqualTo("[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}]");
        assertThat(LinuxNames.waitStatus(34)).isEqualTo("[{WIFSIGNALED(s) && WTERMSIG(s) == SIGRT_2}]");
        assertThat(LinuxNames.waitStatus(126)).isEqualTo("[{WIFSIGNALED(s) && WTERMSIG(s) == 126}]");
    }

    @Test
    void aStopIsItsSignal() {
        assertThat(LinuxNames.waitStatus((19 << 8) | 0x7f)).isEqualTo("[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}]");
        assertThat(LinuxNames.waitStatus((0x85 << 8) | 0x7f))
                .isEqualTo("[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGTRAP | 0x80}]");
        assertThat(LinuxNames.waitStatus((4 << 16) | (5 << 8) | 0x7f))
                .isEqualTo("[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGTRAP}|PTRACE_EVENT_EXEC<<16]");
        assertThat(LinuxNames.waitStatus((0x80 << 16) | (19 << 8) | 0x7f))
                .isEqualTo("[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}|PTRACE_EVENT_STOP<<16]");
        assertThat(LinuxNames.waitStatus((9 << 16) | (5 << 8) | 0x7f))
                .isEqualTo("[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGTRAP}|0x9 /* PTRACE_EVENT_??? */<<16]");
    }

    @Test
    void aContinueAndLeftoverBitsAndNonsense() {
        assertThat(LinuxNames.waitStatus(0xffff)).isEqualTo("[{WIFCONTINUED(s)}]");
        assertThat(LinuxNames.waitStatus(0x80)).isEqualTo("[{WIFEXITED(s) && WEXITSTATUS(s) == 0}|0x80]");
        assertThat(LinuxNames.waitStatus((1 << 16) | (1 << 8)))
                .isEqualTo("[{WIFEXITED(s) && WEXITSTATUS(s) == 1}|PTRACE_EVENT_FORK<<16]");
        assertThat(LinuxNames.waitStatus(0x1ff)).isEqualTo("[0x1ff]");
        assertThat(LinuxNames.waitStatus(0xffffffff)).isEqualTo("[0xffffffff]");
    }

    // ------------------------------------------------------------------ files

    @Test
    void atFlagsAreNamed() {
        assertThat(LinuxNames.atFlags(0)).isEqualTo("0");
        assertThat(LinuxNames.atFlags(0x100)).isEqualTo("AT_SYMLINK_NOFOLLOW");
        assertThat(LinuxNames.atFlags(0x200)).isEqualTo("AT_REMOVEDIR");
        assertThat(LinuxNames.atFlags(0x400)).isEqualTo("AT_SYMLINK_FOLLOW");
        assertThat(LinuxNames.atFlags(0x800)).isEqualTo("AT_NO_AUTOMOUNT");
        assertThat(LinuxNames.atFlags(0x1100)).isEqualTo("AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH");
        assertThat(LinuxNames.atFlags(0x8000)).isEqualTo("AT_RECURSIVE");
        assertThat(LinuxNames.atFlags(0x6000)).isEqualTo("0x6000 /* AT_??? */");
        assertThat(LinuxNames.atFlags(0x3000)).isEqualTo("AT_EMPTY_PATH|0x2000");
    }

    @Test
    void faccessatsFlagsSay0x200IsEaccess() {
        assertThat(LinuxNames.faccessatFlags(0)).isEqualTo("0");
        assertThat(LinuxNames.faccessatFlags(0x200)).isEqualTo("AT_EACCESS");
        assertThat(LinuxNames.faccessatFlags(0x300)).isEqualTo("AT_SYMLINK_NOFOLLOW|AT_EACCESS");
        assertThat(LinuxNames.faccessatFlags(0x1000)).isEqualTo("AT_EMPTY_PATH");
        assertThat(LinuxNames.faccessatFlags(0x400)).isEqualTo("0x400 /* AT_??? */");
    }

    @Test
    void theWorkingDirectoryDescriptorIsNamed() {
        assertThat(LinuxNames.dirfd(-100)).isEqualTo("AT_FDCWD");
        assertThat(LinuxNames.dirfd(3)).isEqualTo("3");
        assertThat(LinuxNames.dirfd(0)).isEqualTo("0");
        assertThat(LinuxNames.dirfd(-1)).isEqualTo("-1");
    }

    @Test
    void fcntlCommandsAreNamed() {
        String[] first = {"F_DUPFD", "F_GETFD", "F_SETFD", "F_GETFL", "F_SETFL", "F_GETLK", "F_SETLK", "F_SETLKW",
            "F_SETOWN", "F_GETOWN", "F_SETSIG", "F_GETSIG"};
        for (int cmd = 0; cmd < first.length; cmd++) {
            assertThat(LinuxNames.fcntlCommand(cmd)).isEqualTo(first[cmd]);
        }
        assertThat(LinuxNames.fcntlCommand(36)).isEqualTo("F_OFD_GETLK");
        assertThat(LinuxNames.fcntlCommand(1024)).isEqualTo("F_SETLEASE");
        assertThat(LinuxNames.fcntlCommand(1030)).isEqualTo("F_DUPFD_CLOEXEC");
        assertThat(LinuxNames.fcntlCommand(1033)).isEqualTo("F_ADD_SEALS");
        assertThat(LinuxNames.fcntlCommand(12)).as("F_GETLK64 is 32-bit only").isEqualTo("0xc /* F_??? */");
        assertThat(LinuxNames.fcntlCommand(1041)).isEqualTo("0x411 /* F_??? */");
        assertThat(LinuxNames.fcntlCommand(-1)).isEqualTo("0xffffffff /* F_??? */");
    }

    @Test
    void accessModesAreNamed() {
        assertThat(LinuxNames.accessMode(0)).isEqualTo("F_OK");
        assertThat(LinuxNames.accessMode(4)).isEqualTo("R_OK");
        assertThat(LinuxNames.accessMode(1)).isEqualTo("X_OK");
        assertThat(LinuxNames.accessMode(6)).isEqualTo("R_OK|W_OK");
        assertThat(LinuxNames.accessMode(5)).isEqualTo("R_OK|X_OK");
        assertThat(LinuxNames.accessMode(7)).isEqualTo("R_OK|W_OK|X_OK");
        assertThat(LinuxNames.accessMode(8)).isEqualTo("0x8 /* ?_OK */");
        assertThat(LinuxNames.accessMode(12)).isEqualTo("R_OK|0x8");
    }

    @Test
    void seekWhenceIsNamed() {
        assertThat(LinuxNames.seekWhence(0)).isEqualTo("SEEK_SET");
        assertThat(LinuxNames.seekWhence(1)).isEqualTo("SEEK_CUR");
        assertThat(LinuxNames.seekWhence(2)).isEqualTo("SEEK_END");
        assertThat(LinuxNames.seekWhence(3)).isEqualTo("SEEK_DATA");
        assertThat(LinuxNames.seekWhence(4)).isEqualTo("SEEK_HOLE");
        assertThat(LinuxNames.seekWhence(5)).isEqualTo("0x5 /* SEEK_??? */");
    }

    @Test
    void ioctlRequestsAreNamedAndOthersInHex() {
        assertThat(LinuxNames.ioctlRequest(0x5401)).isEqualTo("TCGETS");
        assertThat(LinuxNames.ioctlRequest(0x5402)).isEqualTo("TCSETS");
        assertThat(LinuxNames.ioctlRequest(0x5403)).isEqualTo("TCSETSW");
        assertThat(LinuxNames.ioctlRequest(0x5404)).isEqualTo("TCSETSF");
        assertThat(LinuxNames.ioctlRequest(0x540f)).isEqualTo("TIOCGPGRP");
        assertThat(LinuxNames.ioctlRequest(0x5410)).isEqualTo("TIOCSPGRP");
        assertThat(LinuxNames.ioctlRequest(0x5413)).isEqualTo("TIOCGWINSZ");
        assertThat(LinuxNames.ioctlRequest(0x5414)).isEqualTo("TIOCSWINSZ");
        assertThat(LinuxNames.ioctlRequest(0x541b)).isEqualTo("FIONREAD");
        assertThat(LinuxNames.ioctlRequest(0x5421)).isEqualTo("FIONBIO");
        assertThat(LinuxNames.ioctlRequest(0x5451)).isEqualTo("FIOCLEX");
        assertThat(LinuxNames.ioctlRequest(0x80045430L)).isEqualTo("TIOCGPTN");
        assertThat(LinuxNames.ioctlRequest(0x40045431L)).isEqualTo("TIOCSPTLCK");
        assertThat(LinuxNames.ioctlRequest((1L << 32) | 0x5401)).as("the kernel reads 32 bits").isEqualTo("TCGETS");
        assertThat(LinuxNames.ioctlRequest(0x1234)).isEqualTo("0x1234");
        assertThat(LinuxNames.ioctlRequest(0xc0045401L)).isEqualTo("0xc0045401");
        assertThat(LinuxNames.ioctlRequest(0)).isEqualTo("0");
    }

    // ------------------------------------------------------------------ signals' calls

    @Test
    void sigprocmaskHowIsNamed() {
        assertThat(LinuxNames.sigprocmaskHow(0)).isEqualTo("SIG_BLOCK");
        assertThat(LinuxNames.sigprocmaskHow(1)).isEqualTo("SIG_UNBLOCK");
        assertThat(LinuxNames.sigprocmaskHow(2)).isEqualTo("SIG_SETMASK");
        assertThat(LinuxNames.sigprocmaskHow(3)).isEqualTo("0x3 /* SIG_??? */");
    }

    @Test
    void sigactionFlagsAreNamedHighBitsFirst() {
        assertThat(LinuxNames.sigactionFlags(0)).isEqualTo("0");
        assertThat(LinuxNames.sigactionFlags(0x10000000)).isEqualTo("SA_RESTART");
        assertThat(LinuxNames.sigactionFlags(0x14000004)).isEqualTo("SA_RESTORER|SA_RESTART|SA_SIGINFO");
        assertThat(LinuxNames.sigactionFlags(0x48000004)).isEqualTo("SA_ONSTACK|SA_NODEFER|SA_SIGINFO");
        assertThat(LinuxNames.sigactionFlags(0x80000000L)).isEqualTo("SA_RESETHAND");
        assertThat(LinuxNames.sigactionFlags(3)).isEqualTo("SA_NOCLDSTOP|SA_NOCLDWAIT");
        assertThat(LinuxNames.sigactionFlags(0x400)).isEqualTo("0x400 /* SA_??? */");
        assertThat(LinuxNames.sigactionFlags(0x10000400)).isEqualTo("SA_RESTART|0x400");
        assertThat(LinuxNames.sigactionFlags((1L << 40) | 4)).isEqualTo("SA_SIGINFO|0x10000000000");
    }

    // ------------------------------------------------------------------ process and time

    @Test
    void prctlOptionsAreNamed() {
        assertThat(LinuxNames.prctlOption(1)).isEqualTo("PR_SET_PDEATHSIG");
        assertThat(LinuxNames.prctlOption(2)).isEqualTo("PR_GET_PDEATHSIG");
        assertThat(LinuxNames.prctlOption(3)).isEqualTo("PR_GET_DUMPABLE");
        assertThat(LinuxNames.prctlOption(4)).isEqualTo("PR_SET_DUMPABLE");
        assertThat(LinuxNames.prctlOption(15)).isEqualTo("PR_SET_NAME");
        assertThat(LinuxNames.prctlOption(16)).isEqualTo("PR_GET_NAME");
        assertThat(LinuxNames.prctlOption(38)).isEqualTo("PR_SET_NO_NEW_PRIVS");
        assertThat(LinuxNames.prctlOption(69)).isEqualTo("PR_RISCV_V_SET_CONTROL");
        assertThat(LinuxNames.prctlOption(0x53564d41)).isEqualTo("PR_SET_VMA");
        assertThat(LinuxNames.prctlOption(0x59616d61)).isEqualTo("PR_SET_PTRACER");
        assertThat(LinuxNames.prctlOption(0)).isEqualTo("0 /* PR_??? */");
        assertThat(LinuxNames.prctlOption(17)).isEqualTo("0x11 /* PR_??? */");
        assertThat(LinuxNames.prctlOption(48)).isEqualTo("0x30 /* PR_??? */");
    }

    @Test
    void rlimitResourcesAreNamed() {
        assertThat(LinuxNames.rlimitResource(0)).isEqualTo("RLIMIT_CPU");
        assertThat(LinuxNames.rlimitResource(3)).isEqualTo("RLIMIT_STACK");
        assertThat(LinuxNames.rlimitResource(4)).isEqualTo("RLIMIT_CORE");
        assertThat(LinuxNames.rlimitResource(6)).isEqualTo("RLIMIT_NPROC");
        assertThat(LinuxNames.rlimitResource(7)).isEqualTo("RLIMIT_NOFILE");
        assertThat(LinuxNames.rlimitResource(9)).isEqualTo("RLIMIT_AS");
        assertThat(LinuxNames.rlimitResource(15)).isEqualTo("RLIMIT_RTTIME");
        assertThat(LinuxNames.rlimitResource(16)).isEqualTo("0x10 /* RLIMIT_??? */");
    }

    @Test
    void clocksAreNamed() {
        String[] clocks = {"CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_THREAD_CPUTIME_ID",
            "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME"};
        for (int id = 0; id < clocks.length; id++) {
            assertThat(LinuxNames.clockId(id)).isEqualTo(clocks[id]);
        }
        assertThat(LinuxNames.clockId(11)).isEqualTo("CLOCK_TAI");
        assertThat(LinuxNames.clockId(12)).isEqualTo("0xc /* CLOCK_??? */");
        assertThat(LinuxNames.clockId(-2)).isEqualTo("0xfffffffe /* CLOCK_??? */");
    }

    // ------------------------------------------------------------------ strings

    private static String quote(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return LinuxNames.quote(b, b.length, b.length);
    }

    @Test
    void printableAsciiIsAsItIs() {
        assertThat(LinuxNames.quote("hello, world ~")).isEqualTo("\"hello, world ~\"");
        assertThat(LinuxNames.quote("/etc/passwd")).isEqualTo("\"/etc/passwd\"");
        assertThat(LinuxNames.quote("")).isEqualTo("\"\"");
    }

    @Test
    void quotesBackslashesAndWhitespaceAreEscaped() {
        assertThat(LinuxNames.quote("say \"hi\" \\")).isEqualTo("\"say \\\"hi\\\" \\\\\"");
        assertThat(LinuxNames.quote("a\nb\tc\r")).isEqualTo("\"a\\nb\\tc\\r\"");
        assertThat(quote('\f', 0x0b)).isEqualTo("\"\\f\\v\"");
    }

    @Test
    void otherBytesAreOctalInAsFewDigitsAsNeeded() {
        assertThat(quote(0)).isEqualTo("\"\\0\"");
        assertThat(quote(1, 2)).isEqualTo("\"\\1\\2\"");
        assertThat(quote(0, 0)).isEqualTo("\"\\0\\0\"");
        assertThat(quote(27, '[', 'm')).isEqualTo("\"\\33[m\"");
        assertThat(quote(0x7f)).isEqualTo("\"\\177\"");
        assertThat(quote(0xff)).isEqualTo("\"\\377\"");
        assertThat(LinuxNames.quote("\u00e9")).as("UTF-8").isEqualTo("\"\\303\\251\"");
    }

    @Test
    void anOctalDigitAfterAnEscapeMakesItThreeDigits() {
        assertThat(quote(0, '1')).isEqualTo("\"\\0001\"");
        assertThat(quote(27, '7')).isEqualTo("\"\\0337\"");
        assertThat(quote(0xff, '0')).isEqualTo("\"\\3770\"");
        assertThat(quote(0, '8')).as("8 is no octal digit").isEqualTo("\"\\08\"");
        assertThat(quote(0, 'a')).isEqualTo("\"\\0a\"");
    }

    @Test
    void aStringCutShortEndsInDots() {
        byte[] text = "hello world".getBytes(StandardCharsets.US_ASCII);
        assertThat(LinuxNames.quote(text, 5, 11)).isEqualTo("\"hello\"...");
        assertThat(LinuxNames.quote(text, 11, 11)).isEqualTo("\"hello world\"");
        assertThat(LinuxNames.quote(text, 11, 4096)).as("a buffer longer than what was read")
                .isEqualTo("\"hello world\"...");
        assertThat(LinuxNames.quote(text, 0, 11)).isEqualTo("\"\"...");
        assertThat(LinuxNames.quote(text, -3, 11)).isEqualTo("\"\"...");
        assertThat(LinuxNames.quote(text, 50, 11)).as("shown is clamped to the bytes").isEqualTo("\"hello world\"");
        assertThat(LinuxNames.quote(new byte[] {0, '1'}, 1, 2)).as("the digit is not shown")
                .isEqualTo("\"\\0\"...");
    }
}
