package dev.firedrill.harness.history;

import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.history.internal.EventColumns;
import dev.firedrill.harness.history.internal.JsonLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable history of a run: client operations, fault events and sampler readings, in index order. Stored as
 * primitive columns; {@link #get(int)} materializes an {@link Event}. {@link #operations()} pairs invocations
 * with their completions; {@link #faults()} turns nemesis events into windows.
 */
public final class History {
    private final EventColumns.Snapshot cols;
    private volatile Operations operations;
    private volatile List<FaultWindow> faults;

    History(EventColumns.Snapshot cols) {
        this.cols = cols;
    }

    /** A history of the given events; their indexes must be 0, 1, 2, ... */
    public static History of(List<Event> events) {
        EventColumns c = new EventColumns();
        for (Event e : events) {
            c.add(e);
        }
        return new History(c.snapshot());
    }

    /**
     * Loads a history.jsonl file. A malformed <em>last</em> line (a run that crashed mid-write) is skipped; a
     * malformed line elsewhere is an error naming the line.
     */
    public static History read(Path jsonl) {
        EventColumns c = new EventColumns();
        try (BufferedReader r = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            String line;
            String badLine = null;
            long badNo = 0;
            long no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                if (badLine != null) {
                    throw new FiredrillException("history " + jsonl + " line " + badNo + " is not a valid event: "
                            + abbreviate(badLine) + "; only a truncated last line is tolerated");
                }
                try {
                    c.add(JsonLines.parse(line));
                } catch (IOException | IllegalArgumentException e) {
                    badLine = line;
                    badNo = no;
                }
            }
        } catch (IOException e) {
            throw new FiredrillException("cannot read history " + jsonl + ": " + e.getMessage(), e);
        }
        return new History(c.snapshot());
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }

    /** Number of events. */
    public int size() {
        return cols.size();
    }

    /** The event at {@code index}. */
    public Event get(int index) {
        return cols.event(index);
    }

    /** All events as a read-only list that materializes events on access. */
    public List<Event> events() {
        return new AbstractList<>() {
            @Override
            public Event get(int i) {
                return cols.event(i);
            }

            @Override
            public int size() {
                return cols.size();
            }
        };
    }

    /** Time of the last event, in nanoseconds since run start (0 when empty). */
    public long endNanos() {
        return cols.size() == 0 ? 0 : cols.nanos()[cols.size() - 1];
    }

    /** Invocations paired with completions, per process. Computed once. */
    public Operations operations() {
        Operations ops = operations;
        if (ops == null) {
            ops = Operations.pair(cols);
            operations = ops;
        }
        return ops;
    }

    /** Fault windows from nemesis events, ordered by request time. Computed once. */
    public List<FaultWindow> faults() {
        List<FaultWindow> f = faults;
        if (f == null) {
            f = buildFaults();
            faults = f;
        }
        return f;
    }

    private List<FaultWindow> buildFaults() {
        Map<String, long[]> times = new LinkedHashMap<>();
        Map<String, String[]> names = new LinkedHashMap<>();
        for (int i = 0; i < cols.size(); i++) {
            if (cols.phase()[i] < 0) {
                continue;
            }
            String id = cols.symbol(cols.faultId()[i]);
            long[] t = times.computeIfAbsent(id, k -> new long[] {-1, -1, -1});
            names.putIfAbsent(id, new String[] {cols.symbol(cols.f()[i]), cols.symbol(cols.target()[i])});
            int ph = cols.phase()[i];
            if (t[ph] < 0) {
                t[ph] = cols.nanos()[i];
            }
        }
        List<FaultWindow> out = new ArrayList<>();
        long end = endNanos();
        for (Map.Entry<String, long[]> e : times.entrySet()) {
            long[] t = e.getValue();
            String[] n = names.get(e.getKey());
            long start = t[0] >= 0 ? t[0] : (t[1] >= 0 ? t[1] : (t[2] >= 0 ? t[2] : 0));
            boolean healed = t[2] >= 0;
            out.add(new FaultWindow(e.getKey(), n[0], n[1], start, t[1], healed ? t[2] : end, healed));
        }
        out.sort((a, b) -> Long.compare(a.requestedNanos(), b.requestedNanos()));
        return List.copyOf(out);
    }

    /** All sampler readings of the given metric, in time order. */
    public List<Event> samples(String metric) {
        List<Event> out = new ArrayList<>();
        byte sample = (byte) EventType.SAMPLE.ordinal();
        for (int i = 0; i < cols.size(); i++) {
            if (cols.type()[i] == sample && metric.equals(cols.symbol(cols.f()[i]))) {
                out.add(cols.event(i));
            }
        }
        return out;
    }

    /** The fleet's events (process {@value Event#FLEET}: launches, terminations, scaling, deployments), in order. */
    public List<Event> fleetEvents() {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            if (Event.FLEET.equals(cols.symbol(cols.process()[i]))) {
                out.add(cols.event(i));
            }
        }
        return out;
    }

    /** Names of all sampled metrics, in first-seen order. */
    public List<String> sampleMetrics() {
        List<String> out = new ArrayList<>();
        byte sample = (byte) EventType.SAMPLE.ordinal();
        for (int i = 0; i < cols.size(); i++) {
            if (cols.type()[i] == sample) {
                String m = cols.symbol(cols.f()[i]);
                if (!out.contains(m)) {
                    out.add(m);
                }
            }
        }
        return out;
    }
}
