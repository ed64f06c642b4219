package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One {@code up} per endpoints file: a second refuses, a dead one's file is taken over, stopping deletes only its own. */
class TwoUpsIT {
    @TempDir
    Path work;
    Path runRoot;
    Path endpoints;

    @BeforeEach
    void topology() throws Exception {
        runRoot = Files.createDirectories(work.resolve("runs"));
        endpoints = work.resolve("e.json");
        try (InputStream in = TwoUpsIT.class.getResourceAsStream("app.py")) {
            Files.write(work.resolve("app.py"), in.readAllBytes());
        }
        Files.writeString(work.resolve("t.yaml"), "timeScale: 0.01\nfleet: {count: 1, app: {command: [python3, app.py]}}\n");
    }

    Launcher startUp() throws Exception {
        Launcher up = Launcher.start(work, runRoot, "up", "-t", "t.yaml", "--endpoints", "e.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(endpoints)) {
            assertThat(up.process.isAlive()).as("up running; " + up.stdout() + up.stderr()).isTrue();
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(100);
        }
        return up;
    }

    static void stop(Launcher up) throws Exception {
        up.process.destroy();
        assertThat(up.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(up.stdout()).contains("stopped everything cleanly");
    }

    @Test
    void aSecondUpOnTheSameEndpointsFileRefusesAndNamesTheRunningOne() throws Exception {
        Launcher first = startUp();
        try {
            String before = Files.readString(endpoints);
            Launcher.Result second = Launcher.run(work, runRoot, 60, "up", "-t", "t.yaml", "--endpoints", "e.json");
            assertThat(second.exitCode()).as(second.both()).isEqualTo(2);
            assertThat(second.stderr()).contains("error: another 'firedrill up' (pid " + first.process.pid() + ")")
                    .contains("--endpoints OTHER.json").doesNotContain("\tat ");
            assertThat(second.stdout()).as("it started nothing").doesNotContain("✓");
            assertThat(Files.readString(endpoints)).as("the first one's file is untouched").isEqualTo(before);

            Launcher.Result heal = Launcher.run(work, runRoot, 120, "heal", "--endpoints", "e.json");
            assertThat(heal.exitCode()).as("the first one is still reachable: " + heal.both()).isZero();
        } finally {
            stop(first);
        }
        assertThat(endpoints).doesNotExist();
    }

    @Test
    void anEndpointsFileLeftByADeadUpIsTakenOver() throws Exception {
        Files.writeString(endpoints, "{\"control\": \"http://127.0.0.1:1\"}");
        Files.writeString(work.resolve("e.json.lock"), "999999999"); // no process holds its lock
        Launcher.Result r = Launcher.run(work, runRoot, 120, "up", "-t", "t.yaml", "--endpoints", "e.json",
                "--exit-when-ready");
        assertThat(r.exitCode()).as(r.both()).isZero();
        assertThat(r.stdout()).contains("taking over e.json: the 'up' that wrote it (pid 999999999) is gone");
        assertThat(endpoints).as("rewritten by this up, so deleted when it stops").doesNotExist();
    }

    @Test
    void stoppingLeavesAnEndpointsFileThatNoLongerNamesThisUp() throws Exception {
        Launcher up = startUp();
        String other = "{\"control\": \"http://127.0.0.1:1\"}";
        try {
            Files.writeString(endpoints, other);
        } finally {
            stop(up);
        }
        assertThat(endpoints).as("not this up's file any more: left alone").hasContent(other);
    }
}
