package dev.firedrill.harness.scenario;

import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.FaultSpec;
import dev.firedrill.harness.topology.Durations;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.workload.WorkloadSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A drill: a topology, a workload, a warm-up, a measured duration with a fault schedule (times after the
 * warm-up), one seed for every random choice, and the SLOs to judge. Immutable.
 *
 * <pre>{@code
 * Scenario s = Scenario.named("writer-partition")
 *         .workload(WorkloadSpec.defaults().withRate(200))
 *         .warmup(Duration.ofSeconds(1)).duration(Duration.ofSeconds(8))
 *         .fault(Duration.ofSeconds(2), new Fault.Partition(List.of("app"), List.of("db-writer"),
 *                 Fault.PartitionMode.REJECT, false), Duration.ofSeconds(3))
 *         .slo(Slos.noLostWrites()).slo(Slos.writeRecoveryWithin(Duration.ofSeconds(4)))
 *         .seed(42).build();
 * }</pre>
 *
 * @param topology     the topology to deploy; ignored when the runner is given a running deployment
 * @param jobBound     how long after the last heal acknowledged jobs may take to be processed
 * @param deployments  deployments to start during the run (times after the warm-up)
 */
public record Scenario(String name, Topology topology, WorkloadSpec workload, Duration warmup, Duration duration,
                       List<FaultStep> faults, long seed, List<Slo> slos, Duration jobBound,
                       Duration sampleInterval, List<DeployStep> deployments) {

    /** A scenario without deployments. */
    public Scenario(String name, Topology topology, WorkloadSpec workload, Duration warmup, Duration duration,
                    List<FaultStep> faults, long seed, List<Slo> slos, Duration jobBound, Duration sampleInterval) {
        this(name, topology, workload, warmup, duration, faults, seed, slos, jobBound, sampleInterval, List.of());
    }

    public Scenario {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("scenario name '" + name + "' must be letters, digits, '.', '_' or"
                    + " '-' (it names the report directory)");
        }
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(duration, "duration");
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must be ≥ 0, was " + warmup);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0, was " + Durations.format(duration));
        }
        faults = List.copyOf(faults);
        for (FaultStep f : faults) {
            Duration last = f.healAt() == null ? f.at() : f.healAt();
            if (last.compareTo(duration) > 0) {
                throw new IllegalArgumentException("fault '" + f.fault().kind() + "' at " + Durations.format(f.at())
                        + (f.duration() == null ? "" : " for " + Durations.format(f.duration()))
                        + " ends after the run's duration " + Durations.format(duration)
                        + "; lengthen the duration or move the fault earlier");
            }
        }
        slos = List.copyOf(slos);
        deployments = List.copyOf(deployments == null ? List.of() : deployments);
        for (DeployStep d : deployments) {
            if (d.at().compareTo(duration) >= 0) {
                throw new IllegalArgumentException("deployment of " + d.spec().release() + " at "
                        + Durations.format(d.at()) + " starts after the run's duration " + Durations.format(duration)
                        + "; move it earlier");
            }
        }
        jobBound = jobBound == null ? Duration.ofSeconds(30) : jobBound;
        sampleInterval = sampleInterval == null ? Duration.ofMillis(250) : sampleInterval;
    }

    /** A builder with defaults: default topology and workload, 1 s warm-up, 10 s duration, seed 1, no faults. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** A builder initialised with this scenario. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.topology = topology;
        b.workload = workload;
        b.warmup = warmup;
        b.duration = duration;
        b.faults.addAll(faults);
        b.seed = seed;
        b.slos.addAll(slos);
        b.jobBound = jobBound;
        b.sampleInterval = sampleInterval;
        b.deployments.addAll(deployments);
        return b;
    }

    /** Builds a {@link Scenario}; validation happens in {@link #build()}. */
    public static final class Builder {
        private final String name;
        private Topology topology = Topology.defaults();
        private WorkloadSpec workload = WorkloadSpec.defaults();
        private Duration warmup = Duration.ofSeconds(1);
        private Duration duration = Duration.ofSeconds(10);
        private final List<FaultStep> faults = new ArrayList<>();
        private long seed = 1;
        private final List<Slo> slos = new ArrayList<>();
        private Duration jobBound;
        private Duration sampleInterval;
        private final List<DeployStep> deployments = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder topology(Topology t) {
            topology = t;
            return this;
        }

        public Builder workload(WorkloadSpec w) {
            workload = w;
            return this;
        }

        public Builder warmup(Duration d) {
            warmup = d;
            return this;
        }

        public Builder duration(Duration d) {
            duration = d;
            return this;
        }

        /** Replaces the whole fault schedule. */
        public Builder faults(List<FaultStep> steps) {
            faults.clear();
            steps.forEach(this::fault);
            return this;
        }

        public Builder fault(FaultStep step) {
            faults.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        public Builder fault(Duration at, Fault fault, Duration lasting) {
            return fault(FaultStep.at(at, fault, lasting));
        }

        public Builder fault(Duration at, FaultSpec spec) {
            return fault(FaultStep.at(at, spec));
        }

        /** Starts a deployment {@code at} after the warm-up. */
        public Builder deploy(DeployStep step) {
            deployments.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        public Builder deploy(Duration at, dev.firedrill.harness.fleet.DeploySpec spec) {
            return deploy(DeployStep.at(at, spec));
        }

        /** Replaces every deployment. */
        public Builder deployments(List<DeployStep> steps) {
            deployments.clear();
            steps.forEach(this::deploy);
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder slo(Slo slo) {
            slos.add(Objects.requireNonNull(slo, "slo"));
            return this;
        }

        public Builder slos(List<Slo> list) {
            list.forEach(this::slo);
            return this;
        }

        public Builder jobBound(Duration d) {
            jobBound = d;
            return this;
        }

        public Builder sampleInterval(Duration d) {
            sampleInterval = d;
            return this;
        }

        public Scenario build() {
            return new Scenario(name, topology, workload, warmup, duration, faults, seed, slos, jobBound,
                    sampleInterval, deployments);
        }
    }
}
