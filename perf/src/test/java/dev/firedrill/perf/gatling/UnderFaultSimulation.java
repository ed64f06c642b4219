package dev.firedrill.perf.gatling;

import static io.gatling.javaapi.core.CoreDsl.global;

import dev.firedrill.perf.gatling.internal.FaultDriver;
import dev.firedrill.perf.gatling.internal.FaultPlan;
import dev.firedrill.perf.gatling.internal.ItemsLoad;
import dev.firedrill.perf.gatling.internal.LinkedReport;
import dev.firedrill.perf.gatling.internal.LoadSettings;
import dev.firedrill.perf.gatling.internal.TargetStack;
import io.gatling.javaapi.core.Simulation;

/**
 * The {@link BaselineSimulation} load with a fault injected mid-run and healed after: by default 300 ms added to
 * every app → database round trip from a third of the run for a third of it. Other faults:
 * {@code -Dfault.kind=kill -Dfault.target=app-1} (kill -9 one instance; the heal starts a replacement),
 * {@code -Dfault.options=latency=300ms,jitter=50ms}, {@code -Dfault.at=10 -Dfault.for=10} (seconds).
 *
 * <pre>
 * mvn -pl perf gatling:test -Dgatling.simulationClass=dev.firedrill.perf.gatling.UnderFaultSimulation \
 *     -Dload.rate=100 -Dload.duration=30 -Dfiredrill.app.jar=$PWD/app-under-test/target/firedrill-app-under-test.jar
 * </pre>
 *
 * After the run, {@code target/firedrill/gatling-underfault/<ts>/index.html} shows the fault window and the
 * samplers' readings (target health, replica lag) and links to Gatling's report. Assertions: global p99 below
 * {@code load.p99Ms} (default 2000 ms), failed requests below {@code load.failedPct} (default 5 %).
 */
public class UnderFaultSimulation extends Simulation {
    private final LoadSettings settings = LoadSettings.fromSystemProperties(2000, 5.0);
    private final FaultPlan plan = FaultPlan.fromSystemProperties(settings.duration());
    private volatile TargetStack stack;
    private volatile FaultDriver faults;
    private final ItemsLoad load = new ItemsLoad(() -> stack.alb());

    {
        setUp(load.population("under-fault", settings))
                .protocols(ItemsLoad.protocol())
                .assertions(global().responseTime().percentile(99.0).lt((int) settings.p99Ms()),
                        global().failedRequests().percent().lt(settings.failedPct()));
    }

    @Override
    public void before() {
        stack = TargetStack.open(settings);
        load.seed(settings.seedItems());
        System.out.println("firedrill: under-fault load on " + stack.alb() + "; fault " + plan);
        faults = FaultDriver.schedule(stack, plan);
    }

    @Override
    public void after() {
        if (stack == null) {
            return; // before() failed: nothing was started
        }
        try {
            if (faults != null) {
                faults.close();
            }
            String summary = faults == null ? null : faults.summary();
            System.out.println("firedrill fault: " + summary);
            System.out.println("firedrill report: " + LinkedReport.write(getClass(), Long.getLong("load.seed", 1),
                    settings, stack, summary));
        } finally {
            stack.close();
        }
    }
}
