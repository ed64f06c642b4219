package dev.firedrill.harness.workload.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.history.HistoryRecorder;
import dev.firedrill.harness.workload.OpKind;
import dev.firedrill.harness.workload.RateSchedule;
import dev.firedrill.harness.workload.WorkloadSpec;
import dev.firedrill.harness.workload.WorkloadStats;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The open-model loop: one scheduler thread waits for each intended start, records the {@code invoke} and sends
 * the request asynchronously, never waiting for answers; completions are recorded from the HTTP callbacks.
 * Every random choice is made on the scheduler thread from one {@link SplittableRandom}. Every request carries
 * a W3C {@code traceparent} derived from the seed and the operation's index ({@link TraceParent}); its trace id is
 * recorded with the operation, so the report can join a failed request to the spans the stack kept of it.
 */
public final class Driver implements Runnable {
    private static final String COOKIE = "FIREDRILL_SESSION";

    private final WorkloadSpec spec;
    private final String base;
    private final HistoryRecorder recorder;
    private final SplittableRandom rnd;
    /** Set when the loop starts (its origin then is known); read on the scheduler thread only. */
    private RateSchedule schedule;
    /** The {@link System#nanoTime()} at which the steps' clock starts (the end of the warm-up). */
    private final long stepsOriginNanos;
    private final OpKind[] kinds;
    private final int[] cumulative;
    private final ItemBook items = new ItemBook();
    private final Tokens sessions = new Tokens();
    private final Tokens jobs = new Tokens();
    private final ConcurrentLinkedQueue<String> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger processes = new AtomicInteger();
    private final AtomicLong invoked = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong info = new AtomicLong();
    private final AtomicLong maxLag = new AtomicLong();
    private final AtomicLong ackedWrites = new AtomicLong();
    private volatile boolean stopped;
    /** Set once the run has ended: answers that arrive later are not judged (the final reads may have begun). */
    private volatile boolean closed;
    /** Appended to each job payload: {@code ,"workMs":N} when jobs take time, else empty. */
    private final String jobWork;
    /** The path of a slow operation: {@code /debug/sleep?ms=N}. */
    private final String slowPath;
    private final long seed;
    /** The traceparent of the operation being issued; written and read on the scheduler thread only. */
    private TraceParent trace;

    /** A driver whose steps count from when its loop starts. */
    public Driver(WorkloadSpec spec, URI baseUrl, HistoryRecorder recorder, long seed) {
        this(spec, baseUrl, recorder, seed, Long.MIN_VALUE);
    }

    /**
     * A driver whose steps count from {@code stepsOriginNanos} ({@link System#nanoTime()}; the end of the warm-up):
     * the loop starts its schedule when it runs, at the base rate, with each step moved by the time from then to
     * the steps' origin (none when that has passed).
     */
    public Driver(WorkloadSpec spec, URI baseUrl, HistoryRecorder recorder, long seed, long stepsOriginNanos) {
        this.spec = spec;
        this.stepsOriginNanos = stepsOriginNanos;
        String b = baseUrl.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.recorder = recorder;
        this.rnd = new SplittableRandom(seed);
        this.seed = seed;
        this.slowPath = "/debug/sleep?ms=" + spec.slowWork().toMillis();
        this.jobWork = spec.jobWork().isZero() ? "" : ",\"workMs\":" + spec.jobWork().toMillis();
        List<Map.Entry<OpKind, Integer>> m = spec.mix().entrySet().stream().filter(e -> e.getValue() > 0).toList();
        kinds = new OpKind[m.size()];
        cumulative = new int[m.size()];
        int sum = 0;
        for (int i = 0; i < m.size(); i++) {
            kinds[i] = m.get(i).getKey();
            sum += m.get(i).getValue();
            cumulative[i] = sum;
        }
        for (int i = 0; i < spec.clients(); i++) {
            idle.add(newProcess());
        }
    }

    private String newProcess() {
        return "c" + processes.getAndIncrement();
    }

    public void stop() {
        stopped = true;
    }

    /**
     * Ends the run for operations still in flight: an answer that arrives after this is recorded as {@code info}
     * (indeterminate), as an operation still open when a history ends is — the final state may already have
     * been read, so an acknowledgement now would be judged against a state it had no chance to reach.
     */
    public void close() {
        closed = true;
    }

    @Override
    public void run() {
        long origin = System.nanoTime();
        long untilSteps = stepsOriginNanos == Long.MIN_VALUE ? 0 : Math.max(0, stepsOriginNanos - origin);
        schedule = spec.schedule(java.time.Duration.ofNanos(untilSteps));
        long n = 0;
        while (!stopped) {
            long due = origin + schedule.intendedNanos(n);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, 20_000_000L));
                continue;
            }
            maxLag.accumulateAndGet(-wait, Math::max);
            recordLag(-wait);
            try {
                issue(n);
            } catch (RuntimeException e) {
                if (!stopped) {
                    throw e;
                }
            }
            n++;
        }
    }

    /** Smallest schedule lag worth an event: the harness is then no longer keeping the workload's time. */
    static final long LAG_EVENT_NANOS = 20_000_000L;
    private long lastLagEvent = Long.MIN_VALUE;

    /** A {@code schedule_lag_ms} event (at most one per 20 ms) when this operation starts that late. */
    private void recordLag(long lagNanos) {
        long now = System.nanoTime();
        if (lagNanos >= LAG_EVENT_NANOS && now - lastLagEvent >= LAG_EVENT_NANOS) {
            lastLagEvent = now;
            try {
                recorder.record(Event.sample("schedule_lag_ms", "workload", lagNanos / 1e6));
            } catch (RuntimeException e) {
                // the recorder is closed: the run is over
            }
        }
    }

    private OpKind pick() {
        int r = rnd.nextInt(cumulative[cumulative.length - 1]);
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return kinds[i];
            }
        }
        return kinds[kinds.length - 1];
    }

    private void issue(long n) {
        trace = TraceParent.of(seed, n);
        OpKind kind = pick();
        String proc = idle.poll();
        if (proc == null) {
            proc = newProcess();
        }
        switch (kind) {
            case WRITE -> write(proc, n);
            case READ, CONSISTENT_READ -> read(proc, kind, n);
            case LOGIN -> login(proc, n);
            case ME -> me(proc, n);
            case ENQUEUE -> enqueue(proc, n);
            case SLOW -> slow(proc);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(spec.requestTimeout())
                .header(TraceParent.HEADER, trace.header());
    }

    /** An invocation carrying the trace id its request sends. */
    private Event.Builder invoke(String proc, OpKind kind) {
        return Event.invoke(proc, kind.wire()).trace(trace.traceId());
    }

    private static HttpRequest.BodyPublisher json(String body) {
        return HttpRequest.BodyPublishers.ofString(body);
    }

    private void write(String proc, long n) {
        String value = proc + "-" + n;
        String body = "{\"value\":" + AppHttp.quote(value) + "}";
        long[] claim = items.size() >= spec.keys() ? items.claimForUpdate(rnd) : null;
        if (claim == null) {
            Event inv = recorder.record(invoke(proc, OpKind.WRITE).value(value));
            send(proc, OpKind.WRITE, inv, request("/items").header("Content-Type", "application/json")
                    .POST(json(body)).build(), -1);
        } else {
            long id = claim[0];
            String put = "{\"version\":" + claim[1] + ",\"value\":" + AppHttp.quote(value) + "}";
            Event inv = recorder.record(invoke(proc, OpKind.WRITE).key(Long.toString(id)).value(value));
            send(proc, OpKind.WRITE, inv, request("/items/" + id).header("Content-Type", "application/json")
                    .PUT(json(put)).build(), id);
        }
    }

    private void read(String proc, OpKind kind, long n) {
        long id = items.any(rnd);
        if (id < 0) {
            write(proc, n);
            return;
        }
        Event inv = recorder.record(invoke(proc, kind).key(Long.toString(id)));
        HttpRequest.Builder r = kind == OpKind.CONSISTENT_READ ? request("/items/" + id + "?consistent=true")
                : request("/items/" + id).header("Cache-Control", "no-cache");
        send(proc, kind, inv, r.GET().build(), -1);
    }

    private void login(String proc, long n) {
        Event inv = recorder.record(invoke(proc, OpKind.LOGIN).value("u" + n));
        send(proc, OpKind.LOGIN, inv, request("/login").header("Content-Type", "application/json")
                .POST(json("{\"user\":\"u" + n + "\"}")).build(), -1);
    }

    private void me(String proc, long n) {
        String session = sessions.any(rnd);
        if (session == null) {
            login(proc, n);
            return;
        }
        Event inv = recorder.record(invoke(proc, OpKind.ME).key(session));
        send(proc, OpKind.ME, inv, request("/me").header("Cookie", COOKIE + "=" + session).GET().build(), -1);
    }

    private void enqueue(String proc, long n) {
        Event inv = recorder.record(invoke(proc, OpKind.ENQUEUE).value(Long.toString(n)));
        send(proc, OpKind.ENQUEUE, inv, request("/jobs").header("Content-Type", "application/json")
                .POST(json("{\"payload\":{\"n\":" + n + jobWork + "}}")).build(), -1);
    }

    private void slow(String proc) {
        Event inv = recorder.record(invoke(proc, OpKind.SLOW).value(Long.toString(spec.slowWork().toMillis())));
        send(proc, OpKind.SLOW, inv, request(slowPath).GET().build(), -1);
    }

    private void send(String proc, OpKind kind, Event inv, HttpRequest req, long claimed) {
        invoked.incrementAndGet();
        AppHttp.CLIENT.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, err) -> {
            try {
                Event.Builder done = closed ? Event.completing(inv, EventType.INFO).status(resp == null ? null
                        : resp.statusCode()).error("answered after the run ended: not judged")
                        : resp != null ? answered(kind, inv, resp) : failed(kind, inv, err);
                Event e = recorder.record(done);
                count(e.type());
                if (claimed >= 0 && e.type() == EventType.INFO) {
                    items.touched(claimed);
                }
            } catch (RuntimeException e) {
                // the recorder is closed (run aborted): nothing left to record
            } finally {
                if (claimed >= 0) {
                    items.release(claimed);
                }
                idle.add(proc);
            }
        });
    }

    private void count(EventType t) {
        (t == EventType.OK ? ok : t == EventType.FAIL ? failed : info).incrementAndGet();
    }

    private Event.Builder failed(OpKind kind, Event inv, Throwable err) {
        return Event.completing(inv, Outcomes.ofError(kind, err)).error(Outcomes.describe(err));
    }

    private Event.Builder answered(OpKind kind, Event inv, HttpResponse<String> resp) {
        int status = resp.statusCode();
        String body = resp.body();
        boolean readMiss = status == 404 && (kind == OpKind.READ || kind == OpKind.CONSISTENT_READ);
        EventType type = readMiss ? EventType.OK : Outcomes.ofStatus(kind, status, body);
        Event.Builder b = Event.completing(inv, type).status(status)
                .instance(resp.headers().firstValue("X-Instance-Id").orElse(null))
                .pool(resp.headers().firstValue("X-Db-Pool").orElse(null));
        if (type != EventType.OK) {
            b.error(AppHttp.errorText(status, body) + (kind == OpKind.SLOW && status == 404
                    ? " (the reference app serves /debug/sleep only with DEBUG_ENDPOINTS=true in its env)" : ""));
            if (status == 409 && inv.key() != null) {
                learnVersion(inv.key(), body);
            }
            return b;
        }
        if (readMiss) {
            return b.error("not found");
        }
        JsonNode n = AppHttp.parse(body);
        switch (kind) {
            case WRITE, READ, CONSISTENT_READ -> {
                if (n != null && n.has("id")) {
                    long id = n.path("id").asLong();
                    long version = n.path("version").asLong();
                    b.key(Long.toString(id)).version(version).value(AppHttp.valueText(n.get("value")));
                    if (kind == OpKind.WRITE) {
                        ackedWrites.incrementAndGet();
                        items.acknowledged(id, version);
                    }
                }
            }
            case LOGIN -> resp.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(COOKIE + "="))
                    .map(c -> c.substring(COOKIE.length() + 1).split(";", 2)[0])
                    .findFirst().ifPresent(s -> {
                        b.key(s);
                        sessions.add(s);
                    });
            case ENQUEUE -> {
                if (n != null && n.has("id")) {
                    b.key(n.path("id").asText());
                    jobs.add(n.path("id").asText());
                }
            }
            case ME -> {
                if (n != null && n.has("user")) {
                    b.value(n.path("user").asText());
                }
            }
        }
        return b;
    }

    /** A 409 names the current version ("item 7 is at version 4, not 3"): use it for the next update. */
    private void learnVersion(String key, String body) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("at version (\\d+)").matcher(body == null ? "" : body);
        if (m.find()) {
            items.acknowledged(Long.parseLong(key), Long.parseLong(m.group(1)));
        }
    }

    public WorkloadStats stats() {
        long inv = invoked.get();
        long o = ok.get();
        long f = failed.get();
        long i = info.get();
        return new WorkloadStats(inv, o, f, i, inv - o - f - i, processes.get(), maxLag.get());
    }

    /** Writes answered ok so far. */
    public long acknowledgedWrites() {
        return ackedWrites.get();
    }

    /** Ids of every item a write may have reached. */
    public List<Long> itemIds() {
        return items.touchedIds();
    }

    /** Ids of acknowledged jobs. */
    public List<String> jobIds() {
        return jobs.all();
    }
}
