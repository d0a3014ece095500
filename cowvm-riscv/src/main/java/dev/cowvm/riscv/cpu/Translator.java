package dev.cowvm.riscv.cpu;

import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates hot guest code into JVM bytecode, so HotSpot compiles guest loops into
 * machine-code loops: a binary translator in the sense of the rv8 paper, with the JVM's
 * JIT as its back end.
 *
 * <h2>Regions</h2>
 * When the interpreter has entered a block {@link Hart#setTranslation often enough}, the
 * region around it is translated: starting at that block, the blocks its direct branches
 * and jumps reach inside the same page (breadth first, up to {@value #MAX_BLOCKS} blocks or
 * {@value #MAX_INSTRUCTIONS} instructions, skipping blocks with CSR instructions and a
 * page-crossing instruction). The region becomes one method of a hidden class extending
 * {@link Region}:
 * <pre>
 *   entry:    load the guest registers the region uses into JVM locals; exitPc = pc
 *   DISPATCH: if exitPc is a block of the region, go to it, else EXIT
 *   block:    at the entry and at targets of backward jumps, EXIT if less than the
 *             region's size is left of the budget (between two such points no block runs
 *             twice, so the budget cannot be overrun); n += the block's length
 *             each instruction, with constants folded in (immediates, pc-relative values)
 *             a direct branch or jump inside the region is a goto; jalr goes to DISPATCH
 *   EXIT:     store the registers the region writes; set hart.pc and hart.regionCause
 * </pre>
 * Loads and stores call the {@link Memory}, exactly as the interpreter does, and check
 * {@link Memory#trapped} after each; a trap leaves through a shared stub that corrects the
 * count of retired instructions and records the cause. A store (or AMO) also checks the
 * reservation and the code epoch, and leaves the region when the epoch moved, since the
 * region's own code may be what was overwritten. F/D arithmetic, AMOs and division call
 * the same Java code the interpreter uses, so both agree by construction; the differential
 * tests run both. The floating-point registers live in JVM locals too, and each F/D
 * operation becomes a direct call of its arithmetic with its rounding mode as a constant
 * (DYN reads frm and leaves as an illegal instruction if it is reserved).
 *
 * <h2>Validity</h2>
 * A region belongs to its page's {@link PageCode}: it is dropped with it when the frame's
 * generation changes, and it uses no virtual address of its own (pc-relative values are
 * computed from the page's address at run time), so it is valid wherever the frame is
 * mapped. A translation that cannot be defined (which would be a bug) marks the slot as
 * untranslatable and counts in {@link #failures()}; the interpreter keeps running it.
 */
final class Translator {
    static final int MAX_BLOCKS = 16;
    static final int MAX_INSTRUCTIONS = 100;
    /** HotSpot does not compile methods of more than 8000 bytes of bytecode. */
    static final int MAX_BYTECODE = 7800;

    private static int failures;

    private Translator() {
    }

    /** Translations that could not be defined since the JVM started (a bug if ever nonzero). */
    static synchronized int failures() {
        return failures;
    }

    private static synchronized void failed() {
        failures++;
    }

    /**
     * Translates the region around the block at {@code entrySlot} and installs it in the
     * page for every block it contains.
     *
     * @return whether a region now runs the entry
     */
    static boolean translate(Hart h, Memory mem, PageCode page, long pageBase, int entrySlot) {
        if (page.untranslatable == null) {
            page.untranslatable = new boolean[CodeCache.SLOTS];
        }
        if (page.untranslatable[entrySlot]) {
            return false;
        }
        int maxBlocks = MAX_BLOCKS;
        while (maxBlocks >= 1) {
            List<Integer> slots = select(h, mem, page, pageBase, entrySlot, maxBlocks);
            if (slots.isEmpty()) {
                break;
            }
            byte[] bytes;
            try {
                bytes = RegionWriter.generate(page, slots);
            } catch (IllegalArgumentException | IllegalStateException e) {
                failed();
                break;
            }
            if (codeLength(bytes) > MAX_BYTECODE) {
                maxBlocks /= 2;
                continue;
            }
            Region r = define(bytes);
            if (r == null) {
                break;
            }
            for (int sl : slots) {
                r.instructions += page.blocks[sl].length - 1;
            }
            r.checksReservation = RegionWriter.hasLoadReserved(page, slots);
            if (page.regions == null) {
                page.regions = new Region[CodeCache.SLOTS];
            }
            for (int s : slots) {
                if (page.regions[s] == null) {
                    page.regions[s] = r;
                }
            }
            page.regions[entrySlot] = r;
            return true;
        }
        page.untranslatable[entrySlot] = true;
        return false;
    }

    private static int codeLength(byte[] bytes) {
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            if (m.methodName().equalsString("run")) {
                return m.code().map(c -> ((java.lang.classfile.attribute.CodeAttribute) c).codeLength()).orElse(0);
            }
        }
        return 0;
    }

    private static Region define(byte[] bytes) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (Region) lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) { // a bad translation must never take the emulator down
            failed();
            return null;
        }
    }

    // ---- choosing the region ----

    /** Whether the interpreter must run the block itself (CSR instructions, a fault, a crossing). */
    private static boolean translatable(long[] blk) {
        for (long d : blk) {
            int op = Op.op(d);
            if (op == Op.FETCH_FAULT || (op >= Op.CSRRW && op <= Op.CSRRCI)) {
                return false;
            }
        }
        return true;
    }

    private static List<Integer> select(Hart h, Memory mem, PageCode page, long pageBase, int entry, int maxBlocks) {
        List<Integer> chosen = new ArrayList<>();
        boolean[] seen = new boolean[CodeCache.SLOTS];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(entry);
        int instructions = 0;
        while (!queue.isEmpty() && chosen.size() < maxBlocks) {
            int s = queue.poll();
            if (seen[s]) {
                continue;
            }
            seen[s] = true;
            long[] blk = Interpreter.blockAt(h, mem, page, pageBase, s);
            if (blk == null || !translatable(blk)) {
                continue;
            }
            int count = blk.length - 1;
            if (instructions + count > MAX_INSTRUCTIONS) {
                continue;
            }
            chosen.add(s);
            instructions += count;
            for (int rel : successors(blk, s)) {
                if (rel >= 0 && rel < 4096 && !seen[rel >>> 1]) {
                    queue.add(rel >>> 1);
                }
            }
        }
        return chosen;
    }

    /** Page-relative targets of the block's direct control transfers and fall-through. */
    static int[] successors(long[] blk, int slot) {
        int count = blk.length - 1;
        long last = blk[count - 1];
        int rel = 2 * slot + Op.offset(last);
        return switch (Op.op(last)) {
            case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> new int[] {rel + Op.imm(last), rel + Op.length(last)};
            case Op.JAL -> new int[] {rel + Op.imm(last)};
            case Op.JALR, Op.ECALL, Op.EBREAK, Op.ILLEGAL -> new int[0];
            default -> new int[] {2 * slot + Op.imm(blk[count])};
        };
    }
}
