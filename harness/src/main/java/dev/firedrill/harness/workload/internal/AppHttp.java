package dev.firedrill.harness.workload.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one JDK {@link HttpClient} the workload and the final reads share. Java 17's client cannot be closed, so
 * one long-lived client (daemon threads) is used instead of one per run, which would leak a selector thread each.
 */
public final class AppHttp {
    private static final ExecutorService CALLBACKS = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "firedrill-workload-http");
        t.setDaemon(true);
        return t;
    });
    /** HTTP/1.1, 1 s connect timeout, callbacks on two daemon threads. */
    public static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).followRedirects(HttpClient.Redirect.NEVER)
            .executor(CALLBACKS).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private AppHttp() {
    }

    /** Parses a JSON body; null when it is not JSON. */
    public static JsonNode parse(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The item value as the history shows it: the text of a string, else the JSON. */
    public static String valueText(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    /** {@code code: detail} of an error body, else the body's start. */
    public static String errorText(int status, String body) {
        JsonNode n = parse(body);
        String s;
        if (n != null && n.has("error")) {
            s = n.path("error").asText() + (n.has("detail") ? ": " + n.path("detail").asText() : "");
        } else {
            s = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + body.strip());
        }
        return s.length() > 240 ? s.substring(0, 240) : s;
    }
}
