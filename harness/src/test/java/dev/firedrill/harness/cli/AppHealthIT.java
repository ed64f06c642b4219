package dev.firedrill.harness.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An app that runs but answers its health check with 500 is told so, with its log, well before the 90 s timeout. */
class AppHealthIT {
    @TempDir
    Path dir;

    @Test
    void anAppAnswering500OnHealthIsToldSoWithItsLogAndTheStartGivesUpEarly() throws Exception {
        Path app = Files.writeString(dir.resolve("app.py"), """
                import http.server, os, sys
                class H(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        self.send_response(500); self.end_headers()
                    def log_message(self, *a):
                        pass
                print("cannot connect to the database: password authentication failed", flush=True)
                http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
                """);
        Path t = Files.writeString(dir.resolve("t.yaml"), "timeScale: 0.01\nqueues: []\ndatabase: {replicas: []}\nfleet:\n  count: 1\n  app:\n"
                + "    command: [python3, " + app + "]\n");
        Path runRoot = Files.createDirectories(dir.resolve("runs"));
        long t0 = System.nanoTime();
        CliProcess.Result r = CliProcess.start(runRoot, "up", "-t", t.toString(), "--exit-when-ready").await(180);
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        CliBadInputIT.assertCleanError(r, "app-1", "answered 500 on /health", "password authentication failed");
        Assertions.assertThat(r.output()).doesNotContain("must listen on");
        var m = java.util.regex.Pattern.compile("answered 500 on /health for (\\d+) s").matcher(r.output());
        Assertions.assertThat(m.find()).isTrue();
        Assertions.assertThat(Integer.parseInt(m.group(1))).as("gave up when persistently unhealthy, not after 90 s")
                .isBetween(15, 30);
        Assertions.assertThat(seconds).as("the whole start, even on a loaded machine").isLessThan(170);
    }
}
