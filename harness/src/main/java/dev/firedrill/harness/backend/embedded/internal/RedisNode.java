package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.internal.ManagedProcess;
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
    private final String host;
    /** Starts the server process; null for the embedded one (a local redis-server). */
    private final java.util.function.Supplier<ManagedProcess> launcher;
    private volatile ManagedProcess process;

    private RedisNode(String name, String host, int port, Path dataDir, Path runDir,
            java.util.function.Supplier<ManagedProcess> launcher) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.dataDir = dataDir;
        this.runDir = runDir;
        this.launcher = launcher;
    }

    /**
     * A Redis that {@code launcher} starts (a container) and that the harness reaches at {@code host:port}; starts it
     * and waits until it answers PING. A restart (the heal of a cache kill) calls {@code launcher} again.
     */
    public static RedisNode external(String name, String host, int port,
            java.util.function.Supplier<ManagedProcess> launcher) {
        RedisNode node = new RedisNode(name, host, port, null, null, launcher);
        node.launch();
        return node;
    }

    /** Starts Redis on 127.0.0.1:port and waits until it answers PING. */
    public static RedisNode start(String name, int port, Path runDir) {
        Path data = runDir.resolve(name);
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new ProvisioningException(name, "cannot create " + data + ": " + e.getMessage());
        }
        RedisNode node = new RedisNode(name, "127.0.0.1", port, data, runDir, null);
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
        if (launcher != null) {
            process = launcher.get();
            awaitPing();
            return;
        }
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
        awaitPing();
    }

    private void awaitPing() {
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
        throw new ProvisioningException(name, "redis-server did not answer PING on " + host + ":" + port + " within 10 s; "
                + process.diagnostics());
    }

    /** Whether Redis answers PING right now. */
    public boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 200);
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

    /** Where the harness reaches it: 127.0.0.1, or its container's address. */
    public String host() {
        return host;
    }

    public java.net.InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        ManagedProcess p = process;
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
