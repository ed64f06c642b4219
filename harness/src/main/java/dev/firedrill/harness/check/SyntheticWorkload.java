package dev.firedrill.harness.check;

import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.fault.FaultPhase;
import dev.firedrill.harness.history.History;
import dev.firedrill.harness.history.HistoryRecorder;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A seeded, open-model synthetic history of {@code n} operations, one every millisecond, spread over writes,
 * reads, consistent reads, logins, me, enqueues and job_status. During the given fault window half the operations
 * fail with 503 (plus a few timeouts); otherwise everything is correct, so all standard checkers pass. For
 * benchmarking checkers (perf's CheckerThroughputBenchmark) and testing your own on a realistic history.
 */
public final class SyntheticWorkload {
    /** The history with the final state and job outcomes the standard checkers need. */
    public record Result(History history, Map<String, FinalValue> finalState, Map<String, JobOutcome> jobs) {
        /** Everything as checker input, job bound 30 s. */
        public CheckInput input() {
            return CheckInput.of(history).withFinalState(finalState)
                    .withJobs(jobs, java.time.Duration.ofSeconds(30));
        }
    }

    private record Pending(long at, long seq, Event.Builder draft, int key, long version, boolean write) {
    }

    private SyntheticWorkload() {
    }

    /** {@code n} operations from seed {@code seed}, one fault window from {@code faultFromMs} to {@code faultToMs}. */
    public static Result generate(int n, long seed, double faultFromMs, double faultToMs) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int keys = 10_000;
        long[] acked = new long[keys];
        long[] next = new long[keys];
        String[] keyNames = new String[keys];
        for (int k = 0; k < keys; k++) {
            keyNames[k] = "k" + k;
        }
        String[] procs = new String[200];
        for (int p = 0; p < procs.length; p++) {
            procs[p] = "c" + p;
        }
        Map<String, JobOutcome> jobs = new HashMap<>();
        PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
                : Long.compare(a.seq, b.seq));
        long[] now = {0};
        long faultFrom = Math.round(faultFromMs * 1_000_000);
        long faultTo = Math.round(faultToMs * 1_000_000);
        boolean faultDone = false, faultStarted = false;
        try (HistoryRecorder rec = HistoryRecorder.inMemory(() -> now[0])) {
            for (int i = 0; i < n; i++) {
                long t = i * 1_000_000L;
                while (!pending.isEmpty() && pending.peek().at <= t) {
                    Pending p = pending.poll();
                    now[0] = p.at;
                    rec.record(p.draft);
                    if (p.write) {
                        acked[p.key] = Math.max(acked[p.key], p.version);
                    }
                }
                now[0] = t;
                if (!faultStarted && t >= faultFrom) {
                    rec.record(Event.nemesis("kill", FaultPhase.REQUESTED, "db-primary", "f1"));
                    faultStarted = true;
                }
                if (!faultDone && t >= faultTo) {
                    rec.record(Event.nemesis("kill", FaultPhase.HEALED, "db-primary", "f1"));
                    faultDone = true;
                }
                if (i % 1000 == 0) {
                    rec.record(Event.sample("replica_lag_seconds", "db-replica", rnd.nextDouble() * 0.1));
                }
                String proc = procs[i % procs.length];
                int k = rnd.nextInt(keys);
                int dice = rnd.nextInt(100);
                String f;
                String key;
                if (dice < 30) {
                    f = "write";
                    key = keyNames[k];
                } else if (dice < 70) {
                    f = "read";
                    key = keyNames[k];
                } else if (dice < 80) {
                    f = "consistent_read";
                    key = keyNames[k];
                } else if (dice < 85) {
                    f = "login";
                    key = "s" + (i % 500);
                } else if (dice < 90) {
                    f = "me";
                    key = "s" + (i % 500);
                } else if (dice < 95) {
                    f = "enqueue";
                    key = "job-" + i;
                } else {
                    f = "job_status";
                    key = "job-" + (i - 100);
                }
                rec.record(Event.invoke(proc, f).key(key));
                long dur = 1_000_000L + rnd.nextLong(19_000_000L);
                boolean inFault = t >= faultFrom && t < faultTo;
                EventType outcome = inFault && rnd.nextInt(2) == 0
                        ? (rnd.nextInt(10) == 0 ? EventType.INFO : EventType.FAIL) : EventType.OK;
                Event.Builder done = Event.completion(outcome, proc, f).key(key)
                        .pool(f.equals("read") ? "replica" : "primary").instance("app-" + (i % 3))
                        .status(outcome == EventType.OK ? Integer.valueOf(200)
                                : outcome == EventType.FAIL ? Integer.valueOf(503) : null);
                long version = 0;
                boolean write = false;
                if (f.equals("write")) {
                    version = ++next[k];
                    done.version(version);
                    write = outcome == EventType.OK;
                } else if (f.endsWith("read") && outcome == EventType.OK) {
                    done.version(acked[k] == 0 ? null : acked[k]);
                } else if (f.equals("enqueue") && outcome == EventType.OK) {
                    jobs.put(key, JobOutcome.processed(1, 1, false));
                }
                pending.add(new Pending(t + dur, i, done, k, version, write));
            }
            while (!pending.isEmpty()) {
                Pending p = pending.poll();
                now[0] = p.at;
                rec.record(p.draft);
                if (p.write) {
                    acked[p.key] = Math.max(acked[p.key], p.version);
                }
            }
            if (!faultDone) {
                rec.record(Event.nemesis("kill", FaultPhase.HEALED, "db-primary", "f1"));
            }
            Map<String, FinalValue> fin = new HashMap<>();
            for (int k = 0; k < keys; k++) {
                if (acked[k] > 0) {
                    fin.put(keyNames[k], new FinalValue(acked[k], null));
                }
            }
            return new Result(rec.history(), fin, jobs);
        }
    }
}
