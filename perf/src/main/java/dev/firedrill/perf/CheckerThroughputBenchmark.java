package dev.firedrill.perf;

import dev.firedrill.harness.check.CheckInput;
import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.Checker;
import dev.firedrill.harness.check.StandardCheckers;
import dev.firedrill.harness.check.SyntheticWorkload;
import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.History;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every standard checker on a synthetic history of {@code operations} operations (about 2 events each, one
 * fault, the same generator as the harness CheckerBench). One invocation = pair invoke/completion events
 * into operations from a fresh {@link History} + run all checkers, as a report does (SingleShotTime, ms).
 * Goal: ≤ 5 s for 1,000,000 operations on 2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class CheckerThroughputBenchmark {
    @Param("1000000")
    public int operations;

    private List<Event> events;
    private SyntheticWorkload.Result run;

    @Setup(Level.Trial)
    public void generate() {
        run = SyntheticWorkload.generate(operations, 1, operations * 0.4, operations * 0.45);
        events = run.history().events();
    }

    @Benchmark
    public List<CheckResult> allStandardCheckers() {
        History fresh = History.of(events);
        CheckInput in = new CheckInput(fresh, run.finalState(), run.jobs(), Duration.ofSeconds(30));
        List<CheckResult> results = Checker.runAll(StandardCheckers.all(), in);
        for (CheckResult r : results) {
            if (r.error() != null) {
                throw new IllegalStateException("checker '" + r.name() + "' crashed: " + r.error());
            }
        }
        return results;
    }
}
