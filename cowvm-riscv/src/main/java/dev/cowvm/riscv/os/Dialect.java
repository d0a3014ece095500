package dev.cowvm.riscv.os;

/**
 * Whose rules a path or a file follows where xv6 and Linux differ on the same inodes.
 *
 * <table>
 *   <caption>Differences</caption>
 *   <tr><th></th><th>xv6 ({@code kernel/fs.c})</th><th>Linux</th></tr>
 *   <tr><td>a name longer than the limit</td><td>cut to DIRSIZ (14) bytes</td><td>ENAMETOOLONG</td></tr>
 *   <tr><td>the empty path</td><td>the working directory</td><td>ENOENT</td></tr>
 *   <tr><td>a trailing slash</td><td>ignored</td><td>the name must be a directory (ENOTDIR)</td></tr>
 *   <tr><td>{@code read} of a directory</td><td>its raw 16-byte entries</td><td>EISDIR (getdents64 reads it)</td></tr>
 * </table>
 */
public enum Dialect {
    /** xv6's rules. */
    XV6,
    /** Linux's rules. */
    LINUX
}
