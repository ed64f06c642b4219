package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.cli.CliForTests.Run;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code firedrill aws plan}: what it writes and prints, and its bad input. */
class AwsPlanCommandTest {
    @TempDir
    Path dir;

    static Run cli(String... args) {
        return CliForTests.run(args);
    }

    @Test
    void planWritesTheTemplateAndPrintsResourcesAndCost() throws Exception {
        Path out = dir.resolve("t.json");
        Run r = cli("aws", "plan", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(new ObjectMapper().readTree(Files.readString(out)).path("Resources").size()).isEqualTo(44);
        assertThat(r.out()).contains("wrote " + out + ": 44 resources", "AWS::EC2::SecurityGroupIngress",
                "prices taken 2026-12-01", "per hour", "$0.1985", "per month if forgotten (730 h)", "$144.88",
                "rehearsal:");
    }

    @Test
    void planOfAScenarioListsItsExperimentsAndWhatAwsCannotReproduce() {
        Run az = cli("aws", "plan", "az-outage", "--out", dir.resolve("az.json").toString());
        assertThat(az.exit()).as(az.err()).isZero();
        assertThat(az.out()).contains("scenario 'az-outage'", "FIS experiments (1)", "FisStep1AzOutage",
                "aws:ec2:asg-insufficient-instance-capacity-error", "FIS 4 action-minute(s) $0.40",
                "Not reproducible on AWS (0)");
        Run partition = cli("aws", "plan", "partition", "--out", dir.resolve("p.json").toString());
        assertThat(partition.out()).contains("Not reproducible on AWS (1):",
                "faults[0] partition app <-> db-writer (blackhole) for 10s: FIS partitions whole subnets");
        Run lag = cli("aws", "plan", "replica-lag", "--out", dir.resolve("l.json").toString());
        assertThat(lag.out()).contains("Through an AWS API, not FIS (1)", "pg_wal_replay_pause()");
    }

    @Test
    void theDefaultFileIsNamedAfterTheTopologyAndTheRunIdCanBeGiven() throws Exception {
        Path out = dir.resolve("x.json");
        Run r = cli("aws", "plan", "--run-id", "nightly-7", "--out", out.toString());
        assertThat(r.out()).contains("run id nightly-7");
        assertThat(Files.readString(out)).contains("\"firedrill:run-id\"", "nightly-7");
    }

    @Test
    void aTopologyAndAScenarioTogetherAreBadInput() throws Exception {
        Path topo = Files.writeString(dir.resolve("t.yaml"), "fleet: {count: 2}\n");
        Run r = cli("aws", "plan", "failover", "--topology", topo.toString());
        assertThat(r.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains("give --topology FILE or SCENARIO, not both");
        Run unknown = cli("aws", "plan", "falover");
        assertThat(unknown.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(unknown.err()).contains("did you mean 'failover'?");
        Run badId = cli("aws", "plan", "--run-id", "a b", "--out", dir.resolve("b.json").toString());
        assertThat(badId.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(badId.err()).contains("run id 'a b'");
    }

    @Test
    void aTopologyTheAwsTargetCannotBuildIsBadInputNamingTheField() throws Exception {
        Path topo = Files.writeString(dir.resolve("aurora.yaml"), "database: {failoverProfile: aurora}\n");
        Run r = cli("aws", "plan", "-t", topo.toString(), "--out", dir.resolve("a.json").toString());
        assertThat(r.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains("error: database.failoverProfile: the aws target provisions RDS for PostgreSQL");
    }

    @Test
    void awsAloneListsItsSubcommands() {
        Run r = cli("aws");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("plan").contains("CloudFormation");
        assertThat(cli("aws", "plan", "--help").out()).contains("--out", "--topology", "SCENARIO", "Examples:");
    }
}
