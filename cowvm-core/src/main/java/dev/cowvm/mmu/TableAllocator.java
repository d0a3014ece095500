package dev.cowvm.mmu;

/** Supplies zeroed page-table pages to a walk that must build missing levels. */
public interface TableAllocator {
    /** A zeroed frame for a new table page, or a negative number if none is left. */
    int allocateTable();

    /** Takes back a table page that no longer holds any entry. */
    void freeTable(int frame);
}
