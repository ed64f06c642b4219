package dev.firedrill.harness.history;

import dev.firedrill.harness.fault.FaultPhase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.FiredrillException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryRecorderTest {
    @TempDir
    Path dir;

    @Test
    void jsonlRoundTripKeepsEveryField() {
        Path file = dir.resolve("history.jsonl");
        AtomicLong clock = new AtomicLong(5_000);
        List<Event> recorded = new ArrayList<>();
        try (HistoryRecorder rec = HistoryRecorder.streamingTo(file, clock::get)) {
            Event inv = rec.record(Event.invoke("c1", "write").key("k1").value("v \"quoted\"\n")
                    .trace("0af7651916cd43dd8448eb211c80319c"));
            recorded.add(inv);
            clock.addAndGet(1_500_000);
            recorded.add(rec.record(Event.completing(inv, EventType.OK).version(7L).instance("i-1")
                    .pool("primary").status(200)));
            recorded.add(rec.record(Event.nemesis("kill", FaultPhase.REQUESTED, "db-primary", "f1")));
            recorded.add(rec.record(Event.completion(EventType.FAIL, "c2", "read").status(503)
                    .error("connection reset")));
            recorded.add(rec.record(Event.sample("replica_lag_seconds", "db-replica", 0.25)));
        }

        History h = History.read(file);

        assertThat(h.events()).containsExactlyElementsOf(recorded);
        assertThat(h.get(0).nanos()).as("times are relative to the recorder's creation").isZero();
        assertThat(h.get(1).nanos()).isEqualTo(1_500_000);
        assertThat(h.get(4).number()).isEqualTo(0.25);
        assertThat(h.get(1).trace()).as("the completion carries its invocation's trace id")
                .isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(h.get(2).trace()).isNull();
    }

    @Test
    void traceIdsSurviveTheColumnsPastTheFirstGrowth() {
        History h;
        try (HistoryRecorder rec = HistoryRecorder.inMemory(() -> 0L)) {
            for (int i = 0; i < 3_000; i++) {
                Event.Builder b = Event.invoke("c" + i, "read");
                if (i >= 1_500) {
                    b.trace(String.format("%016x%016x", i, 1L << 63 | i));
                }
                rec.record(b);
            }
            h = rec.history();
        }
        assertThat(h.get(1_499).trace()).as("events before the first traced one have none").isNull();
        assertThat(h.get(2_999).trace()).isEqualTo(String.format("%016x%016x", 2_999, 1L << 63 | 2_999));
    }

    @Test
    void aMalformedTraceIdIsRefusedWithTheRule() {
        assertThatThrownBy(() -> Event.invoke("c1", "read").trace("XYZ").build(0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 lowercase hex digits");
        assertThatThrownBy(() -> Event.invoke("c1", "read").trace("0".repeat(32)).build(0, 0))
                .hasMessageContaining("not all zero");
    }

    @Test
    void eventsReachTheFileBeforeClose() throws Exception {
        Path file = dir.resolve("history.jsonl");
        try (HistoryRecorder rec = HistoryRecorder.streamingTo(file, System::nanoTime)) {
            rec.record(Event.invoke("c1", "read").key("a"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (Files.size(file) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.readAllLines(file)).as("the periodic flush writes without close").hasSize(1);
        }
    }

    @Test
    void aTruncatedLastLineFromACrashIsSkipped() throws Exception {
        Path file = dir.resolve("history.jsonl");
        try (HistoryRecorder rec = HistoryRecorder.streamingTo(file, () -> 0)) {
            rec.record(Event.invoke("c1", "read").key("a"));
        }
        Files.writeString(file, "{\"index\":1,\"type\":\"ok\",\"pro", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);

        assertThat(History.read(file).size()).isEqualTo(1);
    }

    @Test
    void aMalformedLineInTheMiddleNamesItsLineNumber() throws Exception {
        Path file = dir.resolve("history.jsonl");
        Files.writeString(file, "{\"index\":0,\"type\":\"invoke\",\"process\":\"c\",\"f\":\"read\",\"nanos\":1}\n"
                + "garbage\n{\"index\":1,\"type\":\"ok\",\"process\":\"c\",\"f\":\"read\",\"nanos\":2}\n");

        assertThatThrownBy(() -> History.read(file)).isInstanceOf(FiredrillException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void concurrentRecordersGetUniqueConsecutiveIndexesInTimeOrder() throws Exception {
        AtomicLong clock = new AtomicLong();
        try (HistoryRecorder rec = HistoryRecorder.inMemory(clock::incrementAndGet)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String p = "c" + t;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        Event inv = rec.record(Event.invoke(p, "write").key("k" + i));
                        rec.record(Event.completing(inv, EventType.OK));
                    }
                });
                th.start();
                threads.add(th);
            }
            for (Thread t : threads) {
                t.join();
            }
            History h = rec.history();
            assertThat(h.size()).isEqualTo(40_000);
            for (int i = 1; i < h.size(); i++) {
                assertThat(h.get(i).index()).isEqualTo(i);
                assertThat(h.get(i).nanos()).isGreaterThan(h.get(i - 1).nanos());
            }
            assertThat(h.operations().size()).isEqualTo(20_000);
            for (int op = 0; op < 20_000; op++) {
                assertThat(h.operations().isOk(op)).isTrue();
            }
        }
    }

    @Test
    void pairsEachInvocationWithItsProcessesCompletion() {
        long[] now = {0};
        try (HistoryRecorder rec = HistoryRecorder.inMemory(() -> now[0]++)) {
            Event a = rec.record(Event.invoke("c1", "write").key("x"));
            Event b = rec.record(Event.invoke("c2", "read").key("x"));
            rec.record(Event.nemesis("pause", FaultPhase.REQUESTED, "redis", "f1"));
            rec.record(Event.completing(b, EventType.OK).version(3L).pool("replica"));
            rec.record(Event.completing(a, EventType.FAIL).status(503));
            rec.record(Event.invoke("c3", "read").key("y"));
            Operations ops = rec.history().operations();

            assertThat(ops.size()).isEqualTo(3);
            assertThat(ops.completionIndex(0)).isEqualTo(4);
            assertThat(ops.completionIndex(1)).isEqualTo(3);
            assertThat(ops.isFail(0)).isTrue();
            assertThat(ops.status(0)).isEqualTo(503);
            assertThat(ops.symbol(ops.pool(1))).isEqualTo("replica");
            assertThat(ops.version(1)).isEqualTo(3L);
            assertThat(ops.completeNanos(2)).as("never completed").isEqualTo(-1);
            assertThat(ops.isInfo(2)).as("an unfinished operation is indeterminate").isTrue();
        }
    }

    @Test
    void faultWindowsSpanRequestToHeal() {
        long[] now = {0};
        try (HistoryRecorder rec = HistoryRecorder.inMemory(() -> now[0])) {
            now[0] = 100;
            rec.record(Event.nemesis("kill", FaultPhase.REQUESTED, "db-primary", "f1"));
            now[0] = 150;
            rec.record(Event.nemesis("kill", FaultPhase.EFFECTIVE, "db-primary", "f1"));
            now[0] = 900;
            rec.record(Event.nemesis("kill", FaultPhase.HEALED, "db-primary", "f1"));
            now[0] = 1000;
            rec.record(Event.nemesis("latency", FaultPhase.REQUESTED, "redis", "f2"));
            now[0] = 1200;
            rec.record(Event.sample("queue_depth", "jobs", 3));

            assertThat(rec.history().faults()).containsExactly(
                    new FaultWindow("f1", "kill", "db-primary", 100, 150, 900, true),
                    new FaultWindow("f2", "latency", "redis", 1000, -1, 1200, false));
        }
    }
}
