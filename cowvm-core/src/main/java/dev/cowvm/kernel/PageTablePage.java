package dev.cowvm.kernel;

/**
 * A frame holding one page of a process's page table.
 *
 * @param frame  the frame number
 * @param level  its level: 0 holds leaves, the root has the highest level
 * @param baseVa the first virtual address it covers
 */
public record PageTablePage(int frame, int level, long baseVa) {
}
