package dev.firedrill.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.FiredrillException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Talks to the control API of a running {@code firedrill up}, found through its endpoints.json. */
final class ControlClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String control;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ControlClient(String control) {
        this.control = control;
    }

    static ControlClient from(Path endpoints) {
        if (!Files.exists(endpoints)) {
            throw new FiredrillException("no running topology: " + endpoints + " does not exist; start one with "
                    + "'./firedrill up' (in another terminal) or pass --endpoints FILE");
        }
        try {
            JsonNode n = JSON.readTree(endpoints.toFile());
            if (!n.hasNonNull("control")) {
                throw new FiredrillException(endpoints + " has no 'control' URL; is it from an older firedrill?");
            }
            return new ControlClient(n.get("control").asText());
        } catch (IOException e) {
            throw new FiredrillException("cannot read " + endpoints + ": " + e.getMessage());
        }
    }

    JsonNode post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(control + path))
                    .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
        } catch (IOException e) {
            throw new FiredrillException("cannot encode the request to " + path + ": " + e.getMessage());
        }
    }

    /** GETs {@code pathAndQuery} (e.g. {@code /flows?since=0}); an error answer is a FiredrillException. */
    JsonNode get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(control + pathAndQuery)).timeout(Duration.ofSeconds(60)).GET()
                .build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode n = JSON.readTree(r.body());
            if (r.statusCode() >= 400) {
                throw new FiredrillException(n.hasNonNull("error") ? n.get("error").asText() : r.body());
            }
            return n;
        } catch (ConnectException e) {
            throw new FiredrillException("no running 'firedrill up' answers at " + control
                    + " (stale endpoints file?); start one with './firedrill up'");
        } catch (IOException e) {
            throw new FiredrillException("control API at " + control + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FiredrillException("interrupted");
        }
    }
}
