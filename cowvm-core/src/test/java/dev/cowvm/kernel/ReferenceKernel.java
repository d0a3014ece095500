package dev.cowvm.kernel;

import dev.cowvm.observe.ProcessStatus;
import dev.cowvm.mmu.Access;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The naive model the real kernel is compared against: each process owns a plain map of its
 * own copied pages, fork copies every page eagerly, and nothing is shared, cached or lazy.
 * It knows no frames, so it cannot run out of memory by itself: when the real kernel kills
 * a process for lack of memory, the test tells the model to kill it too.
 */
final class ReferenceKernel {
    static final int PAGE = 4096;

    static final class Proc {
        final int id;
        Proc parent;
        final List<Proc> children = new ArrayList<>();
        ProcessStatus status = ProcessStatus.RUNNING;
        boolean reaped;
        List<Region> regions = new ArrayList<>();
        Map<Long, byte[]> pages = new HashMap<>();
        long brk = AddressLayout.HEAP_BASE;

        Proc(int id, Proc parent) {
            this.id = id;
            this.parent = parent;
        }

        boolean alive() {
            return status == ProcessStatus.RUNNING;
        }
    }

    final List<Proc> all = new ArrayList<>();
    private int nextId = 1;
    private Proc init;

    Proc spawn() {
        Proc p = new Proc(nextId++, null);
        all.add(p);
        if (init == null) {
            init = p;
        }
        return p;
    }

    Proc fork(Proc parent) {
        Proc c = new Proc(nextId++, parent);
        parent.children.add(c);
        c.regions = new ArrayList<>(parent.regions);
        for (Map.Entry<Long, byte[]> e : parent.pages.entrySet()) {
            c.pages.put(e.getKey(), e.getValue().clone());
        }
        c.brk = parent.brk;
        all.add(c);
        return c;
    }

    void exec(Proc p) {
        p.regions = new ArrayList<>();
        p.pages = new HashMap<>();
        p.brk = AddressLayout.HEAP_BASE;
    }

    void end(Proc p, ProcessStatus status) {
        p.status = status;
        p.regions = new ArrayList<>();
        p.pages = new HashMap<>();
        Proc adopter = init != null && init.alive() && init != p ? init : null;
        for (Proc c : new ArrayList<>(p.children)) {
            p.children.remove(c);
            c.parent = adopter;
            if (adopter != null) {
                adopter.children.add(c);
            } else if (!c.alive()) {
                c.reaped = true;
            }
        }
        if (p.parent == null) {
            p.reaped = true;
        }
    }

    /** Reaps the oldest ended child; null if none. */
    Proc waitAny(Proc parent) {
        for (Proc c : parent.children) {
            if (!c.alive()) {
                c.reaped = true;
                parent.children.remove(c);
                return c;
            }
        }
        return null;
    }

    // ------------------------------------------------------------- regions

    static Region find(Proc p, long va) {
        for (Region r : p.regions) {
            if (r.contains(va)) {
                return r;
            }
        }
        return null;
    }

    void map(Proc p, long start, long length, Protection prot, String name) {
        p.regions.add(new Region(start, start + length, prot, name));
        p.regions.sort((a, b) -> Long.compare(a.start(), b.start()));
    }

    void unmap(Proc p, long start, long end) {
        p.regions = cut(p.regions, start, end, null);
        p.pages.keySet().removeIf(vpn -> vpn * PAGE >= start && vpn * PAGE < end);
    }

    void protect(Proc p, long start, long end, Protection prot) {
        p.regions = cut(p.regions, start, end, prot);
    }

    /** Removes [start, end) from the regions, or re-protects it when prot is not null. */
    private static List<Region> cut(List<Region> regions, long start, long end, Protection prot) {
        List<Region> out = new ArrayList<>();
        for (Region r : regions) {
            if (r.end() <= start || r.start() >= end) {
                out.add(r);
                continue;
            }
            if (r.start() < start) {
                out.add(new Region(r.start(), start, r.protection(), r.name()));
            }
            if (prot != null) {
                out.add(new Region(Math.max(r.start(), start), Math.min(r.end(), end), prot, r.name()));
            }
            if (r.end() > end) {
                out.add(new Region(end, r.end(), r.protection(), r.name()));
            }
        }
        return out;
    }

    /** The model's sbrk: returns the old break or -1, like the kernel's. */
    long sbrk(Proc p, long increment, long userLimit) {
        long old = p.brk;
        long target = old + increment;
        if (target < AddressLayout.HEAP_BASE || target > userLimit) {
            return -1;
        }
        long oldEnd = AddressSpace.pageUp(old);
        long newEnd = AddressSpace.pageUp(target);
        if (newEnd > oldEnd) {
            for (Region r : p.regions) {
                if (r.end() > oldEnd && r.start() < newEnd) {
                    return -1;
                }
            }
            map(p, oldEnd, newEnd - oldEnd, Protection.RW, Region.HEAP);
        } else if (newEnd < oldEnd) {
            unmap(p, newEnd, oldEnd);
        }
        p.brk = target;
        return old;
    }

    // ------------------------------------------------------------- accesses

    /** Reads, page by page; null if the process faults (it is then dead). */
    byte[] read(Proc p, long va, int length) {
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long a = va + done;
            if (!allowed(p, a, Access.READ)) {
                return null;
            }
            int off = (int) (a % PAGE);
            int n = Math.min(length - done, PAGE - off);
            byte[] page = p.pages.get(a / PAGE);
            if (page != null) {
                System.arraycopy(page, off, out, done, n);
            }
            done += n;
        }
        return out;
    }

    /** Writes, page by page; false if the process faults (earlier pages stay written). */
    boolean write(Proc p, long va, byte[] data) {
        int done = 0;
        while (done < data.length) {
            long a = va + done;
            if (!allowed(p, a, Access.WRITE)) {
                return false;
            }
            int off = (int) (a % PAGE);
            int n = Math.min(data.length - done, PAGE - off);
            byte[] page = p.pages.computeIfAbsent(a / PAGE, k -> new byte[PAGE]);
            System.arraycopy(data, done, page, off, n);
            done += n;
        }
        return true;
    }

    /** Touches every page of the range; false if the process faults. */
    boolean touch(Proc p, long va, long length, Access access) {
        if (length == 0) {
            return true;
        }
        for (long a = va & -PAGE; a <= ((va + length - 1) & -PAGE); a += PAGE) {
            if (!allowed(p, a, access)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A load, store or fetch of {@code size} bytes (little-endian) as the process's own
     * access: every page it touches must allow it, or the process dies and nothing is
     * written. Returns the value read (the value stored for a store), or null on a fault.
     */
    Long word(Proc p, long va, int size, Access access, long value) {
        for (int i = 0; i < size; i++) {
            if (!permits(p, va + i, access)) {
                end(p, ProcessStatus.SEGV);
                return null;
            }
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            long a = va + i;
            if (access == Access.WRITE) {
                p.pages.computeIfAbsent(a / PAGE, k -> new byte[PAGE])[(int) (a % PAGE)] = (byte) (value >>> (8 * i));
            } else {
                byte[] page = p.pages.get(a / PAGE);
                v |= (long) ((page == null ? 0 : page[(int) (a % PAGE)]) & 0xFF) << (8 * i);
            }
        }
        return access == Access.WRITE ? value : v;
    }

    /**
     * A system call's copy into the process ({@code data} non-null) or out of it: page by
     * page up to the first page that does not allow it, where it stops; the process lives.
     * Returns the bytes copied out (or {@code data}), or null if it stopped early.
     */
    byte[] copy(Proc p, long va, int length, byte[] data) {
        Access access = data != null ? Access.WRITE : Access.READ;
        byte[] out = data != null ? data : new byte[length];
        int done = 0;
        while (done < length) {
            long a = va + done;
            if (!permits(p, a, access)) {
                return null;
            }
            int off = (int) (a % PAGE);
            int n = Math.min(length - done, PAGE - off);
            if (data != null) {
                System.arraycopy(data, done, p.pages.computeIfAbsent(a / PAGE, k -> new byte[PAGE]), off, n);
            } else {
                byte[] page = p.pages.get(a / PAGE);
                if (page != null) {
                    System.arraycopy(page, off, out, done, n);
                }
            }
            done += n;
        }
        return out;
    }

    private static boolean permits(Proc p, long va, Access access) {
        Region r = va < 0 || va >= (1L << 38) ? null : find(p, va);
        return r != null && r.protection().permits(access);
    }

    private boolean allowed(Proc p, long va, Access access) {
        if (!permits(p, va, access)) {
            end(p, ProcessStatus.SEGV);
            return false;
        }
        return true;
    }
}
