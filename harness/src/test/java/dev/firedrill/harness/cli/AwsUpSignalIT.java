package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.backend.aws.AwsClients;
import dev.firedrill.harness.backend.aws.AwsLifecycleIT;
import dev.firedrill.harness.backend.aws.AwsSweep;
import dev.firedrill.harness.backend.aws.MotoServer;
import dev.firedrill.harness.backend.aws.RunJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aws up} stopped by SIGTERM (what Ctrl-C and a CI timeout send) deletes everything it created, in its own
 * JVM as a user runs it, against moto: the stack, then the sweep by the run's tag; the journal goes once nothing
 * is left. (moto creates a stack in about a second, so the signal arrives once it serves; the same shutdown hook
 * runs when it arrives during the creation.)
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
}
