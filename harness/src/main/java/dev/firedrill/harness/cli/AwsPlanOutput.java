package dev.firedrill.harness.cli;

import dev.firedrill.harness.backend.aws.AwsCost;
import dev.firedrill.harness.backend.aws.FisExperiments;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** How {@code aws plan} prints the cost table and the fault mapping. */
final class AwsPlanOutput {
    private AwsPlanOutput() {
    }

    static void cost(PrintWriter o, AwsCost c) {
        o.printf("Cost (%s; prices taken %s):%n", c.prices().source(), c.prices().taken());
        o.printf("  %-58s %6s  %-28s %9s%n", "item", "qty", "unit price", "$/hour");
        for (AwsCost.Item i : c.items()) {
            String qty = i.quantity() == Math.rint(i.quantity()) ? String.valueOf((long) i.quantity())
                    : String.valueOf(i.quantity());
            o.printf("  %-58s %6s  %-28s %9s%s%n", i.name(), qty, "$" + trim(i.unitUsd()) + "/" + i.unit(),
                    usd(i.perHour(), 4), i.note() == null ? "" : "  (" + i.note() + ")");
        }
        o.printf("  %-95s %9s%n", "per hour", usd(c.perHour(), 4));
        o.printf("  %-95s %9s%n", "per month if forgotten (" + c.prices().hoursPerMonth() + " h)",
                usd(c.perMonth(), 2));
        AwsCost.Rehearsal r = c.rehearsal();
        o.printf("  rehearsal: %s of stack (%d min setup + %d min run + %d min teardown) %s + FIS %d action-minute(s) "
                        + "%s = %s%n", hours(r.total()), r.setup().toMinutes(), r.run().toMinutes(),
                r.teardown().toMinutes(), usd(r.stackUsd(), 2), r.fisActionMinutes(), usd(r.fisUsd(), 2),
                usd(r.usd(), 2));
        r.assumptions().forEach(a -> o.println("    assumed: " + a));
    }

    static void faults(PrintWriter o, List<FisExperiments.Mapping> plan, boolean alarm) {
        List<FisExperiments.Experiment> experiments = of(plan, FisExperiments.Experiment.class);
        o.printf("FIS experiments (%d)%s:%n", experiments.size(), experiments.isEmpty() ? "" : alarm
                ? ", each stopping on alarm AlbAlarm5xx and failing if a target resolves to nothing"
                : ", each failing if a target resolves to nothing (no load balancer: no stop condition)");
        for (FisExperiments.Experiment e : experiments) {
            o.printf("  %s  %s%n", e.logicalId(), e.describe());
            for (FisExperiments.Action a : e.actions()) {
                o.printf("      %-22s %-50s billed %d min%n", a.name(), a.actionId(), a.billed().toMinutes());
            }
            e.notes().forEach(n -> o.println("      - " + n));
        }
        List<FisExperiments.ThroughSdk> sdk = of(plan, FisExperiments.ThroughSdk.class);
        if (!sdk.isEmpty()) {
            o.printf("Through an AWS API, not FIS (%d): the aws backend does these itself%n", sdk.size());
            sdk.forEach(x -> o.printf("  %s: %s%n", x.describe(), x.how()));
        }
        List<FisExperiments.Unsupported> no = of(plan, FisExperiments.Unsupported.class);
        o.printf("Not reproducible on AWS (%d)%s%n", no.size(), no.isEmpty() ? "" : ":");
        no.forEach(x -> o.printf("  %s: %s%n", x.describe(), x.reason()));
    }

    private static <T> List<T> of(List<FisExperiments.Mapping> plan, Class<T> type) {
        return plan.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static String usd(double v, int decimals) {
        return "$" + String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s + "00" : s.matches(".*\\.\\d$") ? s + "0" : s;
    }

    private static String hours(Duration d) {
        long m = d.toMinutes();
        return m / 60 + " h " + String.format(Locale.ROOT, "%02d", m % 60) + " min";
    }
}
