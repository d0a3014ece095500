package dev.cowvm.riscv.os;

/**
 * What an inode or an open file is. The first three are xv6's inode types, with its
 * numbers ({@code kernel/stat.h}: T_DIR 1, T_FILE 2, T_DEVICE 3); a pipe has no inode in
 * xv6 and no number.
 */
public enum FileType {
    /** A directory (T_DIR). */
    DIRECTORY(1, 0040000, 4),
    /** A regular file (T_FILE). */
    FILE(2, 0100000, 8),
    /** A character device such as the console (T_DEVICE). */
    DEVICE(3, 0020000, 2),
    /** A pipe: no inode in xv6, a FIFO to Linux's stat. */
    PIPE(0, 0010000, 1);

    private final int xv6;
    private final int linuxMode;
    private final int linuxDirentType;

    FileType(int xv6, int linuxMode, int linuxDirentType) {
        this.xv6 = xv6;
        this.linuxMode = linuxMode;
        this.linuxDirentType = linuxDirentType;
    }

    /** xv6's {@code st.type}: 1, 2 or 3; 0 for a pipe, which xv6's fstat refuses. */
    public int xv6Code() {
        return xv6;
    }

    /** Linux's file-type bits of {@code st_mode} (S_IFDIR, S_IFREG, S_IFCHR, S_IFIFO). */
    public int linuxMode() {
        return linuxMode;
    }

    /** Linux's {@code d_type} in getdents64 (DT_DIR 4, DT_REG 8, DT_CHR 2, DT_FIFO 1). */
    public int linuxDirentType() {
        return linuxDirentType;
    }
}
