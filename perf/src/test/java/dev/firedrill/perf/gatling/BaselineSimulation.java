package dev.firedrill.perf.gatling;

import static io.gatling.javaapi.core.CoreDsl.global;

import dev.firedrill.perf.gatling.internal.ItemsLoad;
import dev.firedrill.perf.gatling.internal.LinkedReport;
import dev.firedrill.perf.gatling.internal.LoadSettings;
import dev.firedrill.perf.gatling.internal.TargetStack;
import io.gatling.javaapi.core.Simulation;

/**
 * Steady load on the ALB with nothing broken: the reference for {@link UnderFaultSimulation}. Boots the default
 * topology (3 reference-app instances, PostgreSQL primary + replica, Redis, SQS, timeScale 0.05) in
 * {@code before()} unless {@code -Dfiredrill.alb} names a running one, and closes it in {@code after()}.
 *
 * <pre>
 * mvn -pl perf gatling:test -Dgatling.simulationClass=dev.firedrill.perf.gatling.BaselineSimulation \
 *     -Dload.rate=100 -Dload.duration=30 -Dfiredrill.app.jar=$PWD/app-under-test/target/firedrill-app-under-test.jar
 * </pre>
 *
 * Assertions: global p99 below {@code load.p99Ms} (default 500 ms), failed requests below {@code load.failedPct}
 * (default 1 %).
 */
public class BaselineSimulation extends Simulation {
    private final LoadSettings settings = LoadSettings.fromSystemProperties(500, 1.0);
    private volatile TargetStack stack;
    private final ItemsLoad load = new ItemsLoad(() -> stack.alb());

    {
        setUp(load.population("baseline", settings))
                .protocols(ItemsLoad.protocol())
                .assertions(global().responseTime().percentile(99.0).lt((int) settings.p99Ms()),
                        global().failedRequests().percent().lt(settings.failedPct()));
    }

    @Override
    public void before() {
        stack = TargetStack.open(settings);
        load.seed(settings.seedItems());
        System.out.println("firedrill: baseline load on " + stack.alb());
    }

    @Override
    public void after() {
        if (stack == null) {
            return; // before() failed: nothing was started
        }
        try {
            System.out.println("firedrill report: " + LinkedReport.write(getClass(), Long.getLong("load.seed", 1),
                    settings, stack, null));
        } finally {
            stack.close();
        }
    }
}
