package dev.cowvm.kernel;

import dev.cowvm.phys.FrameState;

/**
 * A snapshot of one frame.
 *
 * @param frame    the frame number (0 is the zero page)
 * @param state    in use, free (zeroed or stale), page table, or the zero page
 * @param refCount entries mapping it if data, 1 if a page table, 0 if free
 * @param owner    the process it was last handed to; kept after it is freed (whose stale
 *                 bytes it holds); 0 if never used
 */
public record FrameInfo(int frame, FrameState state, int refCount, int owner) {
}
