package dev.firedrill.harness.backend.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.backend.aws.internal.FaultMapper;
import dev.firedrill.harness.scenario.FaultStep;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.topology.Durations;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.List;

/**
 * What each fault of a scenario becomes on AWS (../shared/AWS.md, "Fault → AWS mechanism"): an
 * {@link Experiment} (one {@code AWS::FIS::ExperimentTemplate} that {@link AwsTemplate#of(Scenario, String)}
 * adds to the stack), a step the aws backend runs {@link ThroughSdk} (no FIS action exists, an API does), or
 * {@link Unsupported} with the reason, which {@code firedrill aws plan} prints.
 *
 * <pre>{@code
 * for (FisExperiments.Unsupported u : FisExperiments.unsupported(ScenarioYaml.builtin("partition").scenario())) {
 *     System.out.println(u.describe() + ": " + u.reason());
 * }
 * }</pre>
 *
 * <p>Every experiment stops on the stack's 5xx alarm, runs as the stack's FIS role, fails when a target resolves to
 * nothing ({@code emptyTargetResolutionMode: fail}) and is tagged with the run id. FIS action durations run from
 * PT1M to PT12H: shorter faults are rounded up to PT1M, and the experiment's notes say so.
 */
public final class FisExperiments {
    private FisExperiments() {
    }

    /** One fault step of the scenario and what it becomes. */
    public sealed interface Mapping permits Experiment, ThroughSdk, Unsupported {
        /** The step's index in the scenario's {@code faults}. */
        int step();

        FaultStep fault();

        /** {@code faults[0] kill 1 instance (random) for 8s}. */
        default String describe() {
            FaultStep f = fault();
            return "faults[" + step() + "] " + f.fault().kind() + " " + f.fault().target()
                    + (f.duration() == null ? "" : " for " + Durations.format(f.duration()));
        }
    }

    /** One FIS action of an experiment, and the minutes FIS bills for it (at least one). */
    public record Action(String name, String actionId, Duration billed) {
    }

    /**
     * An experiment template: its logical id in the stack, its actions, what differs from the embedded backend
     * ({@code notes}), and its CloudFormation properties.
     */
    public record Experiment(int step, FaultStep fault, String logicalId, List<Action> actions, List<String> notes,
                             ObjectNode properties) implements Mapping {
        public Experiment {
            actions = List.copyOf(actions);
            notes = List.copyOf(notes);
            properties = properties.deepCopy();
        }

        /** A copy of the {@code AWS::FIS::ExperimentTemplate}'s properties. */
        @Override
        public ObjectNode properties() {
            return properties.deepCopy();
        }

        /** The action-minutes FIS bills for one run of this experiment. */
        public Duration billed() {
            return actions.stream().map(Action::billed).reduce(Duration.ZERO, Duration::plus);
        }
    }

    /** No FIS action, but the aws backend can do it through an AWS API: {@code how} says which. */
    public record ThroughSdk(int step, FaultStep fault, String how) implements Mapping {
    }

    /** No AWS mechanism reproduces this fault: {@code reason} says why, and what would. */
    public record Unsupported(int step, FaultStep fault, String reason) implements Mapping {
    }

    /** Every fault step of {@code s}, in order, with what it becomes on AWS. */
    public static List<Mapping> plan(Scenario s, String runId) {
        AwsTags.requireRunId(runId);
        return FaultMapper.map(s, runId);
    }

    /** The experiments of {@link #plan}. */
    public static List<Experiment> experiments(Scenario s, String runId) {
        return plan(s, runId).stream().filter(Experiment.class::isInstance).map(Experiment.class::cast).toList();
    }

    /** The faults of {@code s} no AWS mechanism reproduces, each with the reason. */
    public static List<Unsupported> unsupported(Scenario s) {
        return plan(s, "plan").stream().filter(Unsupported.class::isInstance).map(Unsupported.class::cast).toList();
    }

    /**
     * What one fault becomes on AWS when injected on its own (by the aws backend, as the run reaches it):
     * {@code lasting} is how long it stays (FIS durations are rounded up to PT1M), null for the longest a FIS
     * action runs.
     */
    public static Mapping plan(Topology t, Fault fault, Duration lasting, String runId) {
        Duration d = lasting == null || lasting.isZero() || lasting.isNegative() ? Duration.ofHours(12) : lasting;
        Scenario one = Scenario.named("fault").topology(t).warmup(Duration.ZERO).duration(d)
                .fault(Duration.ZERO, fault, d).build();
        return plan(one, runId).get(0);
    }
}
