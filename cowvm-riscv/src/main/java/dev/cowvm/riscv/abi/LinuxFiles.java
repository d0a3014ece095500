package dev.cowvm.riscv.abi;

import static dev.cowvm.riscv.abi.LinuxSystemCalls.*;

import dev.cowvm.riscv.os.Errno;
import dev.cowvm.riscv.os.FileSystem;
import dev.cowvm.riscv.os.FileType;
import dev.cowvm.riscv.os.Inode;
import dev.cowvm.riscv.os.IoBuffer;
import dev.cowvm.riscv.os.IoResult;
import dev.cowvm.riscv.os.Machine;
import dev.cowvm.riscv.os.OpenFile;
import dev.cowvm.riscv.os.OpenMode;
import dev.cowvm.riscv.os.PipeEnd;
import dev.cowvm.riscv.os.SysResult;
import dev.cowvm.riscv.os.Task;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Linux's calls on files, pipes and the console for {@link LinuxSystemCalls}: transfers
 * (plain, vectored, positioned), opening, descriptors, {@code fcntl}, {@code ioctl},
 * {@code ppoll}, directories and names. Each returns the call's result, {@code -errno} on
 * failure, or {@link LinuxSystemCalls#HANDLED} when the task now waits.
 */
final class LinuxFiles {
    private LinuxFiles() {
    }

    static long transfer(Task t, Machine m, boolean read, LinuxTrace tr) {
        int fd = (int) t.arg(0);
        long addr = t.arg(1);
        long n = t.arg(2);
        note(tr, fd, hex(addr), n);
        SysResult<OpenFile> file = t.files().file(fd);
        if (!(file instanceof SysResult.Ok<OpenFile>(OpenFile f)) || (read ? !f.readable() : !f.writable())) {
            return err(Errno.EBADF);
        }
        if (read && f.type() == FileType.DIRECTORY) {
            return err(Errno.EISDIR);
        }
        n = Long.compareUnsigned(n, MAX_RW_COUNT) > 0 ? MAX_RW_COUNT : n; // a size_t: Linux caps it
        if (tr != null && !read) {
            byte[] head = new byte[(int) Math.min(n, LinuxTrace.STRING_BYTES)];
            if (t.process().copyIn(addr, head, 0, head.length).isOk()) {
                tr.args.set(1, LinuxNames.quote(head, head.length, (int) Math.min(n, Integer.MAX_VALUE)));
            }
        }
        IoResult r = m.transfer(t, f, addr, n, read);
        return r == null ? HANDLED : value(t, m, r);
    }

    /** A transfer's result: its count, or -errno; EPIPE also sends SIGPIPE, as Linux does. */
    static long value(Task t, Machine m, IoResult r) {
        return switch (r) {
            case IoResult.Done d -> d.count();
            case IoResult.Failed f when f.count() > 0 -> f.count();
            case IoResult.Failed f -> {
                if (f.errno() == Errno.EPIPE) {
                    LinuxSignals.post(t, m, LinuxSignals.SIGPIPE, LinuxProcess.SigInfo.user(t.pid()));
                }
                yield err(f.errno());
            }
            case IoResult.Blocked b -> throw new IllegalStateException("a blocked transfer has no value");
        };
    }

    static long vector(Task t, Machine m, boolean read, LinuxTrace tr) {
        int fd = (int) t.arg(0);
        long iov = t.arg(1);
        long count = t.arg(2);
        note(tr, fd, hex(iov), count);
        SysResult<OpenFile> file = t.files().file(fd);
        if (!(file instanceof SysResult.Ok<OpenFile>(OpenFile f)) || (read ? !f.readable() : !f.writable())) {
            return err(Errno.EBADF);
        }
        if (count < 0 || count > 1024) { // UIO_MAXIOV
            return err(Errno.EINVAL);
        }
        ByteBuffer vec = ByteBuffer.wrap(in(t, iov, (int) count * 16)).order(ByteOrder.LITTLE_ENDIAN);
        long total = 0;
        for (int i = 0; i < count; i++) {
            long base = vec.getLong(16 * i);
            long len = vec.getLong(16 * i + 8);
            if (len < 0) {
                return err(Errno.EINVAL);
            }
            if (len == 0) {
                continue;
            }
            IoBuffer buffer = IoBuffer.of(t.process(), base, len);
            IoResult r = read ? f.read(buffer) : f.write(buffer);
            if (r instanceof IoResult.Blocked blocked) {
                if (total == 0 && blocked.count() == 0) {
                    t.block(blocked.channel(), blocked.generation());
                    return HANDLED; // nothing moved yet: the whole call is made again
                }
                return total + blocked.count();
            }
            if (r instanceof IoResult.Failed failed) {
                return total + failed.count() > 0 ? total + failed.count() : value(t, m, r);
            }
            total += r.count();
            if (r.count() < len) {
                break; // a short transfer ends the call, as a short read or write would
            }
        }
        return total;
    }

    static long openat(Task t, Machine m, LinuxTrace tr) {
        int dirfd = (int) t.arg(0);
        String path = path(t, m, t.arg(1), tr, dirfd);
        int flags = (int) t.arg(2);
        note(tr, LinuxNames.openFlags(flags));
        if ((flags & OpenMode.O_CREAT) != 0) {
            note(tr, String.format("0%o", t.arg(3) & 07777));
        }
        if (path.equals("/proc/self/exe")) {
            path = t.executable();
        }
        boolean creating = (flags & OpenMode.O_CREAT) != 0 && !t.files().lookupAt(dirfd, path).isOk();
        SysResult<Integer> opened = t.files().openAt(dirfd, path, OpenMode.linux(flags));
        if (creating && opened instanceof SysResult.Ok<Integer>(Integer fd)) {
            t.files().file(fd).orElseThrow().inode()
                    .ifPresent(ip -> ip.setPermissions((int) t.arg(3) & ~LinuxSignals.state(t).umask));
        }
        return sys(opened);
    }

    static long dup3(Task t, LinuxTrace tr) {
        int from = (int) t.arg(0);
        int to = (int) t.arg(1);
        int flags = (int) t.arg(2);
        note(tr, from, to, flags == 0 ? "0" : LinuxNames.openFlags(flags));
        if ((flags & ~OpenMode.O_CLOEXEC) != 0 || from == to) {
            return err(Errno.EINVAL);
        }
        return sys(t.files().dupTo(from, to, (flags & OpenMode.O_CLOEXEC) != 0));
    }

    static long pipe2(Task t, LinuxTrace tr) {
        long addr = t.arg(0);
        int flags = (int) t.arg(1);
        note(tr, hex(addr), flags == 0 ? "0" : LinuxNames.openFlags(flags));
        if ((flags & ~(OpenMode.O_CLOEXEC | OpenMode.O_NONBLOCK)) != 0) {
            return err(Errno.EINVAL);
        }
        SysResult<int[]> made = t.files().pipe((flags & OpenMode.O_CLOEXEC) != 0);
        if (!(made instanceof SysResult.Ok<int[]>(int[] fds))) {
            return sys(made);
        }
        if ((flags & OpenMode.O_NONBLOCK) != 0) {
            for (int fd : fds) {
                t.files().file(fd).orElseThrow().setStatusFlags(false, true);
            }
        }
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(fds[0]).putInt(fds[1]);
        if (!t.process().copyOut(addr, b.array(), 0, 8).isOk()) {
            t.files().close(fds[0]);
            t.files().close(fds[1]);
            return err(Errno.EFAULT);
        }
        if (tr != null) {
            tr.args.set(0, "[" + fds[0] + ", " + fds[1] + "]");
        }
        return 0;
    }

    static long fcntl(Task t, LinuxTrace tr) {
        int fd = (int) t.arg(0);
        int cmd = (int) t.arg(1);
        long arg = t.arg(2);
        note(tr, fd, LinuxNames.fcntlCommand(cmd));
        SysResult<OpenFile> file = t.files().file(fd);
        if (!(file instanceof SysResult.Ok<OpenFile>(OpenFile f))) {
            return err(Errno.EBADF);
        }
        return switch (cmd) {
            case 0, 1030 -> { // F_DUPFD, F_DUPFD_CLOEXEC
                note(tr, arg);
                yield sys(t.files().dupFrom(fd, (int) arg, cmd == 1030));
            }
            case 1 -> t.files().closeOnExec(fd).orElseThrow() ? 1 : 0; // F_GETFD: FD_CLOEXEC
            case 2 -> { // F_SETFD
                note(tr, (arg & 1) != 0 ? "FD_CLOEXEC" : "0");
                yield sys(t.files().setCloseOnExec(fd, (arg & 1) != 0));
            }
            case 3 -> f.mode().linuxStatusFlags(); // F_GETFL
            case 4 -> { // F_SETFL: O_APPEND and O_NONBLOCK may change
                note(tr, LinuxNames.openFlags((int) arg));
                f.setStatusFlags((arg & OpenMode.O_APPEND) != 0, (arg & OpenMode.O_NONBLOCK) != 0);
                yield 0;
            }
            case 5, 6, 7 -> 0; // F_GETLK, F_SETLK, F_SETLKW: one machine, no one to lock against
            case 8, 9 -> 0; // F_SETOWN, F_GETOWN
            default -> err(Errno.EINVAL);
        };
    }

    static long ioctl(Task t, Machine m, LinuxTrace tr) {
        int fd = (int) t.arg(0);
        long request = t.arg(1) & 0xFFFFFFFFL;
        long arg = t.arg(2);
        note(tr, fd, LinuxNames.ioctlRequest(request), hex(arg));
        SysResult<OpenFile> file = t.files().file(fd);
        if (!(file instanceof SysResult.Ok<OpenFile>(OpenFile f))) {
            return err(Errno.EBADF);
        }
        if (request == 0x5421) { // FIONBIO
            int on = ByteBuffer.wrap(in(t, arg, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
            f.setStatusFlags(f.mode().append(), on != 0);
            return 0;
        }
        if (request == 0x5451 || request == 0x5450) { // FIOCLEX, FIONCLEX
            return sys(t.files().setCloseOnExec(fd, request == 0x5451));
        }
        if (request == 0x541B && f instanceof PipeEnd pipe) { // FIONREAD
            return out(t, arg, intBytes(pipe.pipe().buffered()));
        }
        if (!terminal(f, m)) {
            return err(Errno.ENOTTY);
        }
        return switch ((int) request) {
            case 0x5401 -> { // TCGETS: what was set last, or the console's first settings
                byte[] now = m.console().termios();
                yield out(t, arg, now != null ? now : termios(m.console().hasHostTerminal()));
            }
            case 0x5402, 0x5403, 0x5404 -> { // TCSETS, TCSETSW, TCSETSF
                byte[] set = in(t, arg, 36);
                int lflag = ByteBuffer.wrap(set).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
                m.console().setTermios(set, (lflag & 2) != 0, (lflag & 8) != 0, (lflag & 1) != 0);
                yield 0;
            }
            case 0x5413 -> { // TIOCGWINSZ: 24 rows of 80 columns
                ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 24)
                        .putShort((short) 80);
                yield out(t, arg, b.array());
            }
            case 0x5414 -> 0; // TIOCSWINSZ
            case 0x540F -> out(t, arg, intBytes(t.pid())); // TIOCGPGRP
            case 0x5410 -> 0; // TIOCSPGRP
            case 0x541B -> out(t, arg, intBytes(0)); // FIONREAD
            default -> err(Errno.ENOTTY);
        };
    }

    /** True if the file is the console and a person types at it. */
    static boolean terminal(OpenFile f, Machine m) {
        return f.isTerminal() && m.console().interactive();
    }

    /**
     * The console's first {@code struct termios} (asm-generic/termbits.h): cooked mode.
     * Where programs can set the host terminal's modes, with ECHO, as a terminal starts;
     * where they cannot, without, since the host's terminal echoes by itself: a line editor
     * (busybox's) then reads whole lines instead of echoing each key a second time.
     */
    static byte[] termios(boolean echo) {
        ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x500); // c_iflag: ICRNL | IXON
        b.putInt(0x5); // c_oflag: OPOST | ONLCR
        b.putInt(0xBF); // c_cflag: B38400 | CS8 | CREAD
        b.putInt(0x8A33 | (echo ? 0x8 : 0)); // c_lflag: ISIG ICANON ECHOE ECHOK ECHOCTL ECHOKE IEXTEN, ECHO
        b.put((byte) 0); // c_line
        byte[] cc = {3, 0x1C, 0x7F, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1A, 0, 0x12, 0x0F, 0x17, 0x16, 0, 0, 0};
        b.put(cc);
        return b.array();
    }

    static final int POLLIN = 1;
    static final int POLLOUT = 4;
    static final int POLLERR = 8;
    static final int POLLHUP = 0x10;
    static final int POLLNVAL = 0x20;
    static final int POLLRDNORM = 0x40;
    static final int POLLWRNORM = 0x100;
    /** How often a ppoll over several files that must wait looks again, in machine time. */
    static final long POLL_INTERVAL_NANOS = 1_000_000;

    /**
     * ppoll: which files are ready, waiting until one is or the timeout passes. A wait
     * for one file waits on it; a wait for several looks again every millisecond of machine
     * time. The signal mask argument is not applied.
     */
    static long ppoll(Task t, Machine m, LinuxTrace tr) {
        long fds = t.arg(0);
        long count = t.arg(1);
        long timeout = t.arg(2);
        note(tr, hex(fds), count, timeout == 0 ? "NULL" : hex(timeout));
        if (Long.compareUnsigned(count, LinuxSignals.state(t).limits[LinuxLimits.RLIMIT_NOFILE][0]) > 0) {
            return err(Errno.EINVAL);
        }
        ByteBuffer polled = ByteBuffer.wrap(in(t, fds, (int) count * 8)).order(ByteOrder.LITTLE_ENDIAN);
        long span = -1;
        if (timeout != 0) {
            ByteBuffer ts = ByteBuffer.wrap(in(t, timeout, 16)).order(ByteOrder.LITTLE_ENDIAN);
            long sec = ts.getLong(0);
            long nsec = ts.getLong(8);
            if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) {
                return err(Errno.EINVAL);
            }
            span = sec > Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 2 : sec * 1_000_000_000L + nsec;
        }
        int ready = 0;
        int waiting = 0;
        dev.cowvm.riscv.os.WaitChannel channel = null;
        for (int i = 0; i < count; i++) {
            int fd = polled.getInt(8 * i);
            int events = polled.getShort(8 * i + 4) & 0xFFFF;
            int revents = 0;
            if (fd >= 0) {
                Optional<OpenFile> f = file(t, fd);
                if (f.isEmpty()) {
                    revents = POLLNVAL;
                } else {
                    int now = readiness(f.get(), m);
                    revents = now & (events | POLLERR | POLLHUP | POLLNVAL);
                    if (revents == 0) {
                        waiting++;
                        channel = channel != null ? channel : channelOf(f.get(), m, events);
                    }
                }
            }
            polled.putShort(8 * i + 6, (short) revents);
            if (revents != 0) {
                ready++;
            }
        }
        long written = out(t, fds, polled.array());
        if (written != 0) {
            return written;
        }
        long now = m.clock().nanos();
        long deadline = span < 0 ? Long.MAX_VALUE : t.sleepTarget(now + span);
        if (ready > 0 || now >= deadline) {
            t.clearSleepTarget();
            return ready;
        }
        if (waiting == 1 && channel != null && deadline == Long.MAX_VALUE) {
            t.block(channel, channel.generation());
        } else {
            t.sleepUntil(Math.min(deadline, now + POLL_INTERVAL_NANOS));
        }
        return HANDLED;
    }

    /** What a file could do now without waiting, as poll's bits. */
    static int readiness(OpenFile f, Machine m) {
        if (f instanceof PipeEnd end) {
            dev.cowvm.riscv.os.Pipe p = end.pipe();
            // As Linux's pipe_poll: data is POLLIN, no writer POLLHUP, no reader POLLERR.
            if (end.isReadEnd()) {
                return (p.buffered() > 0 ? POLLIN | POLLRDNORM : 0) | (p.writers() == 0 ? POLLHUP : 0);
            }
            return (p.readers() == 0 ? POLLERR : 0) | (p.buffered() < p.capacity() ? POLLOUT | POLLWRNORM : 0);
        }
        if (f.isTerminal()) {
            boolean input = m.console().pending() > 0 || m.console().ended();
            return (input ? POLLIN | POLLRDNORM : 0) | POLLOUT | POLLWRNORM;
        }
        return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM; // files and other devices never wait
    }

    /** What a wait for this file's readiness waits on, or null. */
    static dev.cowvm.riscv.os.WaitChannel channelOf(OpenFile f, Machine m, int events) {
        if (f instanceof PipeEnd end) {
            return end.isReadEnd() ? end.pipe().data() : end.pipe().space();
        }
        return f.isTerminal() && (events & (POLLIN | POLLRDNORM)) != 0 ? m.console().readable() : null;
    }

    static long getdents(Task t, LinuxTrace tr) {
        int fd = (int) t.arg(0);
        long addr = t.arg(1);
        long n = t.arg(2);
        note(tr, fd, hex(addr), n);
        SysResult<OpenFile> file = t.files().file(fd);
        if (!(file instanceof SysResult.Ok<OpenFile>(OpenFile f))) {
            return err(Errno.EBADF);
        }
        IoResult r = f.getdents64(IoBuffer.of(t.process(), addr, Math.max(0, Math.min(n, Integer.MAX_VALUE))));
        return r instanceof IoResult.Failed failed ? err(failed.errno()) : r.count();
    }

    static long fstatat(Task t, Machine m, LinuxTrace tr) {
        int dirfd = (int) t.arg(0);
        String path = path(t, m, t.arg(1), tr, dirfd);
        long buf = t.arg(2);
        int flags = (int) t.arg(3);
        note(tr, hex(buf), LinuxNames.atFlags(flags));
        if ((flags & ~(0x100 | 0x800 | AT_EMPTY_PATH)) != 0) {
            return err(Errno.EINVAL);
        }
        if (path.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
            if (dirfd == AT_FDCWD) {
                return out(t, buf, m.fileSystem().stat(t.files().cwd()).linuxBytes(0, 0));
            }
            return file(t, dirfd).map(f -> out(t, buf, f.stat().linuxBytes(0, 0))).orElse(err(Errno.EBADF));
        }
        if (path.equals("/proc/self/exe")) {
            path = t.executable();
        }
        SysResult<Inode> found = t.files().lookupAt(dirfd, path);
        if (!(found instanceof SysResult.Ok<Inode>(Inode inode))) {
            return sys(found);
        }
        return out(t, buf, m.fileSystem().stat(inode).linuxBytes(0, 0));
    }

    static SysResult<Inode> lookup(Task t, int dirfd, String path) {
        return t.files().lookupAt(dirfd, path.equals("/proc/self/exe") ? t.executable() : path);
    }

    static long unlinkat(Task t, Machine m, LinuxTrace tr) {
        int dirfd = (int) t.arg(0);
        String path = path(t, m, t.arg(1), tr, dirfd);
        int flags = (int) t.arg(2);
        note(tr, LinuxNames.atFlags(flags));
        if ((flags & ~AT_REMOVEDIR) != 0) {
            return err(Errno.EINVAL);
        }
        return sys(t.files().unlinkAt(dirfd, path,
                (flags & AT_REMOVEDIR) != 0 ? FileSystem.Unlink.DIRECTORY : FileSystem.Unlink.NOT_DIRECTORY));
    }

    static long rename(Task t, Machine m, int flags, LinuxTrace tr) {
        int olddir = (int) t.arg(0);
        String from = path(t, m, t.arg(1), tr, olddir);
        int newdir = (int) t.arg(2);
        String to = path(t, m, t.arg(3), tr, newdir);
        note(tr, flags == 0 ? "0" : flags == 1 ? "RENAME_NOREPLACE" : hex(flags));
        if ((flags & ~1) != 0) {
            return err(Errno.EINVAL); // RENAME_EXCHANGE and RENAME_WHITEOUT are not served
        }
        SysResult<Inode> fromBase = t.files().base(olddir, from);
        if (!fromBase.isOk()) {
            return sys(fromBase);
        }
        SysResult<Inode> toBase = t.files().base(newdir, to);
        if (!toBase.isOk()) {
            return sys(toBase);
        }
        return sys(m.fileSystem().rename(fromBase.orElseThrow(), from, toBase.orElseThrow(), to, flags == 0,
                t.files().dialect()));
    }

    /** pread64 and pwrite64: a transfer at an offset of a regular file, which keeps its own offset. */
    static long positioned(Task t, Machine m, boolean read, LinuxTrace tr) {
        int fd = (int) t.arg(0);
        long addr = t.arg(1);
        long n = t.arg(2);
        long offset = t.arg(3);
        note(tr, fd, hex(addr), n, offset);
        SysResult<OpenFile> file = t.files().file(fd);
        if (!(file instanceof SysResult.Ok<OpenFile>(OpenFile f)) || (read ? !f.readable() : !f.writable())) {
            return err(Errno.EBADF);
        }
        if (f.type() == FileType.PIPE) {
            return err(Errno.ESPIPE);
        }
        if (f.type() == FileType.DIRECTORY) {
            return err(Errno.EISDIR);
        }
        if (offset < 0) {
            return err(Errno.EINVAL);
        }
        if (f.inode().isEmpty() || f.type() != FileType.FILE) {
            return err(Errno.ESPIPE);
        }
        n = Long.compareUnsigned(n, MAX_RW_COUNT) > 0 ? MAX_RW_COUNT : n;
        IoBuffer buffer = IoBuffer.of(t.process(), addr, n);
        IoResult r = read ? m.fileSystem().read(f.inode().get(), offset, buffer)
                : m.fileSystem().write(f.inode().get(), offset, buffer);
        return value(t, m, r);
    }

    static long readlinkat(Task t, Machine m, LinuxTrace tr) {
        int dirfd = (int) t.arg(0);
        String path = path(t, m, t.arg(1), tr, dirfd);
        long buf = t.arg(2);
        long size = t.arg(3);
        note(tr, hex(buf), size);
        if ((int) size <= 0) {
            return err(Errno.EINVAL);
        }
        if (path.equals("/proc/self/exe")) {
            byte[] target = t.executable().getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.min(size, target.length);
            byte[] out = java.util.Arrays.copyOf(target, n);
            return out(t, buf, out) != 0 ? err(Errno.EFAULT) : n;
        }
        SysResult<Inode> found = t.files().lookupAt(dirfd, path);
        return found.isOk() ? err(Errno.EINVAL) : sys(found); // no symbolic links here
    }

    static long getcwd(Task t, LinuxTrace tr) {
        long buf = t.arg(0);
        long size = t.arg(1);
        note(tr, hex(buf), size);
        SysResult<String> cwd = t.files().cwdPath();
        if (!cwd.isOk()) {
            return err(cwd.errno());
        }
        byte[] path = (cwd.orElseThrow() + "\0").getBytes(StandardCharsets.UTF_8);
        if (Long.compareUnsigned(size, path.length) < 0) {
            return err(Errno.ERANGE);
        }
        return out(t, buf, path) != 0 ? err(Errno.EFAULT) : path.length;
    }

    static long ftruncate(Task t, Machine m, LinuxTrace tr) {
        int fd = (int) t.arg(0);
        long length = t.arg(1);
        note(tr, fd, length);
        SysResult<OpenFile> file = t.files().file(fd);
        if (!(file instanceof SysResult.Ok<OpenFile>(OpenFile f))) {
            return err(Errno.EBADF);
        }
        if (length < 0 || f.inode().isEmpty() || f.type() != FileType.FILE || !f.writable()) {
            return err(Errno.EINVAL);
        }
        return sys(m.fileSystem().truncate(f.inode().get(), length));
    }
}
