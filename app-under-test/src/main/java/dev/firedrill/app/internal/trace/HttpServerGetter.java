package dev.firedrill.app.internal.trace;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerAttributesGetter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;

/** HTTP server semconv for a Jetty 12 core {@link Request}; the response is its status code. */
enum HttpServerGetter implements HttpServerAttributesGetter<Request, Integer>, TextMapGetter<Request> {
    INSTANCE;

    @Override
    public String getHttpRequestMethod(Request r) {
        return r.getMethod();
    }

    /** The semconv extractors ask for several headers per request, most absent: no list unless one is there twice. */
    @Override
    public List<String> getHttpRequestHeader(Request r, String name) {
        HttpFields fields = r.getHeaders();
        String first = null;
        for (int i = 0, n = fields.size(); i < n; i++) {
            HttpField f = fields.getField(i);
            if (f.is(name)) {
                if (first != null) {
                    return fields.getValuesList(name);
                }
                first = f.getValue();
            }
        }
        return first == null ? List.of() : List.of(first);
    }

    @Override
    public Integer getHttpResponseStatusCode(Request r, Integer status, Throwable error) {
        return status;
    }

    @Override
    public List<String> getHttpResponseHeader(Request r, Integer status, String name) {
        return List.of();
    }

    @Override
    public String getUrlScheme(Request r) {
        return r.getHttpURI().getScheme();
    }

    @Override
    public String getUrlPath(Request r) {
        return r.getHttpURI().getPath();
    }

    @Override
    public String getUrlQuery(Request r) {
        return r.getHttpURI().getQuery();
    }

    @Override
    public String getNetworkProtocolName(Request r, Integer status) {
        return "http";
    }

    @Override
    public InetSocketAddress getNetworkPeerInetSocketAddress(Request r, Integer status) {
        return r.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a ? a : null;
    }

    /** The peer's address as text, reusing the last one's string (the peers are the ALB or a few clients). */
    @Override
    public String getNetworkPeerAddress(Request r, Integer status) {
        InetSocketAddress a = getNetworkPeerInetSocketAddress(r, status);
        if (a == null || a.getAddress() == null) {
            return null;
        }
        Peer last = lastPeer;
        if (last == null || !last.address.equals(a.getAddress())) {
            last = new Peer(a.getAddress(), a.getAddress().getHostAddress());
            lastPeer = last;
        }
        return last.text;
    }

    private record Peer(InetAddress address, String text) {
    }

    private volatile Peer lastPeer;

    @Override
    public Iterable<String> keys(Request r) {
        return r.getHeaders().stream().map(HttpField::getName).toList();
    }

    @Override
    public String get(Request r, String key) {
        return r == null ? null : r.getHeaders().get(key);
    }
}
