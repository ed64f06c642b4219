package dev.firedrill.harness.backend.aws;

import dev.firedrill.harness.backend.aws.AwsPrices.Price;
import dev.firedrill.harness.backend.aws.internal.CacheQueuePart;
import dev.firedrill.harness.backend.aws.internal.DatabasePart;
import dev.firedrill.harness.backend.aws.internal.FleetPart;
import dev.firedrill.harness.scenario.FaultStep;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.topology.Database;
import dev.firedrill.harness.topology.Subnet;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the stack of a topology costs on AWS, item by item, per hour and per month if forgotten, and what one
 * rehearsal of a scenario costs: the stack for its setup, run and teardown, plus FIS's action-minutes. From the
 * shipped price table ({@link AwsPrices}, dated); the template's defaults (t3.micro, 20 GB of gp3) are assumed.
 *
 * <pre>{@code
 * AwsCost c = AwsCost.of(Topology.defaults(), null);
 * System.out.printf("$%.4f/h, $%.2f a month%n", c.perHour(), c.perMonth());
 * }</pre>
 */
public record AwsCost(AwsPrices prices, List<Item> items, Rehearsal rehearsal) {
    /** Minutes to create the network, load balancer and fleet (NAT gateway, ALB, instances booting the app). */
    public static final Duration CREATE_BASE = Duration.ofMinutes(5);
    /** An RDS primary: "a Multi-AZ instance takes ~20 min or more to create" (../shared/AWS.md); single-AZ alike. */
    public static final Duration CREATE_RDS_PRIMARY = Duration.ofMinutes(20);
    /** Read replicas start from a snapshot of the primary once it exists, all at once: an estimate. */
    public static final Duration CREATE_READ_REPLICAS = Duration.ofMinutes(15);
    /** An ElastiCache node, in parallel with RDS: an estimate. */
    public static final Duration CREATE_CACHE = Duration.ofMinutes(10);
    /** Deleting RDS (replicas first, then the primary) dominates the teardown: an estimate. */
    public static final Duration DELETE_WITH_RDS = Duration.ofMinutes(20);
    public static final Duration DELETE_WITHOUT_RDS = Duration.ofMinutes(10);
    /** The root volume of the Amazon Linux 2023 AMI. */
    public static final int ROOT_VOLUME_GB = 8;
    /** Load balancer capacity units a rehearsal's load uses (100 requests/s of small JSON is well under one). */
    public static final int LCUS = 1;

    /** One line of the bill: {@code quantity} × {@code unitUsd} per {@code unit}, {@code perHour} dollars an hour. */
    public record Item(String name, double quantity, String unit, double unitUsd, double perHour, String note) {
    }

    /**
     * One rehearsal: the stack for {@code setup + run + teardown}, then FIS's action-minutes.
     *
     * @param run the scenario's warm-up and duration at AWS's own timers (divided by its timeScale: AWS runs at
     *     timeScale 1), at least until its last FIS action ends; zero without a scenario
     */
    public record Rehearsal(Duration setup, Duration run, Duration teardown, double stackUsd, long fisActionMinutes,
                            double fisUsd, List<String> assumptions) {
        public Rehearsal {
            assumptions = List.copyOf(assumptions);
        }

        public Duration total() {
            return setup.plus(run).plus(teardown);
        }

        public double usd() {
            return stackUsd + fisUsd;
        }
    }

    public AwsCost {
        items = List.copyOf(items);
    }

    /** The cost of {@code t}'s stack and of a rehearsal of {@code s} on it ({@code s} null: up and down only). */
    public static AwsCost of(Topology t, Scenario s) {
        AwsPrices p = AwsPrices.standard();
        List<Item> items = items(t, p);
        double perHour = items.stream().mapToDouble(Item::perHour).sum();
        return new AwsCost(p, items, rehearsal(t, s, p, perHour));
    }

    public double perHour() {
        return items.stream().mapToDouble(Item::perHour).sum();
    }

    /** {@link #perHour()} × the table's hours per month (730): what a forgotten stack costs. */
    public double perMonth() {
        return perHour() * prices.hoursPerMonth();
    }

    private static List<Item> items(Topology t, AwsPrices p) {
        List<Item> out = new ArrayList<>();
        int month = p.hoursPerMonth();
        if (t.fleet() != null && t.fleet().count() > 0) {
            int n = t.fleet().count();
            hourly(out, p, "EC2 " + FleetPart.DEFAULT_INSTANCE_TYPE + " (fleet " + t.fleet().name() + ")", n,
                    "ec2:" + FleetPart.DEFAULT_INSTANCE_TYPE);
            monthly(out, p, "EBS gp3 root volumes (" + ROOT_VOLUME_GB + " GB each)", n * ROOT_VOLUME_GB, "ebs:gp3",
                    month);
        }
        int ipv4 = 0;
        if (t.loadBalancer() != null) {
            hourly(out, p, "Application Load Balancer", 1, "elb:alb");
            hourly(out, p, "ALB capacity (" + LCUS + " LCU assumed)", LCUS, "elb:lcu");
            ipv4 += t.loadBalancer().subnets().size();
        }
        boolean nat = t.vpc().subnets().stream().anyMatch(Subnet::isPublic)
                && t.vpc().subnets().stream().anyMatch(x -> !x.isPublic());
        if (nat) {
            hourly(out, p, "NAT gateway", 1, "vpc:nat-gateway");
            ipv4 += 1;
        }
        if (ipv4 > 0) {
            List<String> holders = new ArrayList<>();
            if (nat) {
                holders.add("NAT EIP");
            }
            if (t.loadBalancer() != null) {
                holders.add("ALB, 1 per subnet");
            }
            hourly(out, p, "Public IPv4 (" + String.join(" + ", holders) + ")", ipv4, "vpc:public-ipv4");
        }
        Database d = t.database();
        if (d != null) {
            boolean multiAz = DatabasePart.multiAz(d);
            hourly(out, p, "RDS " + DatabasePart.INSTANCE_CLASS + (multiAz ? " Multi-AZ" : "") + " (primary)", 1,
                    "rds:" + DatabasePart.INSTANCE_CLASS + (multiAz ? ":multi-az" : ""));
            if (d.replicas() > 0) {
                hourly(out, p, "RDS " + DatabasePart.INSTANCE_CLASS + " read replicas", d.replicas(),
                        "rds:" + DatabasePart.INSTANCE_CLASS);
            }
            int copies = (multiAz ? 2 : 1) + d.replicas();
            monthly(out, p, "RDS gp3 storage (" + DatabasePart.STORAGE_GB + " GB × " + copies + " copies)",
                    DatabasePart.STORAGE_GB * copies, "rds:gp3", month);
            monthly(out, p, "Secrets Manager secret (RDS-managed master password)", 1, "secretsmanager:secret",
                    month);
        }
        if (t.cache() != null) {
            hourly(out, p, "ElastiCache " + CacheQueuePart.NODE_TYPE + " (1 node)", 1,
                    "elasticache:" + CacheQueuePart.NODE_TYPE);
        }
        if (!t.queues().isEmpty()) {
            Price q = p.price("sqs:requests");
            out.add(new Item("SQS (" + t.queues().size() + " queues)", t.queues().size(), q.unit(), q.usd(), 0,
                    "≈ free: under 1 million requests a month, $" + String.format(java.util.Locale.ROOT, "%.2f",
                            q.usd()) + " per million after"));
        }
        if (t.loadBalancer() != null) {
            monthly(out, p, "CloudWatch alarm (5xx stop condition)", 1, "cloudwatch:alarm", month);
        }
        return out;
    }

    private static void hourly(List<Item> out, AwsPrices p, String name, double qty, String key) {
        Price pr = p.price(key);
        out.add(new Item(name, qty, pr.unit(), pr.usd(), qty * pr.usd(), pr.note()));
    }

    private static void monthly(List<Item> out, AwsPrices p, String name, double qty, String key, int hoursPerMonth) {
        Price pr = p.price(key);
        out.add(new Item(name, qty, pr.unit(), pr.usd(), qty * pr.usd() / hoursPerMonth, pr.note()));
    }

    private static Rehearsal rehearsal(Topology t, Scenario s, AwsPrices p, double perHour) {
        List<String> assumptions = new ArrayList<>();
        Duration setup = CREATE_BASE;
        if (t.database() != null) {
            Duration db = CREATE_RDS_PRIMARY.plus(t.database().replicas() > 0 ? CREATE_READ_REPLICAS : Duration.ZERO);
            setup = max(setup, db);
            assumptions.add("setup " + min(setup) + " min: RDS primary ~" + min(CREATE_RDS_PRIMARY) + " min"
                    + (t.database().replicas() > 0 ? " then its read replicas ~" + min(CREATE_READ_REPLICAS)
                    + " min" : "") + "; network, ALB, cache and instances meanwhile");
        } else if (t.cache() != null) {
            setup = max(setup, CREATE_CACHE);
            assumptions.add("setup " + min(setup) + " min: the ElastiCache node");
        } else {
            assumptions.add("setup " + min(setup) + " min: NAT gateway, ALB and instances");
        }
        Duration teardown = t.database() != null ? DELETE_WITH_RDS : DELETE_WITHOUT_RDS;
        assumptions.add("teardown " + min(teardown) + " min" + (t.database() != null ? " (RDS deletes last)" : ""));
        Duration run = Duration.ZERO;
        long fisMinutes = 0;
        if (s != null) {
            Duration measured = s.warmup().plus(s.duration());
            run = Duration.ofMillis((long) Math.ceil(measured.toMillis() / s.topology().timeScale()));
            List<FisExperiments.Experiment> experiments = FisExperiments.experiments(s, "cost");
            for (FisExperiments.Experiment e : experiments) {
                FaultStep f = e.fault();
                Duration longest = e.actions().stream().map(FisExperiments.Action::billed).max(Duration::compareTo)
                        .orElse(Duration.ZERO);
                run = max(run, s.warmup().plus(f.at()).plus(longest));
                fisMinutes += e.billed().toMinutes();
            }
            run = Duration.ofMinutes((run.toSeconds() + 59) / 60);
            assumptions.add("run " + min(run) + " min: warm-up + duration at AWS's timers (timeScale 1 instead of "
                    + s.topology().timeScale() + "), long enough for every FIS action");
            assumptions.add(experiments.size() + " FIS experiment(s), " + fisMinutes + " action-minute(s): each action "
                    + "billed for its duration, at least 1 minute");
        }
        if (s == null) {
            assumptions.add("no scenario: the stack brought up and torn down, nothing run");
        }
        assumptions.add("ALB, NAT gateway and public IPv4 addresses bill each started hour; EC2 and RDS by the "
                + "second: this prorates all of them");
        double hours = setup.plus(run).plus(teardown).toSeconds() / 3600.0;
        double fisUsd = fisMinutes * p.price("fis:action-minute").usd();
        return new Rehearsal(setup, run, teardown, perHour * hours, fisMinutes, fisUsd, assumptions);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static long min(Duration d) {
        return d.toMinutes();
    }
}
