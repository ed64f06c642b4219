package dev.firedrill.harness.scenario;

import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.History;
import dev.firedrill.harness.history.Operations;
import dev.firedrill.harness.report.SloVerdict;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SLOs of the fleet: deployments, the Auto Scaling group's replacing and scaling. All are read off the history's
 * fleet events ({@link History#fleetEvents()}) and operations; bounds named AWS-equivalent are divided by nothing and
 * compared with the rehearsed time ÷ timeScale.
 *
 * <pre>{@code
 * Scenario.named("rolling").deploy(Duration.ofSeconds(1), DeploySpec.of(DeployStrategy.ROLLING, "v2"))
 *         .slo(FleetSlos.noFailedRequests()).slo(FleetSlos.deploymentsReleased()).build();
 * }</pre>
 */
public final class FleetSlos {
    private FleetSlos() {
    }

    /** Every operation succeeded or was served (a 4xx answer): none failed, none is indeterminate (a timeout). */
    public static Slo noFailedRequests() {
        String name = "no failed requests";
        return Slos.of(name, "0 failed or timed out", in -> {
            Operations ops = in.history().operations();
            int failed = 0;
            int unknown = 0;
            Map<String, Integer> why = new HashMap<>();
            for (int op = 0; op < ops.size(); op++) {
                if (ops.isServed(op)) {
                    continue;
                }
                if (ops.isInfo(op)) {
                    unknown++;
                } else {
                    failed++;
                }
                String w = ops.status(op) > 0 ? Integer.toString(ops.status(op)) : ops.isInfo(op) ? "timeout"
                        : "no answer";
                why.merge(w, 1, Integer::sum);
            }
            int bad = failed + unknown;
            String measured = bad + " of " + ops.size();
            return new SloVerdict(name, "0 failed or timed out", measured, bad == 0, bad == 0 ? ""
                    : bad + " of " + ops.size() + " operations failed or timed out " + why);
        });
    }

    /** Every deployment of the run ended released (and at least one ran). */
    public static Slo deploymentsReleased() {
        String name = "deployments released";
        return Slos.of(name, "every deployment released", in -> {
            List<Event> ends = ofAction(in.history(), "deploy-end");
            if (ends.isEmpty()) {
                return new SloVerdict(name, "every deployment released", "none ended", false,
                        "no deployment ended during the run");
            }
            List<Event> back = ends.stream().filter(e -> !e.value().startsWith("released")).toList();
            return new SloVerdict(name, "every deployment released", (ends.size() - back.size()) + " of "
                    + ends.size() + " released", back.isEmpty(), back.isEmpty() ? "" : back.get(0).value());
        });
    }

    /**
     * A deployment of {@code release} was rolled back within {@code awsWithin} (AWS-equivalent) of the release first
     * answering a request (of the deployment's start when it never did), and at most {@code maxShare} of all
     * operations were answered by instances of that release.
     */
    public static Slo rolledBackWithinAwsEquivalent(String release, Duration awsWithin, double maxShare) {
        String name = "rollback of " + release;
        String expected = String.format(Locale.ROOT, "rolled back ≤ %d s AWS-equivalent, ≤ %.1f %% served by it",
                awsWithin.toSeconds(), maxShare * 100);
        return Slos.of(name, expected, in -> {
            History h = in.history();
            Event start = ofAction(h, "deploy-start").stream().filter(e -> release.equals(e.key())).findFirst()
                    .orElse(null);
            if (start == null) {
                return new SloVerdict(name, expected, "no deployment", false, "no deployment of " + release + " ran");
            }
            Event end = ofAction(h, "deploy-end").stream().filter(e -> e.nanos() >= start.nanos()
                    && release.equals(e.key())).findFirst().orElse(null);
            double share = servedShare(h, release);
            String shareText = String.format(Locale.ROOT, "%.1f %% served by %s", share * 100, release);
            if (end == null || !end.value().startsWith("rolled back")) {
                return new SloVerdict(name, expected, (end == null ? "not ended" : "released") + ", " + shareText,
                        false, release + " was " + (end == null ? "still deploying at the end of the run"
                        : "released: nothing judged it bad") + "; " + shareText);
            }
            // from when the release first answered a request (its launch is not what the bound is about), else
            // from the deployment's start
            long from = firstServed(h, release, start.nanos());
            String since = from == start.nanos() ? "the deployment's start" : "it first answered a request";
            double awsS = (end.nanos() - from) / 1e9 / in.timeScale();
            String measured = String.format(Locale.ROOT, "%.0f s AWS-equivalent (%.1f s) after %s, %s", awsS,
                    (end.nanos() - from) / 1e9, since, shareText);
            boolean inTime = awsS <= awsWithin.toSeconds();
            boolean small = share <= maxShare;
            String why = (inTime ? "" : String.format(Locale.ROOT, "the rollback ended %.0f s AWS-equivalent after "
                    + "%s, %.0f s over the bound; ", awsS, since, awsS - awsWithin.toSeconds()))
                    + (small ? "" : String.format(Locale.ROOT, "%s answered %.1f %% of operations, %.1f points over "
                    + "%.1f %%", release, share * 100, (share - maxShare) * 100, maxShare * 100));
            return new SloVerdict(name, expected, measured, inTime && small, why);
        });
    }

    /**
     * After each instance the group judged unhealthy, the instances in service are back at the desired capacity
     * within {@code awsWithin} (AWS-equivalent).
     */
    public static Slo capacityRestoredWithinAwsEquivalent(Duration awsWithin) {
        String name = "capacity restored";
        String expected = "≤ " + awsWithin.toSeconds() + " s AWS-equivalent after an unhealthy instance";
        return Slos.of(name, expected, in -> {
            List<Event> fleet = in.history().fleetEvents();
            List<Event> lost = fleet.stream().filter(e -> "unhealthy".equals(e.f())).toList();
            if (lost.isEmpty()) {
                return new SloVerdict(name, expected, "no instance lost", false, "the group judged no instance "
                        + "unhealthy: nothing was replaced (was the fault injected? is the fleet an Auto Scaling "
                        + "group with fleet.autoScaling?)");
            }
            double worst = 0;
            for (Event l : lost) {
                Event back = fleet.stream().filter(e -> e.nanos() > l.nanos() && "healthy".equals(e.f())
                        && e.version() != null && e.status() != null && e.version() >= e.status()).findFirst()
                        .orElse(null);
                if (back == null) {
                    return new SloVerdict(name, expected, "not restored", false, "after " + l.target()
                            + " was judged unhealthy the group never had its desired capacity in service again");
                }
                worst = Math.max(worst, (back.nanos() - l.nanos()) / 1e9);
            }
            double aws = worst / in.timeScale();
            String measured = String.format(Locale.ROOT, "%.0f s AWS-equivalent (%.1f s)", aws, worst);
            return new SloVerdict(name, expected, measured, aws <= awsWithin.toSeconds(), String.format(Locale.ROOT,
                    "capacity came back %.0f s AWS-equivalent after the loss, %.0f s over the bound", aws,
                    aws - awsWithin.toSeconds()));
        });
    }

    /**
     * After the workload's rate first rises (its {@code workload_rate} sample), at least {@code instances} are in
     * service within {@code awsWithin} (AWS-equivalent).
     */
    public static Slo scaledOutWithinAwsEquivalent(int instances, Duration awsWithin) {
        String name = "scale-out to " + instances;
        String expected = "≤ " + awsWithin.toSeconds() + " s AWS-equivalent after the load step";
        return Slos.of(name, expected, in -> {
            List<Event> rates = in.history().samples("workload_rate");
            Event step = null;
            for (int i = 1; i < rates.size(); i++) {
                if (rates.get(i).number() > rates.get(i - 1).number()) {
                    step = rates.get(i);
                    break;
                }
            }
            if (step == null) {
                return new SloVerdict(name, expected, "no load step", false, "the workload's rate never rose; give "
                        + "the workload steps, e.g. steps: [{at: 3s, rate: 300}]");
            }
            long from = step.nanos();
            Event reached = in.history().fleetEvents().stream().filter(e -> e.nanos() >= from && e.version() != null
                    && e.version() >= instances).findFirst().orElse(null);
            if (reached == null) {
                var after = in.history().fleetEvents().stream().filter(e -> e.nanos() >= from && e.version() != null)
                        .toList();
                if (after.isEmpty()) {
                    return new SloVerdict(name, expected, "no scaling", false, "the group never had " + instances
                            + " instances in service after the load step: it launched nothing (no fleet event after "
                            + "the step; is max capacity reached, or is there no scaling policy?)");
                }
                int most = after.stream().mapToInt(e -> e.version().intValue()).max().orElse(0);
                return new SloVerdict(name, expected, "at most " + most + " in service", false, "the group never "
                        + "had " + instances + " instances in service after the load step (at most " + most + ")");
            }
            double s = (reached.nanos() - from) / 1e9;
            double aws = s / in.timeScale();
            return new SloVerdict(name, expected, String.format(Locale.ROOT, "%.0f s AWS-equivalent (%.1f s)", aws,
                    s), aws <= awsWithin.toSeconds(), String.format(Locale.ROOT, "%d in service %.0f s "
                    + "AWS-equivalent after the load step, %.0f s over the bound", instances, aws,
                    aws - awsWithin.toSeconds()));
        });
    }

    private static List<Event> ofAction(History h, String action) {
        return h.fleetEvents().stream().filter(e -> action.equals(e.f())).toList();
    }

    /** When an instance of {@code release} first answered an operation invoked after {@code after}, else {@code after}. */
    static long firstServed(History h, String release, long after) {
        Set<String> of = instancesOf(h, release);
        Operations ops = h.operations();
        long first = Long.MAX_VALUE;
        for (int op = 0; op < ops.size(); op++) {
            String inst = ops.symbol(ops.instance(op));
            if (inst != null && of.contains(inst) && ops.invokeNanos(op) >= after) {
                first = Math.min(first, ops.invokeNanos(op));
            }
        }
        return first == Long.MAX_VALUE ? after : first;
    }

    private static Set<String> instancesOf(History h, String release) {
        Set<String> of = new HashSet<>();
        for (Event e : ofAction(h, "launch")) {
            if (release.equals(e.key())) {
                of.add(e.target());
            }
        }
        return of;
    }

    /** The share of operations answered by an instance that ran {@code release} (from the launch events). */
    static double servedShare(History h, String release) {
        Set<String> of = instancesOf(h, release);
        Operations ops = h.operations();
        if (ops.size() == 0) {
            return 0;
        }
        int n = 0;
        for (int op = 0; op < ops.size(); op++) {
            String inst = ops.symbol(ops.instance(op));
            if (inst != null && of.contains(inst)) {
                n++;
            }
        }
        return (double) n / ops.size();
    }
}
