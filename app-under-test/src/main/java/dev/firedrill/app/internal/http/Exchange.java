package dev.firedrill.app.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** One request as routes see it: path parameters, query, cookies and a size-limited JSON body. */
public final class Exchange {
    private static final long DRAIN_LIMIT = 4L * 1024 * 1024;

    private final Request request;
    private final List<String> pathParams;
    private final int maxBodyBytes;
    private final ObjectMapper json;
    private Fields query;

    Exchange(Request request, List<String> pathParams, int maxBodyBytes, ObjectMapper json) {
        this.request = request;
        this.pathParams = pathParams;
        this.maxBodyBytes = maxBodyBytes;
        this.json = json;
    }

    public String pathParam(int index) {
        return pathParams.get(index);
    }

    /** The path parameter as a positive id, or 400 naming it. */
    public long idParam(int index, String what) {
        String raw = pathParam(index);
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through to the 400
        }
        throw ApiException.badRequest("bad_id", what + " id '" + raw + "' is not a positive integer");
    }

    public String query(String name) {
        if (query == null) {
            query = Request.extractQueryParameters(request);
        }
        return query.getValue(name);
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    public String cookie(String name) {
        List<HttpCookie> cookies = Request.getCookies(request);
        for (HttpCookie c : cookies) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }

    /**
     * Reads the body as a JSON object, enforcing the size limit before and while reading.
     *
     * @return the parsed object
     * @throws ApiException 413 when too large, 415 for a non-JSON content type, 400 when malformed or not an object
     */
    public JsonNode jsonObject() {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            throw new ApiException(415, "unsupported_media_type",
                    "Content-Type '" + type + "' is not JSON; send application/json");
        }
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            drain();
            throw tooLarge(declared);
        }
        byte[] body = readAtMost(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            drain();
            throw tooLarge(body.length);
        }
        if (body.length == 0) {
            throw ApiException.badRequest("malformed_json", "the request body is empty; send a JSON object");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed_json", "the body is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_json", "the body could not be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("malformed_json", "the body must be a JSON object, e.g. {\"value\": 1}");
        }
        return node;
    }

    /**
     * Reads and drops the body (up to 4 MiB) for a route that answers without it: a reply written while the body
     * is unread makes Jetty close the connection after the answer, and a keep-alive client may already have sent
     * its next request on it.
     */
    public void discardBody() {
        drain();
    }

    private ApiException tooLarge(long size) {
        return new ApiException(413, "payload_too_large",
                "the body has " + (size > maxBodyBytes + 1 ? size + " bytes" : "more than " + maxBodyBytes + " bytes")
                        + "; the limit is " + maxBodyBytes + " bytes (MAX_BODY_BYTES)");
    }

    /**
     * Reads and drops what is left of an oversized body (up to {@link #DRAIN_LIMIT}), so the client finishes
     * sending and reads the 413 instead of seeing its connection reset mid-upload.
     */
    private void drain() {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while (total < DRAIN_LIMIT && (n = in.read(buffer)) >= 0) {
                total += n;
            }
        } catch (IOException e) {
            // the connection is closed after the 413 anyway
        }
    }

    private byte[] readAtMost(int limit) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            return in.readNBytes(limit);
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable_body", "the body could not be read: " + e.getMessage());
        }
    }
}
