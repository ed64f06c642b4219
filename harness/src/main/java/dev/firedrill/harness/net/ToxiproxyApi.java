package dev.firedrill.harness.net;

import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.internal.Ports;
import dev.firedrill.harness.net.internal.ApiHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A Toxiproxy-compatible HTTP API over a {@link LinkRegistry}, on 127.0.0.1, so the toxiproxy-java
 * client, toxiproxy-cli and curl scripts written for Toxiproxy drive firedrill's links. Routes,
 * JSON shapes and status codes follow Toxiproxy 2.x: {@code GET /version}, {@code GET|POST
 * /proxies}, {@code GET|POST|PATCH|DELETE /proxies/{name}}, {@code GET|POST /proxies/{name}/toxics},
 * {@code GET|POST|PATCH|DELETE /proxies/{name}/toxics/{toxic}}, {@code POST /reset}, {@code POST
 * /populate}; errors are {@code {"error": "...", "status": 404}}. Beside them, firedrill's own {@code GET
 * /flows?since=EPOCH_MILLIS&edge=GLOB}: the links' {@link FlowRecord}s as a JSON array (ended at or after
 * {@code since}, then the open ones; {@code edge} matches an edge such as {@code app-*->db-writer} or a link name).
 *
 * <pre>{@code
 * try (ToxiproxyApi api = ToxiproxyApi.start(links, 0)) {
 *     ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", api.address().getPort());
 * }
 * }</pre>
 */
public final class ToxiproxyApi implements AutoCloseable {
    /** The Toxiproxy version whose API this mimics (reported by {@code GET /version}). */
    public static final String TOXIPROXY_VERSION = "2.12.0";

    private final Server server;
    private final int port;

    private ToxiproxyApi(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts the API on 127.0.0.1:{@code port} (0 = any; Toxiproxy's default is 8474). */
    public static ToxiproxyApi start(LinkRegistry links, int port) {
        return start(links, port, null);
    }

    /**
     * As {@link #start(LinkRegistry, int)}, with {@code extension} serving every path under
     * {@code /firedrill/} (firedrill's own fault API beside Toxiproxy's).
     */
    public static ToxiproxyApi start(LinkRegistry links, int port, org.eclipse.jetty.server.Handler extension) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("toxiproxy-api");
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(Ports.LOOPBACK.getHostAddress());
        connector.setPort(port);
        server.addConnector(connector);
        ApiHandler api = new ApiHandler(links);
        if (extension == null) {
            server.setHandler(api);
        } else {
            server.setHandler(new org.eclipse.jetty.server.Handler.Sequence(
                    new org.eclipse.jetty.server.Handler.Abstract() {
                        @Override
                        public boolean handle(org.eclipse.jetty.server.Request request,
                                org.eclipse.jetty.server.Response response, org.eclipse.jetty.util.Callback callback)
                                throws Exception {
                            return org.eclipse.jetty.server.Request.getPathInContext(request).startsWith("/firedrill/")
                                    && extension.handle(request, response, callback);
                        }
                    }, api));
        }
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // nothing more to release
            }
            throw new ProvisioningException("toxiproxy-api", "cannot listen on 127.0.0.1:" + port + " ("
                    + e.getMessage() + "); pick a free port or 0", e);
        }
        return new ToxiproxyApi(server, connector.getLocalPort());
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(Ports.LOOPBACK, port);
    }

    /** e.g. {@code http://127.0.0.1:8474} */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops the HTTP server; the links stay open (they belong to the registry). */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new ProvisioningException("toxiproxy-api", "did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
