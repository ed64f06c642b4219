package dev.firedrill.app.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.app.internal.health.DeepHealth;
import dev.firedrill.app.internal.http.AppHandler;
import dev.firedrill.app.internal.http.Reply;
import dev.firedrill.app.internal.http.Router;
import dev.firedrill.app.internal.release.InjectedErrors;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bad releases at the HTTP level: a real Jetty with the app's handler and ops routes; the item routes are
 * stand-ins (their own behaviour is ItemsIT's), wrapped as ItemsApi wraps the real ones.
 */
class BadReleaseRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger creates = new AtomicInteger();
    private Server server;
    private URI base;

    private AppHandler listen(String version) throws Exception {
        AppHandler handler = new AppHandler("i-1", version, 65_536);
        server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        return handler;
    }

    private void serve(AppHandler handler, boolean unhealthy, InjectedErrors errors) {
        Router router = new Router();
        router.add("POST", "/items", errors.wrap(ex -> {
                    ex.jsonObject();
                    creates.incrementAndGet();
                    return Reply.json(201, "{\"id\":1}");
                }))
                .add("GET", "/items", ex -> Reply.json(200, "{\"items\":[]}"))
                .add("GET", "/items/{id}", errors.wrap(ex -> Reply.json(200, "{\"id\":1}")))
                .add("PUT", "/items/{id}", errors.wrap(ex -> Reply.json(200, "{\"id\":1}")));
        new OpsApi(new DeepHealth(100, JSON), metrics, Map.of(), false, unhealthy).register(router);
        handler.ready(router, JSON, metrics);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest.BodyPublisher body = "GET".equals(method) ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{\"value\":1,\"version\":1}");
        return http.send(HttpRequest.newBuilder(base.resolve(path)).method(method, body)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        metrics.close();
    }

    @Test
    void everyAnswerCarriesTheVersionEvenWhileStartingAndOnErrors() throws Exception {
        AppHandler handler = listen("v2");
        HttpResponse<String> starting = send("GET", "/health");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.headers().firstValue("X-App-Version")).as("the 503 starting too").hasValue("v2");
        serve(handler, false, InjectedErrors.none());
        for (String path : new String[] {"/health", "/metrics", "/items/1", "/no-such-route"}) {
            assertThat(send("GET", path).headers().firstValue("X-App-Version")).as(path).hasValue("v2");
        }
        HttpResponse<String> health = send("GET", "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok");
    }

    @Test
    void anUnhealthyReleaseFailsItsHealthCheckButServesItems() throws Exception {
        serve(listen("v3"), true, InjectedErrors.none());
        HttpResponse<String> health = send("GET", "/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("APP_FAULT=unhealthy");
        assertThat(send("POST", "/items").statusCode()).isEqualTo(201);
        assertThat(send("GET", "/items/1").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void anErroringReleaseFailsTheConfiguredShareOfItemRequestsOnly() throws Exception {
        serve(listen("v4"), false, new InjectedErrors(0.25));
        int failed = 0;
        int failedCreates = 0;
        int total = 0;
        for (int i = 0; i < 40; i++) {
            for (String[] r : new String[][] {{"POST", "/items"}, {"GET", "/items/1"}, {"PUT", "/items/1"}}) {
                HttpResponse<String> response = send(r[0], r[1]);
                total++;
                if (response.statusCode() == 500) {
                    failed++;
                    failedCreates += "POST".equals(r[0]) ? 1 : 0;
                    assertThat(response.body()).contains("APP_FAULT_ERROR_RATE=0.25");
                    assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("injected_fault");
                    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
                } else {
                    assertThat(response.statusCode()).as(r[0] + " " + r[1]).isBetween(200, 201);
                }
            }
            assertThat(send("GET", "/health").statusCode()).as("/health never fails").isEqualTo(200);
            assertThat(send("GET", "/metrics").statusCode()).as("/metrics never fails").isEqualTo(200);
            assertThat(send("GET", "/items").statusCode()).as("the list is not an injected route").isEqualTo(200);
        }
        assertThat(failed).as("a quarter of %d item requests", total).isEqualTo(total / 4);
        assertThat(creates.get()).as("a failed create never reaches the route").isEqualTo(40 - failedCreates);
    }
}
