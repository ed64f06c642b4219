package dev.firedrill.harness.backend.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.firedrill.harness.backend.ComponentInfo;
import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.backend.Endpoints;
import dev.firedrill.harness.backend.Probe;
import dev.firedrill.harness.topology.ComponentKind;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.Topology;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake backend's running stack: an in-memory model of the components (which are running, which is the
 * primary) and an HTTP item store on 127.0.0.1 standing in for the load balancer, answering the reference API's
 * {@code /health}, {@code POST /items}, {@code PUT /items/{id}} (optimistic versions) and {@code GET /items/{id}}.
 */
public final class FakeDeployment implements Deployment {
    static {
        // without it every small answer waits out the 40 ms delayed ACK (Nagle), as the TestServer's command says
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");

    private final FakeBackend backend;
    private final Topology topology;
    private final Map<String, ComponentSpec> components = new LinkedHashMap<>();
    /** Instance name → running (not killed, stopped or paused). */
    final Map<String, Boolean> running = new ConcurrentHashMap<>();
    private final FakeFaults faults;
    private final HttpServer http;
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "fake-alb");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, String[]> items = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong rr = new AtomicLong();
    private volatile boolean closed;

    FakeDeployment(FakeBackend backend, Topology topology) {
        this.backend = backend;
        this.topology = topology;
        topology.components().forEach(c -> components.put(c.name(), c));
        topology.components().stream().filter(c -> c.kind() == ComponentKind.APP_INSTANCE)
                .forEach(c -> running.put(c.name(), true));
        this.faults = new FakeFaults(this);
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.setExecutor(httpThreads);
        http.createContext("/health", ex -> reply(ex, 200, "{\"status\":\"ok\"}"));
        http.createContext("/items", this::items);
        http.createContext("/", ex -> reply(ex, 200, "{}"));
        http.start();
    }

    private void items(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = ex.getRequestMethod();
        if (path.equals("/items") && method.equals("POST")) {
            long id = ids.incrementAndGet();
            String v = match(VALUE, body);
            items.put(id, new String[] {"1", v});
            reply(ex, 201, item(id, 1, v));
            return;
        }
        long id;
        try {
            id = Long.parseLong(path.substring("/items/".length()));
        } catch (RuntimeException e) {
            reply(ex, 404, "{\"error\":\"no such item\"}");
            return;
        }
        synchronized (items) {
            String[] cur = items.get(id);
            if (cur == null) {
                reply(ex, 404, "{\"error\":\"no such item\"}");
            } else if (method.equals("PUT")) {
                long want = Long.parseLong(match(VERSION, body));
                long have = Long.parseLong(cur[0]);
                if (want != have) {
                    reply(ex, 409, "{\"error\":\"version conflict\",\"version\":" + have + "}");
                } else {
                    String v = match(VALUE, body);
                    items.put(id, new String[] {Long.toString(have + 1), v});
                    reply(ex, 200, item(id, have + 1, v));
                }
            } else {
                reply(ex, 200, item(id, Long.parseLong(cur[0]), cur[1]));
            }
        }
    }

    private static String match(Pattern p, String body) {
        Matcher m = p.matcher(body);
        return m.find() ? m.group(1) : "";
    }

    private static String item(long id, long version, String value) {
        return "{\"id\":" + id + ",\"version\":" + version + ",\"value\":\"" + value + "\"}";
    }

    /** Round robin over the running instances, as the load balancer would route. */
    private String nextInstance() {
        List<String> up = running.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted()
                .toList();
        return up.isEmpty() ? "none" : up.get((int) (rr.getAndIncrement() % up.size()));
    }

    private void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("X-Instance-Id", nextInstance());
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    FakeBackend owner() {
        return backend;
    }

    synchronized List<ComponentSpec> components() {
        return List.copyOf(components.values());
    }

    /** A promoted replica becomes the primary; the old primary is gone (the fake rebuilds no replica). */
    synchronized void promote(String primary, String replica) {
        ComponentSpec r = components.get(replica);
        components.put(replica, new ComponentSpec(r.name(), ComponentKind.DB_PRIMARY, r.az(), r.subnet(),
                r.securityGroup(), r.port()));
        components.remove(primary);
    }

    /** Whether the component is in the model and, for an instance, running. */
    public boolean isRunning(String component) {
        return running.getOrDefault(component, components.containsKey(component));
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public Endpoints endpoints() {
        List<ComponentInfo> out = new ArrayList<>();
        for (ComponentSpec c : components()) {
            out.add(new ComponentInfo(c.name(), c.kind().id(), c.az(), null, "fake:" + c.name()));
        }
        return new Endpoints("http://127.0.0.1:" + http.getAddress().getPort(), null, null, null, null, null, null,
                Map.of(), null, out);
    }

    @Override
    public Path runDir() {
        return null;
    }

    @Override
    public String backend() {
        return backend.name();
    }

    @Override
    public FakeFaults faults() {
        return faults;
    }

    @Override
    public List<Probe> probes() {
        return List.of(new Probe() {
            @Override
            public String name() {
                return "fake-target-health";
            }

            @Override
            public void sample(Readings out) {
                running.forEach((n, up) -> out.state("target_health", n, up ? "healthy" : "unhealthy"));
            }
        });
    }

    @Override
    public String stopReason() {
        return backend.stopReason();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop(0);
        httpThreads.shutdownNow();
        backend.record("close " + topology.name());
        backend.closedOne();
    }
}
