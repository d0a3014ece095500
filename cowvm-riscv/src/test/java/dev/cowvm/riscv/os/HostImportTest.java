package dev.cowvm.riscv.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filling the file system from a host directory: what is copied, what is skipped and why, and that the host is left alone. */
class HostImportTest {
    @TempDir
    Path host;

    private static List<String> snapshot(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted().toList()) {
                String kind = Files.isSymbolicLink(p) ? "link" : Files.isDirectory(p) ? "dir" : "file";
                String data = kind.equals("file") ? new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1) : "";
                out.add(dir.relativize(p) + " " + kind + " " + Files.getLastModifiedTime(p,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS) + " " + data.hashCode());
            }
        }
        return out;
    }

    @Test
    void filesAndDirectoriesAreCopiedInNameOrderAndTheHostIsNotWritten() throws IOException {
        Files.createDirectories(host.resolve("bin"));
        Files.writeString(host.resolve("README"), "xv6 is a re-implementation\n");
        Files.write(host.resolve("bin/sh"), new byte[5000]);
        Files.writeString(host.resolve("bin/echo"), "echo");
        Files.createFile(host.resolve("empty"));
        List<String> before = snapshot(host);

        FileSystem fs = new FileSystem(Limits.xv6());
        HostImport.Report report = HostImport.fill(fs, host);

        assertThat(report.files()).isEqualTo(4);
        assertThat(report.directories()).isEqualTo(1);
        assertThat(report.bytes()).isEqualTo(27 + 5000 + 4);
        assertThat(report.skipped()).isEmpty();
        assertThat(fs.entries(fs.root()).stream().map(Inode.Entry::name)).containsExactly(".", "..", "README",
                "bin", "empty");
        Inode bin = fs.lookup(fs.root(), "bin", Dialect.XV6).orElseThrow();
        assertThat(fs.entries(bin).stream().map(Inode.Entry::name)).containsExactly(".", "..", "echo", "sh");
        assertThat(fs.lookup(fs.root(), "README", Dialect.XV6).orElseThrow().inum()).as("name order").isEqualTo(2);
        Inode sh = fs.lookup(fs.root(), "/bin/sh", Dialect.XV6).orElseThrow();
        assertThat(fs.contents(sh)).hasSize(5000);
        assertThat(fs.root().size()).as("mkfs rounds the root up to a block").isEqualTo(1024);
        assertThat(fs.root().nlink()).isEqualTo(2);
        assertThat(fs.checkInvariants()).isEmpty();

        fs.write(sh, 0, IoBuffer.of(new byte[] {1, 2, 3}));
        fs.unlink(fs.root(), "README", FileSystem.Unlink.ANY, Dialect.XV6).orElseThrow();
        assertThat(snapshot(host)).as("the host directory is never written").isEqualTo(before);
    }

    @Test
    void whatCannotBeRepresentedIsSkippedWithAReason() throws IOException {
        Files.writeString(host.resolve("ok"), "fine");
        Files.writeString(host.resolve("a-name-of-twenty-byte"), "too long a name");
        Files.write(host.resolve("huge"), new byte[268 * 1024 + 1]);
        Files.createSymbolicLink(host.resolve("link"), host.resolve("ok"));
        FileSystem fs = new FileSystem(Limits.xv6());
        HostImport.Report report = HostImport.fill(fs, host);
        assertThat(report.files()).isEqualTo(1);
        assertThat(report.skipped()).containsExactlyInAnyOrder(
                host.resolve("a-name-of-twenty-byte") + ": its name has 21 bytes; at most 14 fit",
                host.resolve("huge") + ": 274433 bytes; the largest file holds 274432",
                host.resolve("link") + ": a symbolic link; the file system has none");
        assertThat(fs.lookup(fs.root(), "link", Dialect.XV6).errno()).isEqualTo(Errno.ENOENT);
        assertThat(fs.checkInvariants()).isEmpty();
    }

    @Test
    void whatDoesNotFitOnTheDiskIsSkippedAndLeavesNothingBehind() throws IOException {
        Files.write(host.resolve("a"), new byte[3 * 1024]);
        Files.write(host.resolve("b"), new byte[3 * 1024]);
        FileSystem fs = new FileSystem(Limits.xv6().withDataBlocks(5));
        HostImport.Report report = HostImport.fill(fs, host);
        assertThat(report.files()).isEqualTo(1);
        assertThat(report.skipped()).singleElement().asString()
                .startsWith(host.resolve("b") + ": 3072 bytes do not fit on the disk");
        assertThat(fs.lookup(fs.root(), "b", Dialect.XV6).errno()).isEqualTo(Errno.ENOENT);
        assertThat(fs.freeBlocks()).isEqualTo(1);
        assertThat(fs.checkInvariants()).isEmpty();

        FileSystem fewInodes = new FileSystem(Limits.xv6().withInodes(3));
        HostImport.Report r = HostImport.fill(fewInodes, host);
        assertThat(r.skipped()).singleElement().asString().contains("no free inode");
    }

    @Test
    void aMissingHostDirectoryIsReportedNotThrown() {
        FileSystem fs = new FileSystem(Limits.xv6());
        HostImport.Report report = HostImport.fill(fs, host.resolve("nothing"));
        assertThat(report.skipped()).containsExactly(host.resolve("nothing") + ": not a directory");
        assertThat(fs.entries(fs.root())).hasSize(2);
    }
}
