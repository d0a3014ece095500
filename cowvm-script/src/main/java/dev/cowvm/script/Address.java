package dev.cowvm.script;

/** An address as written: a region name (or null for a plain number) plus an offset. */
public record Address(String region, long offset) {
    @Override
    public String toString() {
        if (region == null) {
            return String.format("0x%x", offset);
        }
        return offset == 0 ? region : region + "+" + offset;
    }
}
