package dev.cowvm.riscv.os;

/** One end of a {@link Pipe}: the read end reads, the write end writes. */
public final class PipeEnd extends OpenFile {
    private final Pipe pipe;
    private final int id;
    private final boolean reading;

    PipeEnd(FileTable table, Pipe pipe, int id, boolean reading) {
        super(table, reading ? OpenMode.READ : OpenMode.WRITE);
        this.pipe = pipe;
        this.id = id;
        this.reading = reading;
        pipe.openEnd(reading);
    }

    @Override
    public FileType type() {
        return FileType.PIPE;
    }

    /** The pipe. */
    public Pipe pipe() {
        return pipe;
    }

    /** True for the read end. */
    public boolean isReadEnd() {
        return reading;
    }

    @Override
    IoResult readOpen(IoBuffer dst) {
        return pipe.read(dst);
    }

    @Override
    IoResult writeOpen(IoBuffer src) {
        return pipe.write(src);
    }

    /** A FIFO with the pipe's number as its inode number and its buffered bytes as its size. */
    @Override
    public Stat stat() {
        return new Stat(0, id, FileType.PIPE, 1, pipe.buffered(), 0, 0, 0, 4096, 0600);
    }

    @Override
    void closeLast() {
        pipe.closeEnd(reading);
    }
}
