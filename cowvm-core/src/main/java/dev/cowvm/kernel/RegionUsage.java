package dev.cowvm.kernel;

import dev.cowvm.observe.MemoryUsage;

/**
 * One region of a process and its memory: one entry of Linux's {@code /proc/PID/smaps}.
 * The region's size is {@code region().length()}; every page of it is anonymous memory, so
 * its Anonymous figure equals its RSS.
 *
 * @param region the region
 * @param usage  its resident, proportional, shared and private bytes
 */
public record RegionUsage(Region region, MemoryUsage usage) {
}
