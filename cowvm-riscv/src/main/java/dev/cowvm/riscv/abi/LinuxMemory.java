package dev.cowvm.riscv.abi;

import static dev.cowvm.riscv.abi.LinuxSystemCalls.*;

import dev.cowvm.kernel.Failure;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.kernel.Result;
import dev.cowvm.riscv.os.Errno;
import dev.cowvm.riscv.os.FileType;
import dev.cowvm.riscv.os.Inode;
import dev.cowvm.riscv.os.IoBuffer;
import dev.cowvm.riscv.os.IoResult;
import dev.cowvm.riscv.os.Machine;
import dev.cowvm.riscv.os.OpenFile;
import dev.cowvm.riscv.os.SysResult;
import dev.cowvm.riscv.os.Task;
import java.util.List;

/**
 * Linux's memory calls for {@link LinuxSystemCalls}: {@code brk}, {@code mmap} (anonymous
 * and private file mappings, placed top down below the stack as Linux places them),
 * {@code munmap}, {@code mprotect}, {@code mremap} and {@code madvise}, over the kernel's
 * regions. Each returns the call's result, {@code -errno} on failure.
 */
final class LinuxMemory {
    private LinuxMemory() {
    }

    static long brk(Task t, LinuxTrace tr) {
        long wanted = t.arg(0);
        note(tr, hex(wanted));
        Process p = t.process();
        long now = p.brk();
        if (wanted == 0 || wanted < p.heapStart()) {
            return now;
        }
        return p.sbrk(wanted - now).isOk() ? wanted : now;
    }

    static Protection protection(int prot) {
        boolean exec = (prot & PROT_EXEC) != 0;
        boolean write = (prot & PROT_WRITE) != 0;
        boolean read = (prot & PROT_READ) != 0 || write || exec; // RISC-V: W and X imply R here
        return new Protection(read, write, exec);
    }

    static long failure(Result<?> r) {
        return switch (r.failure()) {
            case INVALID -> err(Errno.EINVAL);
            case EXISTS -> err(Errno.EEXIST);
            case FAULT, SEGV -> err(Errno.EFAULT);
            default -> err(Errno.ENOMEM);
        };
    }

    static long mmap(Task t, Machine m, LinuxTrace tr) {
        long addr = t.arg(0);
        long len = t.arg(1);
        int prot = (int) t.arg(2);
        int flags = (int) t.arg(3);
        int fd = (int) t.arg(4);
        long off = t.arg(5);
        note(tr, addr == 0 ? "NULL" : hex(addr), len, LinuxNames.mmapProt(prot), LinuxNames.mmapFlags(flags), fd, hex(off));
        int type = flags & 0xF;
        if (len == 0 || (off & 4095) != 0 || type < MAP_SHARED || type > 3 || len > (1L << 47)) {
            return err(Errno.EINVAL);
        }
        boolean fixed = (flags & MAP_FIXED) != 0;
        if (fixed && (addr & 4095) != 0) {
            return err(Errno.EINVAL);
        }
        boolean anonymous = (flags & MAP_ANONYMOUS) != 0;
        if (type != MAP_PRIVATE) {
            return err(Errno.ENODEV); // shared mappings are not served: see docs/linux.md
        }
        long size = (len + 4095) & -4096L;
        OpenFile file = null;
        if (!anonymous) {
            SysResult<OpenFile> f = t.files().file(fd);
            if (!(f instanceof SysResult.Ok<OpenFile>(OpenFile of))) {
                return err(Errno.EBADF);
            }
            if (of.inode().isEmpty() || of.type() != FileType.FILE) {
                return err(Errno.ENODEV);
            }
            if (!of.readable()) {
                return err(Errno.EACCES);
            }
            file = of;
        }
        Protection wanted = protection(prot);
        Protection first = file != null ? Protection.RW : wanted;
        Process p = t.process();
        Result<Long> mapped;
        if (fixed) {
            mapped = p.mapReplacing(addr, size, first, "mmap");
        } else if ((flags & MAP_FIXED_NOREPLACE) != 0) {
            mapped = p.map(addr & -4096L, size, first, "mmap");
        } else {
            mapped = addr != 0 ? p.map(addr & -4096L, size, first, "mmap") : null;
            if (mapped == null || !mapped.isOk()) {
                long below = topDown(p, size);
                mapped = below != 0 ? p.map(below, size, first, "mmap") : p.map(0, size, first, "mmap");
            }
        }
        if (!mapped.isOk()) {
            return failure(mapped);
        }
        long start = mapped.orElseThrow();
        if (file != null) {
            // A private file mapping is a private copy of the file's bytes from off: read now.
            Inode inode = file.inode().orElseThrow();
            IoResult r = m.fileSystem().read(inode, off, IoBuffer.of(p, start, size));
            if (r instanceof IoResult.Failed || !p.protect(start, size, wanted).isOk()) {
                p.unmap(start, size);
                return err(Errno.ENOMEM);
            }
        }
        return start;
    }

    /**
     * Where Linux's top-down layout puts a new mapping: the highest free range of
     * {@code size} bytes below {@link #MMAP_TOP} and above the break; 0 if none. Addresses
     * a program has just unmapped are therefore not handed out again at once, as they would
     * be by a lowest-first choice.
     */
    static long topDown(Process p, long size) {
        long floor = (p.brk() + 4095) & -4096L;
        long top = MMAP_TOP;
        List<dev.cowvm.kernel.Region> regions = p.regions();
        for (int i = regions.size() - 1; i >= 0; i--) {
            dev.cowvm.kernel.Region r = regions.get(i);
            if (r.start() >= top) {
                continue;
            }
            if (r.end() < top && top - Math.max(r.end(), floor) >= size) {
                return top - size;
            }
            top = r.start();
            if (top <= floor) {
                return 0;
            }
        }
        return top - floor >= size ? top - size : 0;
    }

    /** The top of the mmap area: 128 MiB below the stack's top, Linux's smallest stack gap. */
    static final long MMAP_TOP = dev.cowvm.riscv.loader.ElfLoader.LINUX_STACK_TOP - (128L << 20);

    static long munmap(Task t, LinuxTrace tr) {
        long addr = t.arg(0);
        long len = t.arg(1);
        note(tr, hex(addr), len);
        if ((addr & 4095) != 0 || len == 0) {
            return err(Errno.EINVAL);
        }
        Result<Void> r = t.process().unmap(addr, (len + 4095) & -4096L);
        return r.isOk() ? 0 : failure(r);
    }

    static long mprotect(Task t, LinuxTrace tr) {
        long addr = t.arg(0);
        long len = t.arg(1);
        int prot = (int) t.arg(2);
        note(tr, hex(addr), len, LinuxNames.mmapProt(prot));
        if ((addr & 4095) != 0 || (prot & ~7) != 0) {
            return err(Errno.EINVAL);
        }
        if (len == 0) {
            return 0;
        }
        Result<Void> r = t.process().protect(addr, (len + 4095) & -4096L, protection(prot));
        return r.isOk() ? 0 : failure(r);
    }

    static long mremap(Task t, LinuxTrace tr) {
        long old = t.arg(0);
        long oldLen = t.arg(1);
        long newLen = t.arg(2);
        int flags = (int) t.arg(3);
        note(tr, hex(old), oldLen, newLen, LinuxNames.mremapFlags(flags));
        if ((old & 4095) != 0 || (flags & ~MREMAP_MAYMOVE) != 0 || newLen == 0) {
            return err(Errno.EINVAL); // MREMAP_FIXED and MREMAP_DONTUNMAP are not served
        }
        Result<Long> r = t.process().remap(old, (oldLen + 4095) & -4096L, (newLen + 4095) & -4096L,
                (flags & MREMAP_MAYMOVE) != 0);
        if (r.isOk()) {
            return r.orElseThrow();
        }
        return r.failure() == Failure.INVALID && t.process().regionAt(old).isEmpty() ? err(Errno.EFAULT) : failure(r);
    }

    static long madvise(Task t, LinuxTrace tr) {
        long addr = t.arg(0);
        long len = t.arg(1);
        int advice = (int) t.arg(2);
        note(tr, hex(addr), len, LinuxNames.madviseAdvice(advice));
        if ((addr & 4095) != 0) {
            return err(Errno.EINVAL);
        }
        boolean known = advice >= 0 && advice <= 4 || advice >= 8 && advice <= 25 || advice == 100 || advice == 101;
        if (!known) {
            return err(Errno.EINVAL);
        }
        if (len == 0) {
            return 0;
        }
        if (advice == MADV_DONTNEED) {
            Result<Long> r = t.process().discard(addr, (len + 4095) & -4096L);
            return r.isOk() ? 0 : failure(r);
        }
        return 0; // other advice changes nothing a program can observe here
    }
}
