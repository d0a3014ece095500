package dev.cowvm.phys;

/**
 * Told of every change of a frame's life, for event streams and visualizers. The pool calls
 * it only when one is set, so an unobserved pool pays one null check.
 */
public interface FrameObserver {
    /**
     * A frame left the pool.
     *
     * @param frame   the frame
     * @param purpose what it is for
     * @param owner   the process id it was taken for
     */
    void allocated(int frame, FramePurpose purpose, int owner);

    /**
     * A frame was cleared to zeros (on allocation or on release, as the policy says).
     *
     * @param frame the frame
     */
    void zeroed(int frame);

    /**
     * A frame went back to the pool.
     *
     * @param frame     the frame
     * @param pageTable true if it held a page table
     */
    void freed(int frame, boolean pageTable);
}
