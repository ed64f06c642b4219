package dev.firedrill.harness.net.internal;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.internal.Ports;
import dev.firedrill.harness.net.BlockMode;
import dev.firedrill.harness.net.FlowLog;
import dev.firedrill.harness.net.FlowRecord;
import dev.firedrill.harness.net.Link;
import dev.firedrill.harness.net.LinkListener;
import dev.firedrill.harness.net.LinkStats;
import dev.firedrill.harness.net.Toxic;
import dev.firedrill.harness.net.ToxicStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Link} implementation: a blocking-socket TCP proxy with toxics, blocks and counters. */
public final class ProxyLink implements Link {
    private static final Logger LOG = LoggerFactory.getLogger(Link.class);

    /** The flow log of a link opened on its own, until a registry gives it the shared one. */
    static final int OWN_FLOW_LOG = 10_000;

    private final String name;
    private final String edge;
    private volatile RandomGenerator random;
    private final Object lock = new Object();
    /**
     * Serialises whole listener reconfigurations (enable, disable, port change, close) including their wait for
     * the old accept thread, which happens outside {@code lock} because that thread takes {@code lock}. The accept
     * thread never takes this one.
     */
    private final Object reconfigure = new Object();
    private final Object timerLock = new Object();
    private final Map<String, Toxic> toxics = new LinkedHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final List<LinkListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextUpstream = new AtomicInteger();
    private final AtomicLong connectionsTotal = new AtomicLong();
    private final LongAdder bytesUp = new LongAdder();
    private final LongAdder bytesDown = new LongAdder();
    private volatile List<InetSocketAddress> upstreams;
    private volatile List<Toxic> toxicList = List.of();
    /** Until it completes, accepted connections wait before going upstream ({@link #holdUntil}); null: never. */
    private volatile java.util.concurrent.CompletableFuture<?> gate;
    private volatile BlockMode block = BlockMode.NONE;
    /** What set the block, for flow records (e.g. {@code fault f3 partition app|db}), or null. */
    private volatile String blockLabel;
    /** Toxic name → what added it, for flow records. */
    private final Map<String, String> toxicLabels = new ConcurrentHashMap<>();
    private volatile FlowLog flowLog;
    private volatile String securityGroupRule;
    private volatile ServerSocketChannel server;
    private Thread acceptThread;
    private volatile int port;
    /** The address the listener binds: 127.0.0.1, or a container network's gateway on the containers backend. */
    private final java.net.InetAddress bindAddress;
    private volatile boolean closed;
    private ScheduledThreadPoolExecutor timer;

    private ProxyLink(String name, List<InetSocketAddress> upstreams, RandomGenerator random,
            java.net.InetAddress bindAddress) {
        this.bindAddress = bindAddress;
        this.name = name;
        this.edge = FlowRecord.edgeOf(name);
        this.upstreams = upstreams;
        this.random = random;
    }

    /** See {@link Link#open(String, List, int, RandomGenerator)}. */
    public static ProxyLink open(String name, List<InetSocketAddress> upstreams, int listenPort,
            RandomGenerator random) {
        return open(name, upstreams, Ports.LOOPBACK, listenPort, random);
    }

    /** As {@link #open(String, List, int, RandomGenerator)}, listening on {@code bindAddress}. */
    public static ProxyLink open(String name, List<InetSocketAddress> upstreams, java.net.InetAddress bindAddress,
            int listenPort, RandomGenerator random) {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new FaultException("link name '" + name + "' is invalid: give a non-empty name without '/'");
        }
        Objects.requireNonNull(random, "random");
        ProxyLink link = new ProxyLink(name, checkUpstreams(name, upstreams), random, bindAddress);
        try {
            link.listen(listenPort);
        } catch (IOException e) {
            throw new ProvisioningException("link '" + name + "'", "cannot listen on " + bindAddress.getHostAddress() + ":" + listenPort + " ("
                    + e.getMessage() + "): the port is taken or not allowed; pick another port or 0 for any", e);
        }
        return link;
    }

    private static List<InetSocketAddress> checkUpstreams(String name, List<InetSocketAddress> upstreams) {
        if (upstreams == null || upstreams.isEmpty() || upstreams.stream().anyMatch(Objects::isNull)) {
            throw new FaultException("link '" + name + "': upstreams " + upstreams
                    + " must be a non-empty list of host:port addresses");
        }
        return List.copyOf(upstreams);
    }

    private void listen(int listenPort) throws IOException {
        // channels, not plain sockets: the pumps then copy through direct buffers without extra copies
        ServerSocketChannel s = ServerSocketChannel.open();
        try {
            s.socket().setReuseAddress(true);
            s.bind(new InetSocketAddress(bindAddress, listenPort), 256);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        server = s;
        port = s.socket().getLocalPort();
        Thread t = new Thread(() -> acceptLoop(s), "link-" + name + "-accept");
        t.setDaemon(true);
        acceptThread = t;
        t.start();
    }

    /**
     * Closes the listening socket; call with {@code lock} held, then {@link #awaitStopped} without it. Closing a
     * channel that another thread is blocked accepting on only signals that thread: the kernel keeps the socket
     * listening (and completing handshakes) until the accept call returns, so "disabled" is only true once the
     * accept thread has ended.
     */
    private Thread stopListening() {
        Thread t = acceptThread;
        if (server != null) {
            closeServer(server);
            server = null;
        }
        acceptThread = null;
        return t;
    }

    private void awaitStopped(Thread t) {
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("link '{}': accept thread still running 2 s after the listener closed", name);
        }
    }

    private void acceptLoop(ServerSocketChannel s) {
        while (s.isOpen()) {
            SocketChannel c;
            try {
                c = s.accept();
            } catch (IOException e) {
                if (s.isOpen()) {
                    LOG.warn("link '{}': accept failed: {}", name, e.toString());
                }
                return;
            }
            try {
                c.socket().setTcpNoDelay(true);
            } catch (SocketException e) {
                Connection.closeQuietly(c.socket());
                continue;
            }
            accepted(s, c);
        }
    }

    private void accepted(ServerSocketChannel from, SocketChannel c) {
        connectionsTotal.incrementAndGet();
        long seed;
        RandomGenerator r = random;
        synchronized (r) {
            seed = r.nextLong();
        }
        Connection conn = new Connection(this, c, seed);
        BlockMode mode = blockMode();
        if (mode == BlockMode.REJECT) {
            connections.add(conn);
            conn.rejected(blockReason("rejected"), nextUpstream());
            denied(conn, "rejected (BlockMode.REJECT)");
            conn.close("rejected", true);
            return;
        }
        synchronized (lock) {
            if (server != from) {
                // accepted just before the listener was closed (disable, new port, close): refuse it
                Connection.closeQuietly(c.socket());
                return;
            }
            connections.add(conn);
            if (mode == BlockMode.NONE) {
                conn.syncToxics(toxicList);
            }
        }
        if (mode == BlockMode.BLACKHOLE) {
            String rule = securityGroupRule;
            conn.rejected(blockReason("dropped"), nextUpstream());
            denied(conn, rule == null ? "blackholed (BlockMode.BLACKHOLE)" : "security group is missing rule: " + rule);
            conn.hold();
            return;
        }
        java.util.concurrent.CompletableFuture<?> g = gate;
        if (g != null && !g.isDone()) {
            g.whenComplete((v, e) -> {
                if (e == null) {
                    connectUpstream(conn);
                } else {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e;
                    conn.close("upstream did not start: " + cause.getMessage(), true);
                }
            });
            return;
        }
        connectUpstream(conn);
    }

    private void connectUpstream(Connection conn) {
        List<InetSocketAddress> ups = upstreams;
        conn.start(ups.get(Math.floorMod(nextUpstream.getAndIncrement(), ups.size())));
    }

    @Override
    public void holdUntil(java.util.concurrent.CompletableFuture<?> ready) {
        gate = java.util.Objects.requireNonNull(ready, "ready");
    }

    /** Where the next connection would go, without taking the turn (for the record of a refused one). */
    private InetSocketAddress nextUpstream() {
        List<InetSocketAddress> ups = upstreams;
        return ups.get(Math.floorMod(nextUpstream.get(), ups.size()));
    }

    /**
     * What the block in force does to a connection, for its flow record: {@code fault f3 partition app|db: dropped},
     * {@code block reject: cut} when no label was given, the security group's missing rule when only it denies.
     */
    String blockReason(String what) {
        BlockMode b = block;
        if (b == BlockMode.NONE) {
            String rule = securityGroupRule;
            return rule == null ? what : "denied by security group: " + rule;
        }
        String label = blockLabel;
        return (label == null ? "block " + b.name().toLowerCase(Locale.ROOT) : label) + ": " + what;
    }

    /** {@code what} a toxic did, prefixed with what added it when known ({@code fault f4 timeout app->db: …}). */
    String byToxic(String toxicName, String what) {
        String label = toxicLabels.get(toxicName);
        return label == null ? what : label + ": " + what;
    }

    private void denied(Connection conn, String reason) {
        if (securityGroupRule != null && block != BlockMode.REJECT) {
            LOG.warn("link '{}': connection from {} denied: security group is missing rule: {}", name,
                    conn.clientAddress, securityGroupRule);
        }
        for (LinkListener l : listeners) {
            try {
                l.denied(this, conn.clientAddress, reason);
            } catch (RuntimeException e) {
                LOG.warn("link '{}': listener failed on denied: {}", name, e.toString());
            }
        }
    }

    void opened(Connection conn, InetSocketAddress upstream) {
        for (LinkListener l : listeners) {
            try {
                l.opened(this, conn.clientAddress, upstream);
            } catch (RuntimeException e) {
                LOG.warn("link '{}': listener failed on opened: {}", name, e.toString());
            }
        }
    }

    void closed(Connection conn, String reason, long endEpochNanos) {
        connections.remove(conn);
        FlowLog log = flowLog;
        if (log == null) {
            log = ownFlowLog();
        }
        log.add(conn.flow(endEpochNanos, reason));
        for (LinkListener l : listeners) {
            try {
                l.closed(this, conn.clientAddress, reason);
            } catch (RuntimeException e) {
                LOG.warn("link '{}': listener failed on closed: {}", name, e.toString());
            }
        }
    }

    boolean roll(double toxicity) {
        RandomGenerator r = random;
        synchronized (r) {
            return r.nextDouble() < toxicity;
        }
    }

    @Override
    public void reseed(long seed) {
        random = new java.util.SplittableRandom(seed);
    }

    void countBytes(ToxicStream stream, int n) {
        (stream == ToxicStream.UPSTREAM ? bytesUp : bytesDown).add(n);
    }

    Logger log() {
        return LOG;
    }

    ScheduledExecutorService timer() {
        synchronized (timerLock) {
            if (timer == null) {
                timer = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread t = new Thread(r, "link-" + name + "-timer");
                    t.setDaemon(true);
                    return t;
                });
                timer.setRemoveOnCancelPolicy(true);
            }
            return timer;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public InetSocketAddress listenAddress() {
        return new InetSocketAddress(bindAddress, port);
    }

    @Override
    public void setListenPort(int newPort) {
        synchronized (reconfigure) {
            changeListenPort(newPort);
        }
    }

    private void changeListenPort(int newPort) {
        boolean wasEnabled;
        Thread stopped;
        synchronized (lock) {
            checkOpen();
            wasEnabled = server != null;
            stopped = stopListening();
        }
        awaitStopped(stopped);
        synchronized (lock) {
            checkOpen();
            try {
                listen(newPort);
            } catch (IOException e) {
                if (wasEnabled) {
                    try {
                        listen(port);
                    } catch (IOException again) {
                        LOG.warn("link '{}': could not listen again on {}: {}", name, port, again.toString());
                    }
                }
                throw new FaultException("link '" + name + "': cannot listen on " + bindAddress.getHostAddress() + ":" + newPort + " ("
                        + e.getMessage() + "); pick a free port or 0");
            }
            if (!wasEnabled) {
                stopped = stopListening();
            } else {
                stopped = null;
            }
        }
        awaitStopped(stopped);
    }

    @Override
    public List<InetSocketAddress> upstreams() {
        return upstreams;
    }

    @Override
    public void setUpstreams(List<InetSocketAddress> next) {
        upstreams = checkUpstreams(name, next);
    }

    @Override
    public void cutConnections() {
        cutConnections(null);
    }

    @Override
    public void cutConnections(String label) {
        String reason = label == null ? "cut" : label + ": cut";
        for (Connection c : List.copyOf(connections)) {
            c.close(reason, true);
        }
    }

    @Override
    public void setEnabled(boolean enabled) {
        synchronized (reconfigure) {
            changeEnabled(enabled);
        }
    }

    private void changeEnabled(boolean enabled) {
        Thread stopped = null;
        synchronized (lock) {
            checkOpen();
            if (enabled && server == null) {
                try {
                    listen(port);
                } catch (IOException e) {
                    throw new FaultException("link '" + name + "': cannot listen again on " + bindAddress.getHostAddress() + ":" + port + " ("
                            + e.getMessage() + "); something else took the port while the link was disabled");
                }
            } else if (!enabled && server != null) {
                stopped = stopListening();
                cutConnections("link disabled");
            }
        }
        awaitStopped(stopped);
    }

    @Override
    public boolean isEnabled() {
        return server != null;
    }

    @Override
    public void block(BlockMode mode) {
        block(mode, null);
    }

    @Override
    public void block(BlockMode mode, String label) {
        Objects.requireNonNull(mode, "mode");
        synchronized (lock) {
            blockLabel = mode == BlockMode.NONE ? null : label;
            block = mode;
            afterBlockChange();
        }
    }

    @Override
    public BlockMode blockMode() {
        BlockMode b = block;
        return b == BlockMode.NONE && securityGroupRule != null ? BlockMode.BLACKHOLE : b;
    }

    @Override
    public void denyBySecurityGroup(String missingRuleDescription) {
        if (missingRuleDescription == null || missingRuleDescription.isBlank()) {
            throw new FaultException("link '" + name + "': describe the missing security-group rule, e.g. "
                    + "\"sg-app → sg-db tcp/5432\"");
        }
        synchronized (lock) {
            securityGroupRule = missingRuleDescription;
            int live = connections.size();
            if (live > 0) {
                LOG.warn("link '{}': {} live connection(s) denied: security group is missing rule: {}", name, live,
                        missingRuleDescription);
            }
            afterBlockChange();
        }
    }

    @Override
    public void allowBySecurityGroup() {
        synchronized (lock) {
            securityGroupRule = null;
            afterBlockChange();
        }
    }

    @Override
    public Optional<String> securityGroupDenial() {
        return Optional.ofNullable(securityGroupRule);
    }

    private void afterBlockChange() {
        BlockMode mode = blockMode();
        for (Connection c : List.copyOf(connections)) {
            if (mode == BlockMode.REJECT) {
                c.close(blockReason("cut"), true);
            } else if (mode == BlockMode.NONE && c.isHeld()) {
                // accepted while blackholed: never reached the server, so the client must reconnect
                c.close("block lifted; connection was never forwarded", true);
            }
        }
    }

    @Override
    public Toxic addToxic(Toxic toxic) {
        return addToxic(toxic, null);
    }

    @Override
    public Toxic addToxic(Toxic toxic, String label) {
        Objects.requireNonNull(toxic, "toxic");
        synchronized (lock) {
            if (toxics.containsKey(toxic.name())) {
                throw new FaultException("link '" + name + "': toxic '" + toxic.name()
                        + "' already exists; use updateToxic or removeToxic first");
            }
            if (label != null) {
                toxicLabels.put(toxic.name(), label);
            }
            toxics.put(toxic.name(), toxic);
            publishToxics();
            return toxic;
        }
    }

    @Override
    public Toxic updateToxic(Toxic toxic) {
        Objects.requireNonNull(toxic, "toxic");
        synchronized (lock) {
            requireToxic(toxic.name());
            toxics.put(toxic.name(), toxic);
            publishToxics();
            return toxic;
        }
    }

    @Override
    public void removeToxic(String toxicName) {
        synchronized (lock) {
            requireToxic(toxicName);
            toxics.remove(toxicName);
            publishToxics();
            toxicLabels.remove(toxicName);
        }
    }

    private void requireToxic(String toxicName) {
        if (!toxics.containsKey(toxicName)) {
            throw new FaultException("link '" + name + "': no toxic named '" + toxicName + "'; present: "
                    + toxics.keySet());
        }
    }

    @Override
    public List<Toxic> toxics() {
        return toxicList;
    }

    @Override
    public Optional<Toxic> toxic(String toxicName) {
        synchronized (lock) {
            return Optional.ofNullable(toxics.get(toxicName));
        }
    }

    @Override
    public void resetToxics() {
        synchronized (lock) {
            toxics.clear();
            publishToxics();
            toxicLabels.clear();
        }
    }

    private void publishToxics() {
        toxicList = List.copyOf(new ArrayList<>(toxics.values()));
        for (Connection c : connections) {
            c.syncToxics(toxicList);
        }
    }

    @Override
    public LinkStats stats() {
        return new LinkStats(connectionsTotal.get(), connections.size(), bytesUp.sum(), bytesDown.sum());
    }

    @Override
    public String edge() {
        return edge;
    }

    @Override
    public void recordFlowsTo(FlowLog log) {
        flowLog = Objects.requireNonNull(log, "log");
    }

    @Override
    public FlowLog flowLog() {
        FlowLog log = flowLog;
        return log != null ? log : ownFlowLog();
    }

    private FlowLog ownFlowLog() {
        synchronized (timerLock) {
            if (flowLog == null) {
                flowLog = new FlowLog(OWN_FLOW_LOG);
            }
            return flowLog;
        }
    }

    @Override
    public List<FlowRecord> openFlows() {
        List<FlowRecord> out = new ArrayList<>();
        for (Connection c : connections) {
            if (!c.isClosed()) {
                out.add(c.flow(0, null));
            }
        }
        return out;
    }

    @Override
    public void addListener(LinkListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void close() {
        synchronized (reconfigure) {
            closeLink();
        }
    }

    private void closeLink() {
        Thread stopped;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stopped = stopListening();
            for (Connection c : List.copyOf(connections)) {
                c.close("link closed", false);
            }
            synchronized (timerLock) {
                if (timer != null) {
                    timer.shutdownNow();
                }
            }
        }
        awaitStopped(stopped);
    }

    private void checkOpen() {
        if (closed) {
            throw new FaultException("link '" + name + "' is closed");
        }
    }

    private static void closeServer(ServerSocketChannel s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }

    @Override
    public String toString() {
        return "Link[" + name + " " + bindAddress.getHostAddress() + ":" + port + " → " + upstreams + (isEnabled() ? "" : ", disabled")
                + (blockMode() == BlockMode.NONE ? "" : ", " + blockMode()) + ", toxics=" + toxics().size() + "]";
    }
}
