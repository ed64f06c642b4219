package dev.firedrill.harness.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.backend.aws.internal.LoadBalancerPart;
import dev.firedrill.harness.cli.CliForTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * {@code run SCENARIO --backend aws} end to end against moto: the stack is created, the scenario runs, its fault
 * goes through the EC2 API (moto runs no FIS experiment), target health and queue depth are sampled from ELBv2
 * and SQS, the report is written, and nothing tagged with the run id is left. What moto cannot give: the ALB's DNS
 * name resolves to nothing here and no instance runs the app, so every operation of the workload fails and the
 * verdict is not green — this proves the backend's plumbing, not a system's resilience. The stop condition is
 * proven by putting the stack's 5xx alarm into ALARM while the run goes: the run stops, heals and tears down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsRunIT {
    static final ObjectMapper JSON = new ObjectMapper();
    Path dir;
    MotoServer moto;

    @BeforeAll
    void startMoto(@TempDir Path tmp) throws Exception {
        dir = tmp;
        moto = MotoServer.start(Files.createDirectories(dir.resolve("moto")));
    }

    @AfterAll
    void stopMoto() throws Exception {
        if (moto != null) {
            moto.close();
        }
    }

    List<String> aws(String scenario, Path reports, Path journal, String... more) {
        List<String> a = new ArrayList<>(List.of("run", scenario, "--backend", "aws", "--time-scale", "1",
                "--aws-endpoint", moto.url(), "--confirm-account", MotoServer.ACCOUNT, "--aws-param",
                AwsLifecycleIT.ARTIFACT, "--report-dir", reports.toString(), "--aws-journal", journal.toString()));
        a.addAll(List.of(more));
        return a;
    }

    int stacks() {
        try (AwsClients c = AwsClients.of("us-east-1", moto.url())) {
            return c.cfn().describeStacks().stacks().size();
        }
    }

    @Test
    void aScenarioRunsAgainstTheStackAndNothingIsLeft() throws Exception {
        Path reports = dir.resolve("reports");
        Path journal = dir.resolve("run-journal.json");
        CliForTests.Run r = CliForTests.run(aws("instance-loss", reports, journal).toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isNotEqualTo(2);
        assertThat(r.out()).contains("backend aws", "CREATE_COMPLETE",
                "faults run as direct EC2/RDS API calls (the endpoint does not run FIS experiments)",
                "deleted: nothing tagged firedrill:run-id=");
        assertThat(journal).as("the journal goes with the stack").doesNotExist();

        Path run;
        try (Stream<Path> s = Files.walk(reports)) {
            run = s.filter(p -> p.getFileName().toString().equals("result.json")).findFirst().orElseThrow().getParent();
        }
        JsonNode result = JSON.readTree(run.resolve("result.json").toFile());
        assertThat(result.toString()).contains("\"backend\":\"aws\"");
        List<String> lines = Files.readAllLines(run.resolve("history.jsonl"));
        List<String> notOps = lines.stream().filter(l -> !l.contains("\"type\":\"invoke\"")
                && !l.contains("\"type\":\"fail\"") && !l.contains("\"target\":\"machine\"")
                && !l.contains("\"target\":\"harness\"")).toList();
        String shown = String.join("\n", notOps.subList(0, Math.min(60, notOps.size())));
        assertThat(notOps).as("the kill went through EC2 on an instance of the Auto Scaling group:\n" + shown)
                .anyMatch(l -> l.contains("\"phase\":\"effective\"") && l.matches(".*\"target\":\"app-\\d=i-[0-9a-f]+\".*"));
        assertThat(notOps).as("replica lag from CloudWatch (moto keeps no RDS metrics: unknown, not unreachable):\n"
                + shown).anyMatch(l -> l.contains("replica_lag_seconds") && l.contains("unknown"));
        assertThat(notOps).as("target health from DescribeTargetHealth, under the topology's names:\n" + shown)
                .anyMatch(l -> l.contains("target_health") && l.contains("app-") && l.contains("healthy"));
        assertThat(notOps).as("queue depth from SQS:\n" + shown).anyMatch(l -> l.contains("queue_depth"));
        String runId = result.toString().replaceAll(".*?(fd[0-9a-z]{6,}).*", "$1");
        try (AwsClients c = AwsClients.of("us-east-1", moto.url())) {
            String out = r.out();
            String id = out.substring(out.indexOf("firedrill:run-id=") + "firedrill:run-id=".length()).split("\\s")[0];
            assertThat(new AwsSweep(c, id).find()).as("nothing tagged " + id + " (" + runId + ")").isEmpty();
        }
    }

    @Test
    void theStackAlarmStopsTheRunAndItIsTornDown() throws Exception {
        Path reports = dir.resolve("reports-alarm");
        Path journal = dir.resolve("alarm-journal.json");
        CompletableFuture<CliForTests.Run> running = CompletableFuture.supplyAsync(() -> CliForTests.run(
                aws("instance-loss", reports, journal, "--duration-factor", "6").toArray(String[]::new)));
        String runId = null;
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (runId == null) {
            assertThat(running).as("the run is still going").isNotDone();
            assertThat(System.nanoTime()).as("journal within 120 s").isLessThan(deadline);
            if (Files.exists(journal)) {
                runId = RunJournal.read(journal).runId();
            }
            Thread.sleep(200);
        }
        String alarm = LoadBalancerPart.alarmName(runId);
        try (AwsClients c = AwsClients.of("us-east-1", moto.url())) {
            // moto does not create the stack's alarm through CloudFormation: the test puts it there, then fires it
            c.cloudWatch().putMetricAlarm(b -> b.alarmName(alarm).namespace("AWS/ApplicationELB")
                    .metricName("HTTPCode_ELB_5XX_Count").statistic(Statistic.SUM).period(60).evaluationPeriods(1)
                    .threshold(1.0).comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
            c.cloudWatch().setAlarmState(b -> b.alarmName(alarm).stateValue(StateValue.ALARM)
                    .stateReason("test: customers see 5xx"));
            CliForTests.Run r = running.get();
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.out()).contains("stop condition: alarm " + alarm + " is in ALARM (test: customers see 5xx)")
                    .contains("deleted: nothing tagged firedrill:run-id=" + runId);
            assertThat(new AwsSweep(c, runId).find()).isEmpty();
            c.cloudWatch().deleteAlarms(b -> b.alarmNames(alarm));
        }
    }

    @Test
    void theFisPathCreatesTheTemplateAndRollsBackWhenTheExperimentCannotStart() throws Exception {
        Path reports = dir.resolve("reports-fis");
        Path journal = dir.resolve("fis-journal.json");
        // moto accepts CreateExperimentTemplate but runs no experiment: StartExperiment fails, the fault is rolled
        // back (its template deleted) and the run fails with the reason, then everything is deleted
        CliForTests.Run r = CliForTests.run(aws("instance-loss", reports, journal, "--aws-fault-mode", "fis")
                .toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("faults run as FIS experiments", "kill failed on AWS and was rolled back",
                "deleted: nothing tagged firedrill:run-id=");
        assertThat(journal).doesNotExist();
    }

    @Test
    void whatAwsCannotRunIsRefusedBeforeAnythingIsCreated() {
        int before = stacks();
        Path reports = dir.resolve("refused");
        Path journal = dir.resolve("refused-journal.json");
        CliForTests.Run scale = CliForTests.run("run", "instance-loss", "--backend", "aws", "--aws-endpoint",
                moto.url(), "--confirm-account", MotoServer.ACCOUNT, "--aws-journal", journal.toString());
        assertThat(scale.exit()).isEqualTo(2);
        assertThat(scale.err()).contains("timeScale", "is 0.05", "--time-scale 1").doesNotContain("\tat ");

        CliForTests.Run account = CliForTests.run("run", "instance-loss", "--backend", "aws", "--time-scale", "1",
                "--aws-endpoint", moto.url(), "--aws-journal", journal.toString());
        assertThat(account.exit()).isEqualTo(2);
        assertThat(account.err()).contains("--confirm-account");

        CliForTests.Run fisOnly = CliForTests.run(aws("partition", reports, journal).toArray(String[]::new));
        assertThat(fisOnly.exit()).isEqualTo(2);
        assertThat(fisOnly.err()).contains("faults[0]").contains("cannot run on the aws backend");

        CliForTests.Run cost = CliForTests.run(aws("instance-loss", reports, journal, "--max-cost", "0.05")
                .toArray(String[]::new));
        assertThat(cost.exit()).isEqualTo(2);
        assertThat(cost.err()).contains("nothing was created", "above --max-cost $0.05");

        CliForTests.Run mode = CliForTests.run(aws("instance-loss", reports, journal, "--aws-fault-mode", "chaos")
                .toArray(String[]::new));
        assertThat(mode.exit()).isEqualTo(2);
        assertThat(mode.err()).contains("--aws-fault-mode: 'chaos' is not one of auto, fis, api");

        CliForTests.Run embedded = CliForTests.run("run", "instance-loss", "--confirm-account", "1");
        assertThat(embedded.exit()).isEqualTo(2);
        assertThat(embedded.err()).contains("are for --backend aws");

        assertThat(stacks()).as("no stack created").isEqualTo(before);
        assertThat(journal).doesNotExist();
    }
}
