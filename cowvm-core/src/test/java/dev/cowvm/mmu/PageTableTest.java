package dev.cowvm.mmu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.phys.FramePool;
import dev.cowvm.phys.FramePurpose;
import dev.cowvm.phys.PhysicalMemory;
import dev.cowvm.phys.ZeroPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PageTableTest {
    private final PhysicalMemory memory = new PhysicalMemory(1024);
    private final FramePool pool = new FramePool(memory, ZeroPolicy.ON_ALLOC, Integer.MAX_VALUE);
    private int tables;
    private final TableAllocator alloc = new TableAllocator() {
        @Override
        public int allocateTable() {
            int f = pool.allocate(FramePurpose.PAGE_TABLE, 1);
            if (f >= 0) {
                tables++;
            }
            return f;
        }

        @Override
        public void freeTable(int frame) {
            pool.freeTable(frame);
            tables--;
        }
    };

    @Test
    void theIndexOfEachLevelComesFromNineBitsOfTheAddress() {
        PageTable pt = new PageTable(memory, PagingMode.SV39);
        int root = alloc.allocateTable();
        long va = (5L << 30) | (7L << 21) | (9L << 12) | 0x123;
        long slot = pt.findOrCreate(root, va, alloc);
        assertThat(tables).isEqualTo(3);
        assertThat(slot & 0xFFF).isEqualTo(9 * 8);
        long rootEntry = memory.loadLong(((long) root << 12) + 5 * 8);
        assertThat(Pte.isPointer(rootEntry)).isTrue();
        long midEntry = memory.loadLong(((long) Pte.frame(rootEntry) << 12) + 7 * 8);
        assertThat(Pte.frame(midEntry)).isEqualTo((int) (slot >>> 12));
        assertThat(pt.find(root, va)).isEqualTo(slot);
        assertThat(pt.find(root, va + (1L << 21))).isEqualTo(PageTable.NO_SLOT);
    }

    @ParameterizedTest
    @EnumSource(PagingMode.class)
    void leavesAreVisitedInOrderAcrossTheWholeSpaceAndRangesAreExact(PagingMode mode) {
        PageTable pt = new PageTable(memory, mode);
        int root = alloc.allocateTable();
        long[] vas = {0x10000, 0x1FF000, 0x200000, 0x4000_0000L, mode.userLimit() - 4096};
        for (long va : vas) {
            pt.write(pt.findOrCreate(root, va, alloc), Pte.leaf(1, Pte.R));
        }
        List<Long> seen = new ArrayList<>();
        pt.forEachLeaf(root, 0, mode.userLimit(), (va, slot, pte) -> seen.add(va));
        assertThat(seen).containsExactly(0x10000L, 0x1FF000L, 0x200000L, 0x4000_0000L, mode.userLimit() - 4096);
        seen.clear();
        pt.forEachLeaf(root, 0x1FF000, 0x200001, (va, slot, pte) -> seen.add(va));
        assertThat(seen).containsExactly(0x1FF000L, 0x200000L);
        seen.clear();
        pt.forEachLeaf(root, 0x1FF001, 0x200000, (va, slot, pte) -> seen.add(va));
        assertThat(seen).as("a page that overlaps the range counts").containsExactly(0x1FF000L);
        seen.clear();
        pt.forEachLeaf(root, 0x201000, 0x3FF000, (va, slot, pte) -> seen.add(va));
        assertThat(seen).isEmpty();
        // root, then the tables below it: Sv39 3 + 4, Sv48 2 + 3 + 4
        assertThat(tables).isEqualTo(mode == PagingMode.SV39 ? 1 + 3 + 4 : 1 + 2 + 3 + 4);
    }

    @Test
    void clearingARangeFreesTablesLeftEmptyButNotTheRoot() {
        PageTable pt = new PageTable(memory, PagingMode.SV39);
        int root = alloc.allocateTable();
        for (long va = 0x200000; va < 0x600000; va += 4096) {
            pt.write(pt.findOrCreate(root, va, alloc), Pte.leaf(1, Pte.R));
        }
        assertThat(tables).isEqualTo(1 + 1 + 2);
        List<Long> released = new ArrayList<>();
        pt.clear(root, 0x200000, 0x400000, (va, slot, pte) -> released.add(va), alloc);
        assertThat(released).hasSize(512);
        assertThat(tables).isEqualTo(3);
        pt.clear(root, 0x400000, 0x401000, (va, slot, pte) -> released.add(va), alloc);
        assertThat(tables).isEqualTo(3); // the leaf table still holds 511 entries
        pt.clear(root, 0, 1L << 38, (va, slot, pte) -> released.add(va), alloc);
        assertThat(tables).isEqualTo(1);
        assertThat(released).hasSize(1024);
        pt.destroy(root, (va, slot, pte) -> { }, alloc);
        assertThat(tables).isZero();
    }

    @Test
    void aFailedAllocationLeavesNoSlot() {
        PhysicalMemory small = new PhysicalMemory(2);
        FramePool tiny = new FramePool(small, ZeroPolicy.ON_ALLOC, Integer.MAX_VALUE);
        PageTable pt = new PageTable(small, PagingMode.SV39);
        TableAllocator a = new TableAllocator() {
            @Override
            public int allocateTable() {
                return tiny.allocate(FramePurpose.PAGE_TABLE, 1);
            }

            @Override
            public void freeTable(int frame) {
                tiny.freeTable(frame);
            }
        };
        int root = a.allocateTable();
        assertThat(pt.findOrCreate(root, 0x10000, a)).isEqualTo(PageTable.NO_SLOT);
        List<Integer> visited = new ArrayList<>();
        pt.forEachTable(root, (frame, level, base) -> visited.add(level));
        assertThat(visited).containsExactly(2, 1);
    }
}
