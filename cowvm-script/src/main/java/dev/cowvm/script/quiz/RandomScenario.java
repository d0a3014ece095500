package dev.cowvm.script.quiz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a random scenario for a quiz: a shell maps a heap and writes to it, forks, and its
 * processes go on writing; from level 2 they also fork again, read, map new regions, exec,
 * exit and are waited for; level 3 adds a zero policy and, sometimes, copy-mode fork.
 *
 * <p>It keeps a small model of the processes (alive or not, parent, regions and their sizes)
 * so that every statement it writes is valid where it stands: a process acts only while it
 * runs, writes land inside its regions, a parent waits only for its own child that has
 * exited. The kernel decides everything else, and the quiz's answers come from running it.
 *
 * <p>{@link java.util.Random} with a seed gives the same sequence on every Java
 * implementation (its algorithm is part of its specification), so a seed is a quiz.
 */
final class RandomScenario {
    /** Names children take, in an order the seed shuffles. */
    private static final List<String> NAMES = List.of("child", "ls", "cc", "vim", "make", "grep", "sort", "less");
    /** Names of the regions mapped after the heap. */
    private static final List<String> REGIONS = List.of("data", "buf", "stack");
    private static final int MAX_PROCESSES = 4;

    /** A process as the scenario sees it. */
    private static final class Proc {
        final String name;
        String parent;
        boolean alive = true;
        final Map<String, Integer> regions = new LinkedHashMap<>(); // name -> pages

        Proc(String name, String parent) {
            this.name = name;
            this.parent = parent;
        }
    }

    private final Random rng;
    private final int level;
    private final List<String> lines = new ArrayList<>();
    private final Map<String, Proc> procs = new LinkedHashMap<>();
    private final List<String> names;
    private int writes;
    private int forkLine;

    RandomScenario(long seed, int level) {
        this.rng = new Random(seed);
        this.level = level;
        List<String> shuffled = new ArrayList<>(NAMES);
        java.util.Collections.shuffle(shuffled, rng);
        this.names = shuffled;
    }

    /** The scenario's text, one statement a line, and the line of the first fork. */
    record Written(String text, int forkLine) {
    }

    Written write() {
        if (level >= 3) {
            if (rng.nextInt(3) == 0) {
                lines.add("fork-mode copy");
            }
            lines.add("zero " + List.of("on-alloc", "on-free", "none").get(rng.nextInt(3)));
        }
        Proc shell = new Proc("shell", null);
        procs.put(shell.name, shell);
        lines.add("spawn shell");
        map(shell, "heap", 4 + rng.nextInt(level == 1 ? 3 : 5));
        int first = 2 + rng.nextInt(2);
        for (int i = 0; i < first; i++) {
            write(shell);
        }
        fork(shell);
        int actions = level == 1 ? 3 + rng.nextInt(2) : 6 + rng.nextInt(4);
        for (int i = 0; i < actions; i++) {
            if (level == 1) {
                write(pick(withMemory()));
            } else {
                act(i >= actions / 2);
            }
        }
        return new Written(String.join("\n", lines) + "\n", forkLine);
    }

    /** One step of levels 2 and 3; mostly writes, so that pages are shared, copied and reused. */
    private void act(boolean late) {
        List<Proc> alive = procs.values().stream().filter(p -> p.alive).toList();
        List<Proc> children = alive.stream().filter(p -> !p.name.equals("shell")).toList();
        int roll = rng.nextInt(20);
        if (roll < 8) {
            write(pick(withMemory()));
        } else if (roll < 10) {
            write(pick(withMemory()));
            write(pick(withMemory()));
        } else if (roll < 12 && alive.size() < MAX_PROCESSES) {
            fork(pick(withMemory()));
        } else if (roll == 12) {
            Proc p = pick(withMemory());
            String region = pickRegion(p);
            lines.add(p.name + " read " + address(region, rng.nextInt(p.regions.get(region)), 0) + " 4");
        } else if (roll < 15) {
            Proc p = pick(alive);
            String region = REGIONS.stream().filter(r -> !p.regions.containsKey(r)).findFirst().orElse(null);
            if (region == null) {
                write(pick(withMemory()));
                return;
            }
            map(p, region, 1 + rng.nextInt(3));
            write(p, region);
        } else if (roll < 17 && !children.isEmpty()) {
            Proc c = pick(children);
            lines.add(c.name + " exec");
            c.regions.clear();
            map(c, "data", 1 + rng.nextInt(3));
            write(c, "data");
        } else if (roll >= 17 && (children.size() >= 2 || late && !children.isEmpty())) {
            exit(pick(children));
        } else {
            write(pick(withMemory()));
        }
    }

    private List<Proc> withMemory() {
        return procs.values().stream().filter(p -> p.alive && !p.regions.isEmpty()).toList();
    }

    private void map(Proc p, String region, int pages) {
        lines.add(p.name + " map " + region + " " + pages * 4 + "KiB rw");
        p.regions.put(region, pages);
    }

    private void write(Proc p) {
        write(p, pickRegion(p));
    }

    private void write(Proc p, String region) {
        int page = rng.nextInt(p.regions.get(region));
        lines.add(p.name + " write " + address(region, page, 0) + " \"" + p.name + " " + (++writes) + "\"");
    }

    private void fork(Proc parent) {
        String child = names.stream().filter(n -> !procs.containsKey(n)).findFirst().orElseThrow();
        Proc c = new Proc(child, parent.name);
        c.regions.putAll(parent.regions);
        procs.put(child, c);
        lines.add("fork " + parent.name + " " + child);
        if (forkLine == 0) {
            forkLine = lines.size();
        }
    }

    /** The child exits and its parent waits for it; its own children go to the shell, as to init. */
    private void exit(Proc c) {
        lines.add(c.name + " exit " + rng.nextInt(4));
        c.alive = false;
        for (Proc o : procs.values()) {
            if (c.name.equals(o.parent)) {
                o.parent = "shell";
            }
        }
        lines.add("wait " + c.parent + " " + c.name);
    }

    private String pickRegion(Proc p) {
        List<String> regions = new ArrayList<>(p.regions.keySet());
        return regions.get(rng.nextInt(regions.size()));
    }

    private <T> T pick(List<T> from) {
        return from.get(rng.nextInt(from.size()));
    }

    /** {@code heap}, {@code heap+8KiB}, or {@code heap+8208} for an offset inside a page (one offset, as the language takes). */
    static String address(String region, int page, int offset) {
        long at = (long) page * 4096 + offset;
        if (at == 0) {
            return region;
        }
        return region + "+" + (offset == 0 ? page * 4 + "KiB" : Long.toString(at));
    }
}
