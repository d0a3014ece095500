package dev.cowvm.riscv.os;

import dev.cowvm.mmu.Mmu;
import dev.cowvm.riscv.cpu.Memory;

/**
 * A hart's view of a process's memory: every access goes to the process's MMU. A machine
 * gives one to each task's hart; a test may extend it to lay a program out itself.
 */
public class GuestMemory implements Memory {
    private final Mmu mmu;

    /**
     * The memory of the address space {@code mmu} translates.
     *
     * @param mmu the process's MMU
     */
    public GuestMemory(Mmu mmu) {
        this.mmu = mmu;
    }

    /** The MMU every access goes to. */
    public Mmu mmu() {
        return mmu;
    }

    @Override
    public int load8(long va) {
        return mmu.load8(va);
    }

    @Override
    public int load16(long va) {
        return mmu.load16(va);
    }

    @Override
    public int load32(long va) {
        return mmu.load32(va);
    }

    @Override
    public long load64(long va) {
        return mmu.load64(va);
    }

    @Override
    public void store8(long va, int v) {
        mmu.store8(va, v);
    }

    @Override
    public void store16(long va, int v) {
        mmu.store16(va, v);
    }

    @Override
    public void store32(long va, int v) {
        mmu.store32(va, v);
    }

    @Override
    public void store64(long va, long v) {
        mmu.store64(va, v);
    }

    @Override
    public int fetch16(long va) {
        return mmu.fetch16(va);
    }

    @Override
    public int fetch32(long va) {
        return mmu.fetch32(va);
    }

    @Override
    public boolean trapped() {
        return mmu.trapped();
    }

    @Override
    public int trapCause() {
        return mmu.trapCause();
    }

    @Override
    public long trapAddress() {
        return mmu.trapAddress();
    }

    @Override
    public void clearTrap() {
        mmu.clearTrap();
    }

    @Override
    public long codeAddress(long va) {
        return mmu.codeAddress(va);
    }

    @Override
    public int codeGeneration(int frame) {
        return mmu.codeGeneration(frame);
    }

    @Override
    public void watchCode(long va) {
        mmu.watchCode(va);
    }

    @Override
    public long codeEpoch() {
        return mmu.codeEpoch();
    }
}
