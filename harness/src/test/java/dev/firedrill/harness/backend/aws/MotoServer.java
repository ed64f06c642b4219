package dev.firedrill.harness.backend.aws;

import dev.firedrill.harness.internal.Ports;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * moto's server (an AWS emulator, {@code moto_server} on PATH) on a free loopback port, for the aws target's tests;
 * killed with its process tree on close. Tests that need it are skipped, saying why, where it is not installed.
 */
public final class MotoServer implements AutoCloseable {
    /** The account moto answers {@code sts:GetCallerIdentity} with. */
    public static final String ACCOUNT = "123456789012";

    private final Process process;
    private final String url;

    private MotoServer(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    public static MotoServer start(Path logDir) throws Exception {
        boolean onPath = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            onPath |= Files.isExecutable(Path.of(dir, "moto_server"));
        }
        Assumptions.assumeTrue(onPath, "moto_server is not on PATH (pip install 'moto[server]'): the aws target's "
                + "end-to-end test needs an AWS-compatible endpoint");
        int port = Ports.freePort();
        Process p = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(logDir.resolve("moto.log").toFile()).start();
        String url = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(url + "/moto-api/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return new MotoServer(p, url);
            } catch (java.io.IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("moto_server did not start on " + url + ": "
                            + Files.readString(logDir.resolve("moto.log")), e);
                }
                Thread.sleep(100);
            }
        }
    }

    public String url() {
        return url;
    }

    @Override
    public void close() throws Exception {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
