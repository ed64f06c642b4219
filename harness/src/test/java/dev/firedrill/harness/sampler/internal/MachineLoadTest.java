package dev.firedrill.harness.sampler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.firedrill.harness.history.HistoryRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MachineLoadTest {

    @Test
    void cpuUsedByAChildOfTheHarnessCountsAsItsOwnEvenAfterTheChildExited() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs Linux /proc");
        MachineLoad m = new MachineLoad();
        long before = m.treeTicks();
        Process p = new ProcessBuilder("timeout", "0.5", "sh", "-c", "while :; do :; done").start();
        p.waitFor();
        long after = m.treeTicks();
        assertThat(after - before).as("the busy child's ticks, reaped into ours (10 ms each)").isGreaterThan(3);
    }

    @Test
    void everyReadingIsRecordedAsASampleOfTheMachine() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "needs Linux /proc");
        try (HistoryRecorder rec = HistoryRecorder.inMemory(System::nanoTime)) {
            MachineLoad m = new MachineLoad();
            m.sample(rec);
            Thread.sleep(200);
            m.sample(rec);
            var h = rec.history();
            assertThat(h.samples("load_1m")).hasSize(2);
            assertThat(h.samples("cpu_steal_pct")).hasSize(1);
            assertThat(h.samples("cpu_foreign_pct")).singleElement()
                    .satisfies(e -> assertThat(e.number()).isBetween(0.0, 100.0));
            if (Files.isReadable(Path.of("/proc/pressure/cpu"))) {
                assertThat(h.samples("cpu_pressure_pct")).singleElement()
                        .satisfies(e -> assertThat(e.number()).isBetween(0.0, 100.0));
            }
        }
    }
}
