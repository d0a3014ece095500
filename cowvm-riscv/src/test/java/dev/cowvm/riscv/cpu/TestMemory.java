package dev.cowvm.riscv.cpu;

/**
 * A {@link Memory} a test can lay a program out in: map pages, and write and read bytes
 * regardless of their permissions, as a loader or a system call does.
 */
interface TestMemory extends Memory {
    /** Permission to read, in {@code perms}. */
    int R = 1;
    /** Permission to write. */
    int W = 2;
    /** Permission to execute. */
    int X = 4;

    /** Maps [va, va + length), page-aligned outward, adding {@code perms} to pages already mapped. */
    void map(long va, long length, int perms);

    /** Writes bytes whatever the pages' permissions. */
    void poke(long va, byte[] bytes);

    /** Reads bytes whatever the pages' permissions. */
    byte[] peek(long va, int n);
}
