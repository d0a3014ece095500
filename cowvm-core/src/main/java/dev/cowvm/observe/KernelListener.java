package dev.cowvm.observe;

/** Receives kernel events, on the thread that runs the kernel, as they happen. */
@FunctionalInterface
public interface KernelListener {
    void onEvent(KernelEvent event);
}
