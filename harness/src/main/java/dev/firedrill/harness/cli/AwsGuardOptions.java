package dev.firedrill.harness.cli;

import dev.firedrill.harness.backend.aws.AwsSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The limits a run on AWS may not cross: how long the stack lives and what it may cost. */
final class AwsGuardOptions {
    @Option(names = "--max-run-time", paramLabel = "MINUTES",
            description = "The stack is deleted at this age at the latest: the run stops and tears down, and a "
                    + "schedule in the account deletes the stack even if firedrill is killed (default: 90).")
    Long maxRunMinutes;

    @Option(names = "--max-cost", paramLabel = "USD",
            description = "Refuse to start when the worst case (the stack for every started hour of --max-run-time, "
                    + "plus the scenario's FIS action-minutes) is above this (default: 5).")
    Double maxCostUsd;

    AwsSettings apply(AwsSettings s) {
        Duration run = maxRunMinutes == null ? s.maxRunTime() : Duration.ofMinutes(maxRunMinutes);
        double cost = maxCostUsd == null ? s.maxCostUsd() : maxCostUsd;
        return s.withGuards(run, cost);
    }
}
