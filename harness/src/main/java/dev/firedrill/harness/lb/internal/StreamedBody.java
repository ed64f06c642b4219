package dev.firedrill.harness.lb.internal;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** The client's request body, read on demand as the target connection can take it (no buffering). */
final class StreamedBody implements org.eclipse.jetty.client.Request.Content {
    private final Request in;

    StreamedBody(Request in) {
        this.in = in;
    }

    @Override
    public long getLength() {
        return in.getLength();
    }

    @Override
    public Content.Chunk read() {
        return in.read();
    }

    @Override
    public void demand(Runnable demandCallback) {
        in.demand(demandCallback);
    }

    @Override
    public void fail(Throwable failure) {
        in.fail(failure);
    }

    @Override
    public String getContentType() {
        return in.getHeaders().get(HttpHeader.CONTENT_TYPE);
    }

    @Override
    public boolean rewind() {
        return false;
    }
}
