package dev.cowvm.kernel;

/**
 * Where things go in a process's address space, and its limits. Fixed, so runs are
 * deterministic (no address-space randomization).
 *
 * <pre>
 *   0x0             .. 0x10000          never mapped: catches null pointers (Linux's
 *                                        default vm.mmap_min_addr is 65536)
 *   0x10000000      heap start           brk/sbrk grow the heap upward from here
 *   0x1000000000    mapping base         mappings without an address go at the lowest
 *                                        free range at or above this (first fit)
 *   2^38 (Sv39)     user limit           the upper half of the address space is the kernel's
 * </pre>
 */
public final class AddressLayout {
    /** Lowest address a region may start at. */
    public static final long MIN_MAP_ADDRESS = 0x10000L;
    /** Where the heap begins. */
    public static final long HEAP_BASE = 0x1000_0000L;
    /** Lowest address the kernel picks for a mapping made without an address. */
    public static final long MMAP_BASE = 0x10_0000_0000L;
    /** Most regions a process may have: Linux's default vm.max_map_count. */
    public static final int MAX_REGIONS = 65_530;

    private AddressLayout() {
    }
}
