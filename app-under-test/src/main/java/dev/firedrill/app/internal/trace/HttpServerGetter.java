package dev.firedrill.app.internal.trace;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerAttributesGetter;
import java.net.InetSocketAddress;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;

/** HTTP server semconv for a Jetty 12 core {@link Request}; the response is its status code. */
enum HttpServerGetter implements HttpServerAttributesGetter<Request, Integer>, TextMapGetter<Request> {
    INSTANCE;

    @Override
    public String getHttpRequestMethod(Request r) {
        return r.getMethod();
    }

    @Override
    public List<String> getHttpRequestHeader(Request r, String name) {
        return r.getHeaders().getValuesList(name);
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

    @Override
    public Iterable<String> keys(Request r) {
        return r.getHeaders().stream().map(HttpField::getName).toList();
    }

    @Override
    public String get(Request r, String key) {
        return r == null ? null : r.getHeaders().get(key);
    }
}
