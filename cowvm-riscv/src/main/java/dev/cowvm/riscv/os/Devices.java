package dev.cowvm.riscv.os;

import java.util.Optional;

/**
 * The device switch: the driver of each major number (xv6's {@code devsw}), numbers 0 to
 * {@link Limits#devices()} - 1.
 */
public final class Devices {
    private final Device[] drivers;

    /**
     * An empty switch.
     *
     * @param count how many major numbers exist (xv6's NDEV)
     */
    public Devices(int count) {
        this.drivers = new Device[count];
    }

    /**
     * Installs a driver.
     *
     * @throws IllegalArgumentException for a major number outside the switch
     */
    public Devices register(int major, Device driver) {
        if (major < 0 || major >= drivers.length) {
            throw new IllegalArgumentException("major " + major + " is outside 0.." + (drivers.length - 1));
        }
        drivers[major] = driver;
        return this;
    }

    /** True if {@code major} is a number the switch has (a driver or not). */
    public boolean exists(int major) {
        return major >= 0 && major < drivers.length;
    }

    /** The driver of {@code major}, if one is installed. */
    public Optional<Device> driver(int major) {
        return exists(major) ? Optional.ofNullable(drivers[major]) : Optional.empty();
    }
}
