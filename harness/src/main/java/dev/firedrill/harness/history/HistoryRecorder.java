package dev.firedrill.harness.history;

import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.history.internal.EventColumns;
import dev.firedrill.harness.history.internal.JsonLines;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Thread-safe recorder of a run's history. Assigns indexes in arrival order, stamps each event with the injected
 * monotonic clock (relative to the clock's reading when the recorder was created), keeps events in memory as
 * primitive columns and, when streaming, appends each event as one JSON line to a file. The file is flushed at
 * least every {@value #FLUSH_MILLIS} ms, so a crashed run keeps all but the last moments.
 *
 * <pre>{@code
 * try (HistoryRecorder rec = HistoryRecorder.streamingTo(runDir.resolve("history.jsonl"), System::nanoTime)) {
 *     Event inv = rec.record(Event.invoke("c1", "write").key("k1").value("v1"));
 *     rec.record(Event.completing(inv, EventType.OK).version(1L).status(200));
 *     History h = rec.history();
 * }
 * }</pre>
 */
public final class HistoryRecorder implements AutoCloseable {
    /** Upper bound between flushes of history.jsonl. */
    public static final long FLUSH_MILLIS = 200;

    private final LongSupplier clock;
    private final long origin;
    private final EventColumns columns = new EventColumns();
    private final Path file;
    private final Writer out;
    private final ScheduledExecutorService flusher;
    private boolean dirty;
    private boolean closed;

    private HistoryRecorder(LongSupplier clock, Path file) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.origin = clock.getAsLong();
        this.file = file;
        if (file == null) {
            this.out = null;
            this.flusher = null;
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new FiredrillException("cannot create history file " + file + ": " + e.getMessage()
                    + "; check that the run directory exists and is writable", e);
        }
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "firedrill-history-flush");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A recorder that keeps events in memory only (tests, benchmarks). */
    public static HistoryRecorder inMemory(LongSupplier nanoClock) {
        return new HistoryRecorder(nanoClock, null);
    }

    /** A recorder that also streams every event to {@code jsonl} (created or truncated). */
    public static HistoryRecorder streamingTo(Path jsonl, LongSupplier nanoClock) {
        return new HistoryRecorder(nanoClock, Objects.requireNonNull(jsonl, "jsonl"));
    }

    /** The history's clock now: nanoseconds since this recorder started, as events are stamped. */
    public long elapsedNanos() {
        return clock.getAsLong() - origin;
    }

    /** Stamps, stores and (when streaming) writes the event; returns it. */
    public synchronized Event record(Event.Builder draft) {
        if (closed) {
            throw new IllegalStateException("history recorder is closed; record events before closing it");
        }
        long now = clock.getAsLong() - origin;
        Event e = draft.build(columns.size(), Math.max(0, now));
        columns.add(e);
        if (out != null) {
            try {
                JsonLines.write(e, out);
                dirty = true;
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot append to history file " + file, ex);
            }
        }
        return e;
    }

    /** Number of events recorded so far. */
    public synchronized int size() {
        return columns.size();
    }

    /** An immutable snapshot of everything recorded so far. Cheap: shares the append-only columns. */
    public synchronized History history() {
        return new History(columns.snapshot());
    }

    /** Flushes history.jsonl now. */
    public synchronized void flush() {
        if (out != null && !closed) {
            try {
                out.flush();
                dirty = false;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot flush history file " + file, e);
            }
        }
    }

    private synchronized void flushQuietly() {
        if (dirty) {
            try {
                flush();
            } catch (UncheckedIOException ignored) {
                // reported by the next record()
            }
        }
    }

    /** Flushes and closes the file and stops the flusher thread. Idempotent. */
    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot close history file " + file, e);
                }
            }
        }
    }
}
