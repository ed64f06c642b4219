package dev.firedrill.harness.backend.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Volume;
import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.backend.ProgressListener;
import dev.firedrill.harness.backend.embedded.Nodes;
import dev.firedrill.harness.backend.embedded.internal.AppInstance;
import dev.firedrill.harness.backend.embedded.internal.PostgresServer;
import dev.firedrill.harness.backend.embedded.internal.RedisNode;
import dev.firedrill.harness.backend.embedded.internal.ReferenceApp;
import dev.firedrill.harness.backend.embedded.internal.SqsNode;
import dev.firedrill.harness.internal.ManagedProcess;
import dev.firedrill.harness.topology.AppSpec;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.ContainerImages;
import dev.firedrill.harness.topology.Topology;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The containers backend's {@link Nodes}: every component a container on a network of this run's own (a /24 with
 * static addresses, so a restarted container keeps its address), started through Testcontainers. The links,
 * the ALB simulator and the control API stay in the harness: links in front of components listen on the
 * network's gateway, which the containers reach and nothing off this host does.
 */
final class ContainerNodes implements Nodes {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerNodes.class);
    static final int APP_PORT = 8080;
    private static final String PGDATA_STANDBY = "/var/lib/postgresql/standby";
    private static final String APP_JAR = "/opt/firedrill/app.jar";
    /** The server settings of the embedded backend's template ({@code PostgresSettings}), as -c options. */
    private static final List<String> PG_SETTINGS = List.of("listen_addresses=*", "wal_level=replica",
            "max_wal_senders=10", "max_replication_slots=10", "hot_standby=on", "fsync=off",
            "wal_retrieve_retry_interval=50ms", "wal_receiver_status_interval=1s", "shared_buffers=32MB",
            "max_connections=100", "log_line_prefix=%m [%p] %q%a ");

    private final Topology topology;
    private final ContainerImages images;
    private final DockerSocket socket;
    private final String run;
    private final String owner;
    private DockerClient docker;
    private String networkId;
    private String subnetPrefix;
    private InetAddress gateway;
    private final AtomicInteger nextHost = new AtomicInteger(10);
    private final Map<String, ContainerProcess> containers = new LinkedHashMap<>();
    private Process reaper;
    private String neighbourNote = "";

    ContainerNodes(Topology topology, DockerSocket socket) {
        this.topology = topology;
        this.images = topology.containers();
        this.socket = socket;
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        this.run = "fd" + java.util.HexFormat.of().formatHex(b);
        this.owner = ProcessHandle.current().pid() + "@" + hostName();
    }

    String runId() {
        return run;
    }

    @Override
    public String backend() {
        return ContainersBackend.NAME;
    }

    @Override
    public InetAddress componentSide() {
        return gateway;
    }

    @Override
    public void prepare(ProgressListener progress) {
        long t0 = System.nanoTime();
        sweepStale(progress);
        docker = DockerEngine.client(socket);
        startReaper();
        createNetwork();
        progress.componentReady("network", "Docker network firedrill-" + run + " " + subnetPrefix + "0/24, links on "
                + gateway.getHostAddress() + "; cleanup: " + DockerEngine.reaperNote() + (reaper == null ? ""
                : ", pid " + reaper.pid()) + neighbourNote, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Removes the runs whose harness is gone (killed before its reaper could act, or the engine was down). */
    private void sweepStale(ProgressListener progress) {
        if (socket != null) {
            Reaper.sweepStale(socket, hostName()).forEach(progress::step);
        }
    }

    private void startReaper() {
        if (socket == null) {
            return;
        }
        List<String> cmd = new ArrayList<>();
        if (java.nio.file.Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid"); // its own session: a signal to the harness's process group spares it
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx24m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), Reaper.class.getName(), socket.path().toString(), run));
        try {
            reaper = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new ProvisioningException("docker", "cannot start firedrill's reaper (" + e.getMessage() + "); "
                    + "without it a killed harness would leave containers running");
        }
    }

    private void createNetwork() {
        SecureRandom r = new SecureRandom();
        DockerException last = null;
        for (int attempt = 0; attempt < 12; attempt++) {
            String prefix = "10.213." + r.nextInt(256) + ".";
            try {
                networkId = docker.createNetworkCmd().withName("firedrill-" + run).withDriver("bridge")
                        .withLabels(labels("network")).withCheckDuplicate(true)
                        .withIpam(new com.github.dockerjava.api.model.Network.Ipam().withConfig(
                                new com.github.dockerjava.api.model.Network.Ipam.Config().withSubnet(prefix + "0/24")
                                        .withGateway(prefix + "1"))).exec().getId();
                subnetPrefix = prefix;
                gateway = InetAddress.getByName(prefix + "1");
                fastNeighbourFailure();
                return;
            } catch (DockerException e) {
                last = e; // the subnet overlaps another network: draw again
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new ProvisioningException("docker", "cannot create this run's network (no free 10.213.x.0/24 after 12 "
                + "draws): " + (last == null ? "" : last.getMessage()));
    }

    /**
     * A killed or stopped container's address stops answering ARP, and the kernel reports "no route to host" only
     * after 3 probes 1 s apart: every connection to a dead instance would hang ~3 s (wall time, whatever the
     * scenario's time scale) where a dead process's port refuses at once. On the run's bridge, 2 probes 100 ms apart
     * make it ~0.2 s. Needs root (the sysctl); without it the kernel's default stays and the progress line says so.
     */
    private void fastNeighbourFailure() {
        Path dir = Path.of("/proc/sys/net/ipv4/neigh", "br-" + networkId.substring(0, 12));
        try {
            java.nio.file.Files.writeString(dir.resolve("retrans_time_ms"), "100");
            java.nio.file.Files.writeString(dir.resolve("mcast_solicit"), "2");
            neighbourNote = "";
        } catch (IOException | RuntimeException e) {
            neighbourNote = "; a dead container's address fails only after the kernel's ~3 s ARP timeout (not root: "
                    + dir + " not writable)";
        }
    }

    private Network network() {
        String id = networkId;
        return new Network() {
            @Override
            public String getId() {
                return id;
            }

            @Override
            public void close() {
                // removed with the run (close)
            }
        };
    }

    private Map<String, String> labels(String component) {
        Map<String, String> l = new HashMap<>();
        l.put(Reaper.RUN_LABEL, run);
        l.put(Reaper.OWNER_LABEL, owner);
        l.put("dev.firedrill.component", component);
        l.put("dev.firedrill.topology", topology.name());
        return l;
    }

    private String nextAddress() {
        int n = nextHost.getAndIncrement();
        if (n > 254) {
            throw new ProvisioningException("docker", "this run's /24 network has no free address left");
        }
        return subnetPrefix + n;
    }

    private String containerName(String component) {
        return "firedrill-" + run + "-" + component.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-");
    }

    /** A container of {@code image} for {@code component} at {@code ip}, on the run's network, never pulled. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private void configure(GenericContainer<?> container, String component, String ip) {
        String name = containerName(component);
        GenericContainer c = container;
        c.withNetwork(network()).withLabels(labels(component)).withImagePullPolicy(image -> false)
                .withStartupAttempts(1)
                .withCreateContainerCmdModifier((java.util.function.Consumer<com.github.dockerjava.api.command.CreateContainerCmd>)
                        cmd -> cmd.withName(name).withIpv4Address(ip).withHostName(component))
                .waitingFor(new AbstractWaitStrategy() {
                    @Override
                    protected void waitUntilReady() {
                        // the backend waits itself, on the service (SQL, PING, ListQueues, /health)
                    }
                });
    }

    private ContainerProcess started(GenericContainer<?> c, String component) {
        try {
            c.start();
        } catch (RuntimeException e) {
            throw new ProvisioningException(component, "container " + containerName(component) + " of "
                    + c.getDockerImageName() + " did not start: " + rootMessage(e));
        }
        ContainerProcess p = new ContainerProcess(docker, c.getContainerId(), containerName(component));
        synchronized (containers) {
            containers.put(component, p);
        }
        return p;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    private static DockerImageName image(String name, String compatibleWith) {
        DockerImageName n = DockerImageName.parse(name);
        return compatibleWith == null ? n : n.asCompatibleSubstituteFor(compatibleWith);
    }

    /**
     * The servers' pg_hba.conf, given with {@code -c hba_file} so any postgres image works: the official image's own
     * file allows password logins but no replication connection, which {@code pg_basebackup} and the standbys need.
     */
    private static final String HBA_FILE = "/etc/firedrill/pg_hba.conf";
    private static final String HBA = """
            # firedrill: passwords over the network (replication too); the image's init scripts use the socket
            local   all          all                 trust
            host    all          all   0.0.0.0/0     scram-sha-256
            host    replication  all   0.0.0.0/0     scram-sha-256
            """;

    private static void withHba(GenericContainer<?> c) {
        c.withCopyToContainer(org.testcontainers.images.builder.Transferable.of(HBA), HBA_FILE);
    }

    private static List<String> pgOptions(String clusterName) {
        List<String> out = new ArrayList<>(List.of("-c", "hba_file=" + HBA_FILE));
        for (String s : PG_SETTINGS) {
            out.add("-c");
            out.add(s);
        }
        out.add("-c");
        out.add("cluster_name=" + clusterName);
        return out;
    }

    /**
     * Testcontainers' PostgreSQLContainer, its port published on 127.0.0.1 only (Testcontainers' readiness check
     * connects through it; clients and components go through the links to the container's address).
     */
    private static final class Primary extends PostgreSQLContainer {
        Primary(DockerImageName image) {
            super(image);
            withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                    com.github.dockerjava.api.model.PortBinding.parse("127.0.0.1::5432")));
        }
    }

    @Override
    public PostgresServer startPrimary(String name, Path runDir) {
        String ip = nextAddress();
        String password = password();
        List<String> cmd = new ArrayList<>(List.of("postgres"));
        cmd.addAll(pgOptions(name));
        Primary c = new Primary(image(images.postgres(), "postgres"));
        c.withUsername("firedrill").withPassword(password).withDatabaseName("postgres")
                .withCommand(cmd.toArray(String[]::new));
        configure(c, name, ip);
        withHba(c);
        c.setWaitStrategy(new org.testcontainers.containers.wait.strategy.LogMessageWaitStrategy()
                .withRegEx(".*database system is ready to accept connections.*\\s").withTimes(2)
                .withStartupTimeout(Duration.ofSeconds(90)));
        ContainerProcess p = started(c, name);
        PostgresServer s = PostgresServer.external(name, ip, 5432, "firedrill", password, p);
        awaitSql(s, p, "a connection to " + ip + ":5432", conn -> true);
        return s;
    }

    @Override
    public PostgresServer startReplica(String name, PostgresServer primary, String host, int port, Path runDir) {
        String ip = nextAddress();
        String slot = PostgresServer.slotName(name);
        String conninfo = "host=" + host + " port=" + port + " user=" + primary.user() + " application_name=" + name
                + " sslmode=disable connect_timeout=2";
        StringBuilder script = new StringBuilder("set -e; rm -rf " + PGDATA_STANDBY + "; pg_basebackup -d '"
                + conninfo + "' -D " + PGDATA_STANDBY + " -X stream -C -S " + slot + " -R -c fast; chmod 700 "
                + PGDATA_STANDBY + "; exec postgres -D " + PGDATA_STANDBY);
        for (String o : pgOptions(name)) {
            script.append(' ').append(o.startsWith("-") ? o : "'" + o.replace("'", "'\\''") + "'");
        }
        GenericContainer<?> c = new GenericContainer<>(image(images.postgres(), "postgres"));
        configure(c, name, ip);
        withHba(c);
        c.withEnv("PGPASSWORD", primary.password())
                .withCreateContainerCmdModifier(cmd -> cmd.withUser("postgres").withEntrypoint("bash", "-c",
                        script.toString()).withCmd(List.of()));
        try {
            ContainerProcess p = started(c, name);
            PostgresServer s = PostgresServer.external(name, ip, 5432, primary.user(), primary.password(), p);
            awaitSql(s, p, "WAL streaming from " + host + ":" + port, conn -> {
                try (var st = conn.createStatement(); var rs = st.executeQuery(
                        "SELECT status FROM pg_stat_wal_receiver")) {
                    return rs.next() && "streaming".equals(rs.getString(1));
                }
            });
            return s;
        } catch (RuntimeException e) {
            primary.dropSlotOf(name); // else the primary keeps WAL for a replica that never came
            throw e;
        }
    }

    private interface SqlCheck {
        boolean test(Connection c) throws Exception;
    }

    private static void awaitSql(PostgresServer s, ManagedProcess p, String awaited, SqlCheck check) {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(120).toNanos();
        String last = "none";
        while (true) {
            if (!p.isAlive()) {
                throw new ProvisioningException(s.name(), "the container exited before " + awaited + ": "
                        + p.diagnostics());
            }
            try (Connection c = s.connect("postgres")) {
                if (check.test(c)) {
                    return;
                }
                last = "condition not met yet";
            } catch (Exception e) {
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new ProvisioningException(s.name(), "not ready after " + (System.nanoTime() - start) / 1_000_000
                        + " ms: awaited " + awaited + " (last error: " + last + "); " + p.diagnostics());
            }
            sleep(50);
        }
    }

    @Override
    public RedisNode startRedis(String name, Path runDir) {
        String ip = nextAddress();
        GenericContainer<?> c = new GenericContainer<>(image(images.redis(), "redis"))
                .withCommand("redis-server", "--save", "", "--appendonly", "no", "--protected-mode", "no",
                        "--bind", "0.0.0.0", "--loglevel", "warning");
        configure(c, name, ip);
        ContainerProcess[] p = new ContainerProcess[1];
        return RedisNode.external(name, ip, 6379, () -> {
            if (p[0] == null) {
                p[0] = started(c, name);
            } else {
                p[0].start(); // the heal of a cache kill: the same container, empty, at the same address
            }
            return p[0];
        });
    }

    @Override
    public InetSocketAddress placeQueue() {
        return new InetSocketAddress(nextAddress(), 9324);
    }

    @Override
    public SqsNode startSqs(InetSocketAddress at, int advertisedPort, String region) {
        GenericContainer<?> c = new GenericContainer<>(image(images.sqs(), null));
        configure(c, "sqs", at.getHostString());
        ContainerProcess p = started(c, "sqs");
        return SqsNode.external(at.getHostString(), at.getPort(), region, p, Duration.ofSeconds(90));
    }

    @Override
    public InetSocketAddress placeInstance(String name, AppSpec app) {
        return new InetSocketAddress(nextAddress(), APP_PORT);
    }

    @Override
    public AppInstance newInstance(ComponentSpec c, AppSpec app, String release, InetSocketAddress at,
            Map<String, String> env, Path runDir) {
        Map<String, String> full = new LinkedHashMap<>(env);
        List<String> command;
        String imageName;
        if (app.isReferenceApp()) {
            imageName = images.jre();
            full.putIfAbsent("BIND_ADDRESS", "0.0.0.0");
            command = new ArrayList<>(List.of("java"));
            command.addAll(ReferenceApp.jvmFlags());
            command.addAll(List.of("-jar", APP_JAR));
        } else {
            imageName = app.image();
            command = app.command();
        }
        Path jar = app.isReferenceApp() ? ReferenceApp.jar().toAbsolutePath() : null;
        String ip = at.getHostString();
        AppInstance.Launcher launcher = new AppInstance.Launcher() {
            private ContainerProcess p;

            @Override
            public synchronized ManagedProcess launch(AppInstance i) {
                if (p != null) {
                    p.start(); // the heal of a kill or stop: the same container at the same address
                    return p;
                }
                GenericContainer<?> g = new GenericContainer<>(image(imageName, null)).withEnv(full);
                if (!command.isEmpty()) {
                    g.withCommand(command.toArray(String[]::new));
                }
                configure(g, c.name(), ip);
                if (jar != null) {
                    g.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(new Bind(jar.toString(),
                            new Volume(APP_JAR), AccessMode.ro)));
                }
                p = started(g, c.name());
                return p;
            }
        };
        return new AppInstance(c.name(), c.az(), ip, at.getPort(), command, full, runDir, null, release, launcher);
    }

    @Override
    public String containerOf(ManagedProcess p) {
        return p instanceof ContainerProcess c ? c.name() : null;
    }

    @Override
    public String describe(ManagedProcess p) {
        return p == null ? "" : " (" + p + ")";
    }

    /** Removes every container and the network of this run, then lets the reaper go. Never throws. */
    @Override
    public void close() {
        try {
            if (docker != null) {
                List<Container> left = docker.listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of(Reaper.RUN_LABEL, run)).exec();
                left.parallelStream().forEach(x -> {
                    try {
                        docker.removeContainerCmd(x.getId()).withForce(true).withRemoveVolumes(true).exec();
                    } catch (RuntimeException e) {
                        LOG.debug("remove {}: {}", x.getId(), e.getMessage());
                    }
                });
                if (networkId != null) {
                    docker.removeNetworkCmd(networkId).exec();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("teardown of container run {}: {} (the reaper removes what is left)", run, e.getMessage());
        }
        if (reaper != null) {
            try {
                OutputStream o = reaper.getOutputStream();
                o.close(); // EOF: the reaper sweeps once more and exits
            } catch (IOException e) {
                // gone already
            }
        }
    }

    private static String password() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FiredrillException("interrupted");
        }
    }
}
