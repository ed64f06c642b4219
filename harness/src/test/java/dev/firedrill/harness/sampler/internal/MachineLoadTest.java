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
    void aChildThatExitsBetweenReadingsIsNotCountedTwice() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs Linux /proc");
        MachineLoad m = new MachineLoad();
        long self = ProcessHandle.current().pid();
        long[] start = MachineLoad.ticks(self);
        long t0 = m.treeTicks();
        Process p = new ProcessBuilder("timeout", "1", "sh", "-c", "while :; do :; done").start();
        Thread.sleep(800);
        m.treeTicks(); // the child is counted while it runs...
        p.waitFor();
        long total = m.treeTicks() - t0; // ...and must not be counted again once reaped
        long[] end = MachineLoad.ticks(self);
        long child = end[1] - start[1]; // its whole lifetime, reaped into this JVM's children's ticks
        long jvm = end[0] - start[0];
        assertThat(child).as("the child ran").isGreaterThan(3);
        assertThat(total).as("JVM %d + child %d ticks, counted once", jvm, child).isBetween(jvm + child - 3,
                jvm + child + 3);
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
