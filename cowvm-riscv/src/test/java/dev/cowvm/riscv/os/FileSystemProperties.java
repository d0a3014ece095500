package dev.cowvm.riscv.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of mkdir, create, link, unlink, rename, write and truncate against a naive
 * model (a map from path to directory or shared file bytes): after every step the file
 * system holds exactly the model's names, types and bytes, agrees on every failure's
 * errno, and keeps its own invariants.
 */
class FileSystemProperties {
    private static final List<String> PATHS = List.of("/a", "/c", "/a/b", "/x", "/y", "/a/x", "/a/y", "/a/b/x",
            "/c/x", "/x/z");
    private static final Object DIR = new Object();

    /** A file's bytes, shared by its links. */
    private static final class Data {
        byte[] bytes = new byte[0];
    }

    /** One operation: a kind, two paths, an offset and a length. */
    record Op(int kind, String path, String other, int offset, int length) {
    }

    private final Map<String, Object> model = new HashMap<>();

    private Errno resolve(String path, boolean parentOnly) {
        String[] parts = path.substring(1).split("/");
        String at = "";
        int n = parentOnly ? parts.length - 1 : parts.length;
        for (int i = 0; i < n; i++) {
            at = at + "/" + parts[i];
            Object node = model.get(at);
            if (node == null) {
                return Errno.ENOENT;
            }
            if (node != DIR && i < parts.length - 1) {
                return Errno.ENOTDIR;
            }
        }
        return null;
    }

    private boolean hasChildren(String dir) {
        return model.keySet().stream().anyMatch(p -> p.startsWith(dir + "/"));
    }

    /** Linux's rename in the model: errors in the order the file system checks them. */
    private Errno rename(String from, String to) {
        Errno e = resolve(from, true);
        if (e == null) {
            e = resolve(to, true);
        }
        if (e != null) {
            return e;
        }
        Object node = model.get(from);
        if (node == null) {
            return Errno.ENOENT;
        }
        Object there = model.get(to);
        if (from.equals(to) || there == node && node != DIR) {
            return null; // one file under two names: nothing to do
        }
        if (node == DIR) {
            if (there != null && there != DIR) {
                return Errno.ENOTDIR;
            }
            if (there == DIR && hasChildren(to)) {
                return Errno.ENOTEMPTY;
            }
            if (to.startsWith(from + "/")) {
                return Errno.EINVAL;
            }
        } else if (there == DIR) {
            return Errno.EISDIR;
        }
        Map<String, Object> moved = new HashMap<>();
        for (var it = model.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (entry.getKey().startsWith(from + "/")) {
                moved.put(to + entry.getKey().substring(from.length()), entry.getValue());
                it.remove();
            }
        }
        model.remove(from);
        model.put(to, node);
        model.putAll(moved);
        return null;
    }

    /** What the model says the operation does: null for success, else the errno. */
    private Errno apply(Op op) {
        String p = op.path();
        Errno parent = resolve(p, true);
        switch (op.kind()) {
            case 0 -> { // mkdir
                if (parent != null) {
                    return parent;
                }
                if (model.containsKey(p)) {
                    return Errno.EEXIST;
                }
                model.put(p, DIR);
            }
            case 1 -> { // create or open
                if (parent != null) {
                    return parent;
                }
                Object node = model.get(p);
                if (node == DIR) {
                    return Errno.EISDIR;
                }
                if (node == null) {
                    model.put(p, new Data());
                }
            }
            case 2 -> { // link other -> path
                Errno old = resolve(op.other(), false);
                if (old != null) {
                    return old;
                }
                if (model.get(op.other()) == DIR) {
                    return Errno.EPERM;
                }
                if (parent != null) {
                    return parent;
                }
                if (model.containsKey(p)) {
                    return Errno.EEXIST;
                }
                model.put(p, model.get(op.other()));
            }
            case 3 -> { // unlink
                if (parent != null) {
                    return parent;
                }
                Object node = model.get(p);
                if (node == null) {
                    return Errno.ENOENT;
                }
                if (node == DIR && hasChildren(p)) {
                    return Errno.ENOTEMPTY;
                }
                model.remove(p);
            }
            case 4 -> { // write at an offset within the file
                Errno e = resolve(p, false);
                if (e != null || model.get(p) == DIR) {
                    return e != null ? e : Errno.EISDIR;
                }
                Data d = (Data) model.get(p);
                int at = Math.min(op.offset(), d.bytes.length);
                byte[] grown = Arrays.copyOf(d.bytes, Math.max(d.bytes.length, at + op.length()));
                for (int i = 0; i < op.length(); i++) {
                    grown[at + i] = (byte) (op.offset() + i);
                }
                d.bytes = grown;
            }
            case 6 -> { // rename other -> path, replacing
                return rename(op.other(), p);
            }
            default -> { // truncate
                Errno e = resolve(p, false);
                if (e != null || model.get(p) == DIR) {
                    return e != null ? e : Errno.EISDIR;
                }
                Data d = (Data) model.get(p);
                d.bytes = Arrays.copyOf(d.bytes, op.length());
            }
        }
        return null;
    }

    private static Errno run(FileSystem fs, Op op) {
        Inode root = fs.root();
        String p = op.path();
        SysResult<?> r = switch (op.kind()) {
            case 0 -> fs.create(root, p, FileType.DIRECTORY, 0, 0, Dialect.XV6);
            case 1 -> fs.createOrOpen(root, p, false, Dialect.XV6);
            case 2 -> fs.link(root, op.other(), p, Dialect.XV6);
            case 3 -> fs.unlink(root, p, FileSystem.Unlink.ANY, Dialect.XV6);
            case 6 -> fs.rename(root, op.other(), root, p, true, Dialect.XV6);
            default -> {
                SysResult<Inode> ip = fs.lookup(root, p, Dialect.XV6);
                if (!ip.isOk()) {
                    yield ip;
                }
                Inode file = ip.orElseThrow();
                if (file.isDirectory()) {
                    yield SysResult.err(Errno.EISDIR, "directory");
                }
                if (op.kind() == 5) {
                    yield fs.truncate(file, op.length());
                }
                long at = Math.min(op.offset(), file.size());
                byte[] bytes = new byte[op.length()];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (op.offset() + i);
                }
                IoResult w = fs.write(file, at, IoBuffer.of(bytes));
                yield w instanceof IoResult.Done ? SysResult.done() : SysResult.err(Errno.EIO, w.toString());
            }
        };
        return r.errno();
    }

    @Property(tries = 300)
    void theFileSystemAgreesWithANaiveModel(@ForAll("programs") List<Op> program) {
        model.clear();
        FileSystem fs = new FileSystem(Limits.xv6());
        for (Op op : program) {
            Errno expected = apply(op);
            Errno actual = run(fs, op);
            assertThat(actual).as("%s", op).isEqualTo(expected);
            assertThat(fs.checkInvariants()).as("after %s", op).isEmpty();
            for (String path : PATHS) {
                SysResult<Inode> found = fs.lookup(fs.root(), path, Dialect.XV6);
                Object node = model.get(path);
                assertThat(found.isOk()).as("%s exists after %s", path, op).isEqualTo(node != null);
                if (node instanceof Data d) {
                    assertThat(fs.contents(found.orElseThrow())).as("%s after %s", path, op).isEqualTo(d.bytes);
                } else if (node == DIR) {
                    assertThat(found.orElseThrow().isDirectory()).isTrue();
                }
            }
        }
        // Every name the model holds (a rename may have made names outside PATHS).
        List<String> deepestFirst = model.keySet().stream()
                .sorted((x, y) -> Long.compare(y.chars().filter(c -> c == '/').count(), x.chars().filter(c -> c == '/').count()))
                .toList();
        for (String path : deepestFirst) {
            fs.unlink(fs.root(), path, FileSystem.Unlink.ANY, Dialect.XV6);
        }
        assertThat(fs.freeBlocks()).as("everything removed, only the root's block in use")
                .isEqualTo(Limits.xv6().dataBlocks() - 1);
        assertThat(fs.freeInodes()).isEqualTo(198);
    }

    @Provide
    Arbitrary<List<Op>> programs() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.of(PATHS),
                Arbitraries.of(PATHS), Arbitraries.integers().between(0, 20_000),
                Arbitraries.integers().between(0, 15_000)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(40);
    }
}
