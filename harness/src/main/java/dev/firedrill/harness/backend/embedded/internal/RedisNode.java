package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.internal.ChildProcess;
import dev.firedrill.harness.internal.ChildProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Redis server process: {@code redis-server} from PATH when present, else the Linux binary shipped
 * in the embedded-redis jar (Redis 6.2), copied once into the user cache.
 */
public final class RedisNode implements AutoCloseable {
    private static final String JAR_BINARY = "redis-server-6.2.6-v5-linux-amd64";

    private final String name;
    private final int port;
    private final Path dataDir;
    private final Path runDir;
    private volatile ChildProcess process;

    private RedisNode(String name, int port, Path dataDir, Path runDir) {
        this.name = name;
        this.port = port;
        this.dataDir = dataDir;
        this.runDir = runDir;
    }

    /** Starts Redis on 127.0.0.1:port and waits until it answers PING. */
    public static RedisNode start(String name, int port, Path runDir) {
        Path data = runDir.resolve(name);
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new ProvisioningException(name, "cannot create " + data + ": " + e.getMessage());
        }
        RedisNode node = new RedisNode(name, port, data, runDir);
        node.launch();
        return node;
    }

    /** The redis-server binary to run. */
    static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "redis-server");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        String os = System.getProperty("os.name").toLowerCase();
        String arch = System.getProperty("os.arch");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new ProvisioningException("redis", "no Redis binary for " + os + "/" + arch
                    + "; install redis-server on PATH (e.g. apt-get install redis-server) and run again");
        }
        Path dir = UserCache.ensure("redis-6.2.6", target -> {
            try (InputStream in = RedisNode.class.getClassLoader().getResourceAsStream(JAR_BINARY)) {
                if (in == null) {
                    throw new IOException("resource " + JAR_BINARY + " missing: is com.github.codemonstur:embedded-redis"
                            + " on the classpath?");
                }
                Path bin = target.resolve("redis-server");
                Files.copy(in, bin, StandardCopyOption.REPLACE_EXISTING);
                bin.toFile().setExecutable(true, false);
            }
        });
        return dir.resolve("redis-server");
    }

    void launch() {
        Path bin;
        try {
            bin = binary();
        } catch (RuntimeException e) {
            if (e instanceof ProvisioningException p) {
                throw p;
            }
            throw new ProvisioningException(name, e.getMessage(), e);
        }
        List<String> cmd = List.of(bin.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dataDir.toString(), "--protected-mode", "no",
                "--daemonize", "no", "--loglevel", "warning");
        Path log = runDir.resolve(name + ".log");
        process = ChildProcesses.start(name, cmd, Map.of(), dataDir, log, runDir);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new ProvisioningException(name, "redis-server did not start on port " + port + ": "
                        + process.diagnostics());
            }
            if (ping()) {
                return;
            }
            sleep(10);
        }
        process.kill();
        throw new ProvisioningException(name, "redis-server did not answer PING on 127.0.0.1:" + port + " within 10 s; "
                + process.diagnostics());
    }

    /** Whether Redis answers PING right now. */
    public boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[7];
            int n = s.getInputStream().read(buf);
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Restarts a stopped or killed server on the same port (data is not persisted, as a cache). */
    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            return;
        }
        launch();
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        ChildProcess p = process;
        if (p != null) {
            p.stop(Duration.ofSeconds(2));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("redis", "interrupted while starting");
        }
    }
}
