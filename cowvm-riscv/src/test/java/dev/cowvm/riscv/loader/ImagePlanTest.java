package dev.cowvm.riscv.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.kernel.Protection;
import dev.cowvm.mmu.PagingMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spans of pages with one protection, and the frames a load will take. */
class ImagePlanTest {

    private static ProgramHeader segment(long vaddr, long memsz, int flags) {
        return new ProgramHeader(0, ProgramHeader.PT_LOAD, flags, 0, vaddr, 0, memsz, 0x1000);
    }

    @Test
    void separatePagesKeepTheirProtectionsAndGapsStayUnmapped() {
        List<ImagePlan.Span> spans = ImagePlan.spans(List.of(
                segment(0x10000, 0x1800, ProgramHeader.PF_R | ProgramHeader.PF_X),
                segment(0x14000, 0x10, ProgramHeader.PF_R | ProgramHeader.PF_W)), 0);
        assertThat(spans).containsExactly(new ImagePlan.Span(0x10000, 0x12000, Protection.RX),
                new ImagePlan.Span(0x14000, 0x15000, Protection.RW));
    }

    @Test
    void aSharedPageGetsTheUnionAndNeighboursWithTheSameProtectionMerge() {
        List<ImagePlan.Span> spans = ImagePlan.spans(List.of(
                segment(0x10000, 0x1800, ProgramHeader.PF_R),
                segment(0x11800, 0x800, ProgramHeader.PF_W),
                segment(0x12000, 0x1000, ProgramHeader.PF_R | ProgramHeader.PF_W)), 0x1000_0000L);
        assertThat(spans).containsExactly(new ImagePlan.Span(0x1001_0000L, 0x1001_1000L, Protection.R),
                new ImagePlan.Span(0x1001_1000L, 0x1001_3000L, Protection.RW));
    }

    @Test
    void framesAreDataPagesPlusTheTablesAboveThem() {
        // Pages 0 and 511..512: three data pages; level-0 tables for pages 0-511 and 512-1023; one level-1 table.
        long frames = ImagePlan.framesNeeded(List.of(new long[] {0, 4096}, new long[] {511 * 4096L, 513 * 4096L}),
                PagingMode.SV39);
        assertThat(frames).isEqualTo(3 + 2 + 1);
        // Overlapping ranges count once; under Sv48 one more level.
        assertThat(ImagePlan.framesNeeded(List.of(new long[] {0, 8192}, new long[] {4096, 12288}), PagingMode.SV48))
                .isEqualTo(3 + 1 + 1 + 1);
        assertThat(ImagePlan.framesNeeded(List.of(new long[] {8192, 8192}), PagingMode.SV39)).isZero();
    }
}
