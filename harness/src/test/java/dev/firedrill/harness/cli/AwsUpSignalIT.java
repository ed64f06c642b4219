package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.backend.aws.AwsClients;
import dev.firedrill.harness.backend.aws.AwsLifecycleIT;
import dev.firedrill.harness.backend.aws.AwsBackstop;
import dev.firedrill.harness.backend.aws.AwsSweep;
import dev.firedrill.harness.backend.aws.HoldingProxy;
import dev.firedrill.harness.backend.aws.MotoServer;
import dev.firedrill.harness.backend.aws.RunJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aws up} stopped by SIGTERM (what Ctrl-C and a CI timeout send) deletes everything it created, in its own
 * JVM as a user runs it, against moto: the stack, then the sweep by the run's tag; the journal goes once nothing
 * is left, the backstop's schedule and role included. moto creates a stack in about a second, so to signal during
 * the creation a {@link HoldingProxy} between the CLI and moto holds CreateStack's answer back for a few seconds.
 */
class AwsUpSignalIT {
    @TempDir
    Path dir;

    @Test
    void sigtermDeletesEverythingTheRunCreated() throws Exception {
        try (MotoServer moto = MotoServer.start(Files.createDirectories(dir.resolve("moto")))) {
            Path journal = dir.resolve("journal.json");
            CliProcess up = CliProcess.start(Files.createDirectories(dir.resolve("runs")), "aws", "up",
                    "--aws-endpoint", moto.url(), "--confirm-account", MotoServer.ACCOUNT, "--journal",
                    journal.toString(), "--param", AwsLifecycleIT.ARTIFACT);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!up.output().contains("serving; press Ctrl-C")) {
                assertThat(up.process.isAlive()).as("aws up running; output:\n" + up.output()).isTrue();
                assertThat(System.nanoTime()).as("serving within 120 s:\n" + up.output()).isLessThan(deadline);
                Thread.sleep(100);
            }
            String runId = RunJournal.read(journal).runId();
            up.process.destroy(); // SIGTERM
            CliProcess.Result r = up.await(120);
            assertThat(r.output()).contains("deleting stack").contains("nothing tagged firedrill:run-id=" + runId
                    + " remains");
            assertThat(journal).doesNotExist();
            try (AwsClients aws = AwsClients.of("us-east-1", moto.url())) {
                assertThat(new AwsSweep(aws, runId).find()).isEmpty();
            }
        }
    }

    @Test
    void sigtermDuringTheCreationDeletesEverythingTheRunCreated() throws Exception {
        try (MotoServer moto = MotoServer.start(Files.createDirectories(dir.resolve("moto")));
                HoldingProxy proxy = HoldingProxy.start(moto.url(), "Action=CreateStack", Duration.ofSeconds(6))) {
            Path journal = dir.resolve("journal.json");
            CliProcess up = CliProcess.start(Files.createDirectories(dir.resolve("runs")), "aws", "up",
                    "--aws-endpoint", proxy.url(), "--confirm-account", MotoServer.ACCOUNT, "--journal",
                    journal.toString(), "--param", AwsLifecycleIT.ARTIFACT);
            assertThat(proxy.awaitMarked(120)).as("CreateStack sent; output:\n" + up.output()).isTrue();
            String runId = RunJournal.read(journal).runId();
            assertThat(up.output()).as("the backstop exists before the stack is asked for")
                    .contains("backstop: schedule " + AwsBackstop.nameFor(runId));
            up.process.destroy(); // SIGTERM while CreateStack's answer is held
            CliProcess.Result r = up.await(180);
            assertThat(r.exitCode()).as(r.output()).isEqualTo(Main.INTERRUPTED);
            assertThat(r.output()).doesNotContain("serving; press Ctrl-C")
                    .contains("interrupted while creating: deleting stack")
                    .contains("nothing tagged firedrill:run-id=" + runId + " remains");
            assertThat(journal).doesNotExist();
            try (AwsClients aws = AwsClients.of("us-east-1", moto.url())) {
                assertThat(new AwsSweep(aws, runId).find()).as("tagged, or the backstop's").isEmpty();
                assertThat(aws.cfn().describeStacks().stacks()).as("the stack is deleted")
                        .noneMatch(st -> st.stackName().contains(runId) && !"DELETE_COMPLETE".equals(
                                st.stackStatusAsString()));
                assertThat(aws.iam().listRoles().roles()).noneMatch(ro -> ro.roleName().equals(
                        AwsBackstop.nameFor(runId)));
                assertThat(aws.scheduler().listSchedules(b -> { }).schedules()).noneMatch(sc -> sc.name().equals(
                        AwsBackstop.nameFor(runId)));
            }
        }
    }
}
