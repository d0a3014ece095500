package dev.cowvm.riscv.cpu;

/**
 * The address space a {@link Hart} executes in: every instruction fetch, load and store of
 * the guest goes through these methods, with virtual addresses.
 *
 * <p>This is the contract of the core's MMU ({@code dev.cowvm.mmu.Mmu}), written down here so
 * the CPU can be built and tested before that class exists; the method names are the same.
 *
 * <h2>Failures are values</h2>
 * Any access may fail: the page is unmapped, its permissions forbid the access, or the
 * kernel has no frame left to resolve a fault. A failed access is not performed, returns 0
 * (meaningless), and leaves {@link #trapped()} true with the RISC-V exception code in
 * {@link #trapCause()} and the faulting virtual address in {@link #trapAddress()} until
 * {@link #clearTrap()}. A copy-on-write or zero-fill fault is resolved inside and the
 * access simply succeeds. Nothing here throws for a guest's reasons.
 *
 * <p>Loads and stores of every width accept any alignment and may cross a page boundary;
 * values are little-endian.
 *
 * <h2>Decoded code</h2>
 * A CPU that caches decoded instructions keys them by physical frame and must learn when
 * they go stale:
 * <ul>
 *   <li>{@link #codeAddress} gives the physical address an instruction executes from;</li>
 *   <li>{@link #codeGeneration} is a counter per frame that changes when the frame's bytes
 *       change after the CPU said, with {@link #watchCode}, that it decoded them;</li>
 *   <li>{@link #codeEpoch} changes whenever anything the CPU caches about this address
 *       space's code may be stale: an executable mapping changed (unmap, exec, a
 *       copy-on-write copy that moved a page, mprotect), or a watched frame was stored to.</li>
 * </ul>
 */
public interface Memory {
    /**
     * Loads one byte.
     *
     * @param va virtual address
     * @return the byte, zero-extended (0..255)
     */
    int load8(long va);

    /**
     * Loads two bytes at any alignment.
     *
     * @param va virtual address
     * @return the halfword, zero-extended (0..65535)
     */
    int load16(long va);

    /**
     * Loads four bytes at any alignment.
     *
     * @param va virtual address
     * @return the word's 32 bits
     */
    int load32(long va);

    /**
     * Loads eight bytes at any alignment.
     *
     * @param va virtual address
     * @return the doubleword
     */
    long load64(long va);

    /**
     * Stores the low byte of {@code v}.
     *
     * @param va virtual address
     * @param v  value; bits above the low 8 are ignored
     */
    void store8(long va, int v);

    /**
     * Stores the low two bytes of {@code v} at any alignment.
     *
     * @param va virtual address
     * @param v  value; bits above the low 16 are ignored
     */
    void store16(long va, int v);

    /**
     * Stores four bytes at any alignment.
     *
     * @param va virtual address
     * @param v  value
     */
    void store32(long va, int v);

    /**
     * Stores eight bytes at any alignment.
     *
     * @param va virtual address
     * @param v  value
     */
    void store64(long va, long v);

    /**
     * Fetches a 16-bit instruction parcel; needs execute permission.
     *
     * @param va virtual address, even
     * @return the parcel, zero-extended
     */
    int fetch16(long va);

    /**
     * Fetches 32 instruction bits; the two halves may lie in different pages and frames.
     *
     * @param va virtual address, even
     * @return the bits
     */
    int fetch32(long va);

    /**
     * Whether the last access failed and was not performed.
     *
     * @return true after a failed access, until {@link #clearTrap()}
     */
    boolean trapped();

    /**
     * The RISC-V exception code of the failed access: {@link Trap#FETCH_PAGE_FAULT},
     * {@link Trap#LOAD_PAGE_FAULT} or {@link Trap#STORE_PAGE_FAULT}.
     *
     * @return the cause, meaningful while {@link #trapped()}
     */
    int trapCause();

    /**
     * The virtual address that failed (the value of {@code stval}).
     *
     * @return the address, meaningful while {@link #trapped()}
     */
    long trapAddress();

    /** Forgets a failed access, so {@link #trapped()} is false again. */
    void clearTrap();

    /**
     * The physical address {@code va} executes from.
     *
     * @param va virtual address
     * @return the physical address, or -1 (with {@link #trapped()} true) if {@code va} may
     *         not be executed
     */
    long codeAddress(long va);

    /**
     * The generation of a physical frame's bytes, for validating decoded code.
     *
     * @param frame physical address {@code >>> 12}
     * @return a counter that changes after a store to a frame being {@linkplain #watchCode watched}
     */
    int codeGeneration(int frame);

    /**
     * Says that code was decoded from {@code va}'s frame: the next store to that frame
     * changes its {@link #codeGeneration} and this address space's {@link #codeEpoch}.
     *
     * @param va a virtual address in the executable page decoded
     */
    void watchCode(long va);

    /**
     * A counter that changes whenever this address space's executable mappings change or a
     * watched frame is stored to; while it is unchanged, every translation and generation
     * the CPU checked is still valid.
     *
     * @return the epoch
     */
    long codeEpoch();
}
