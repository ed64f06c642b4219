package dev.firedrill.harness.net;

import static dev.firedrill.harness.net.Clients.connect;
import static dev.firedrill.harness.net.Clients.pattern;
import static dev.firedrill.harness.net.Clients.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ToxiproxyApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private EchoServer echo;
    private LinkRegistry links;
    private ToxiproxyApi api;
    private ToxiproxyClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        links = new LinkRegistry(1L);
        api = ToxiproxyApi.start(links, 0);
        client = new ToxiproxyClient("127.0.0.1", api.address().getPort());
    }

    @AfterEach
    void stop() throws IOException {
        api.close();
        links.close();
        echo.close();
    }

    private String upstream() {
        return "127.0.0.1:" + echo.address().getPort();
    }

    private static InetSocketAddress listen(Proxy proxy) {
        String l = proxy.getListen();
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(l.substring(l.lastIndexOf(':') + 1)));
    }

    @Test
    void toxiproxyJavaClientCreatesAProxyAndALatencyToxic() throws IOException {
        Proxy proxy = client.createProxy("redis", "127.0.0.1:0", upstream());
        assertThat(proxy.isEnabled()).isTrue();
        assertThat(links.get("redis").upstreams()).containsExactly(echo.address());
        Latency latency = proxy.toxics().latency("lag", ToxicDirection.DOWNSTREAM, 300);
        assertThat(latency.getLatency()).isEqualTo(300);
        assertThat(latency.getToxicity()).isEqualTo(1.0f);
        assertThat(links.get("redis").toxics()).containsExactly(
                new LatencyToxic("lag", ToxicStream.DOWNSTREAM, 1.0, 300, 0));
        try (Socket s = connect(listen(proxy), 5_000)) {
            long t0 = System.nanoTime();
            roundTrip(s, pattern(100));
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);
        }
        latency.setJitter(10);
        assertThat(proxy.toxics().get("lag", Latency.class).getJitter()).isEqualTo(10);
        assertThat(proxy.toxics().getAll()).hasSize(1);
        latency.remove();
        assertThat(links.get("redis").toxics()).isEmpty();
        assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("redis");
    }

    @Test
    void disablingAProxyRefusesConnectionsAndResetHealsEverything() throws IOException {
        Proxy proxy = client.createProxy("db", "127.0.0.1:0", upstream());
        proxy.toxics().timeout("hole", ToxicDirection.UPSTREAM, 0);
        proxy.disable();
        assertThat(client.getProxy("db").isEnabled()).isFalse();
        assertThatThrownBy(() -> connect(listen(proxy), 500).close()).isInstanceOf(ConnectException.class);
        client.reset();
        assertThat(client.getProxy("db").isEnabled()).isTrue();
        assertThat(links.get("db").toxics()).isEmpty();
        try (Socket s = connect(listen(proxy), 2_000)) {
            assertThat(roundTrip(s, pattern(10))).isEqualTo(pattern(10));
        }
        assertThat(client.version()).contains(ToxiproxyApi.TOXIPROXY_VERSION);
        proxy.delete();
        assertThat(links.find("db")).isEmpty();
    }

    @Test
    void clientSeesToxiproxyErrorsForUnknownAndDuplicateNames() throws IOException {
        assertThatThrownBy(() -> client.getProxy("ghost")).isInstanceOf(IOException.class)
                .hasMessageContaining("[404]").hasMessageContaining("proxy not found");
        client.createProxy("dup", "127.0.0.1:0", upstream());
        assertThatThrownBy(() -> client.createProxy("dup", "127.0.0.1:0", upstream()))
                .hasMessageContaining("[409]").hasMessageContaining("proxy already exists");
    }

    @Test
    void badInputsGiveClientErrorsWithJsonBodies() throws Exception {
        links.open("web", echo.address(), 0);
        assertError(post("/proxies", "{not json"), 400, "bad request body");
        assertError(post("/proxies", "{\"name\":\"x\"}"), 400, "missing required field: upstream");
        assertError(post("/proxies/web/toxics", "{\"type\":\"gremlin\"}"), 400, "invalid toxic type");
        assertError(post("/proxies/web/toxics", "{\"type\":\"latency\",\"stream\":\"sideways\"}"), 400,
                "stream was invalid");
        assertError(post("/proxies/web/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":-1}}"), 400,
                "latency = -1");
        assertError(post("/proxies/web/toxics", "{\"type\":\"latency\",\"toxicity\":2}"), 400, "toxicity 2.0");
        assertError(post("/proxies/ghost/toxics", "{\"type\":\"latency\"}"), 404, "proxy not found");
        assertError(get("/proxies/web/toxics/ghost"), 404, "toxic not found");
        assertError(get("/nowhere"), 404, "not found");
    }

    @Test
    void toxicJsonHasToxiproxyShapeAndDefaults() throws Exception {
        links.open("web", echo.address(), 0);
        HttpResponse<String> created = post("/proxies/web/toxics",
                "{\"type\":\"latency\",\"attributes\":{\"latency\":100}}");
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode toxic = JSON.readTree(created.body());
        assertThat(toxic.get("name").asText()).isEqualTo("latency_downstream");
        assertThat(toxic.get("stream").asText()).isEqualTo("downstream");
        assertThat(toxic.get("toxicity").asDouble()).isEqualTo(1.0);
        assertThat(toxic.get("attributes").get("jitter").asLong()).isZero();
        JsonNode proxy = JSON.readTree(get("/proxies/web").body());
        assertThat(proxy.get("toxics").get(0).get("type").asText()).isEqualTo("latency");
        assertThat(proxy.get("listen").asText()).startsWith("127.0.0.1:");
        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(api.uri().resolve(
                "/proxies/web/toxics/latency_downstream")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
    }

    @Test
    void populateCreatesProxies() throws Exception {
        HttpResponse<String> r = post("/populate", "[{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
                + upstream() + "\"},{\"name\":\"b\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + upstream()
                + "\",\"enabled\":false}]");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(r.body()).get("proxies")).hasSize(2);
        assertThat(links.get("b").isEnabled()).isFalse();
    }

    /**
     * toxiproxy-cli cannot be installed here (no Go toolchain or GitHub), so this replays the requests its Go client
     * (Shopify/toxiproxy client/, used by the CLI) sends, byte for byte in shape: User-Agent toxiproxy-cli, a
     * toxic with an empty name and no stream, toxicity as a float, PATCH for toxic updates, and a proxy update
     * as POST /proxies/{name} with the whole proxy (toxics included).
     */
    @Test
    void requestsShapedAsToxiproxyCliSendsThemWork() throws Exception {
        // toxiproxy-cli create -l 127.0.0.1:0 -u UPSTREAM cli
        HttpResponse<String> created = send("POST", "/proxies", "{\"name\":\"cli\",\"listen\":\"127.0.0.1:0\","
                + "\"upstream\":\"" + upstream() + "\",\"enabled\":true,\"toxics\":null}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        // toxiproxy-cli list: a JSON object keyed by proxy name
        JsonNode all = JSON.readTree(send("GET", "/proxies", null).body());
        assertThat(all.get("cli").get("upstream").asText()).isEqualTo(upstream());
        // toxiproxy-cli toxic add -t latency -a latency=300 cli
        HttpResponse<String> toxic = send("POST", "/proxies/cli/toxics",
                "{\"name\":\"\",\"type\":\"latency\",\"toxicity\":1,\"attributes\":{\"latency\":300}}");
        assertThat(toxic.statusCode()).as(toxic.body()).isEqualTo(200);
        assertThat(JSON.readTree(toxic.body()).get("name").asText()).isEqualTo("latency_downstream");
        // toxiproxy-cli toxic update -n latency_downstream -a latency=100 cli  (toxicity -1 = unchanged, omitted)
        HttpResponse<String> updated = send("PATCH", "/proxies/cli/toxics/latency_downstream",
                "{\"attributes\":{\"latency\":100}}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(links.get("cli").toxics()).containsExactly(
                new LatencyToxic("latency_downstream", ToxicStream.DOWNSTREAM, 1.0, 100, 0));
        // toxiproxy-cli inspect cli
        JsonNode inspected = JSON.readTree(send("GET", "/proxies/cli", null).body());
        assertThat(inspected.get("toxics")).hasSize(1);
        // toxiproxy-cli toggle cli: the Go client saves the whole proxy it read, enabled flipped
        ((com.fasterxml.jackson.databind.node.ObjectNode) inspected).put("enabled", false);
        HttpResponse<String> toggled = send("POST", "/proxies/cli", JSON.writeValueAsString(inspected));
        assertThat(toggled.statusCode()).as(toggled.body()).isEqualTo(200);
        assertThat(JSON.readTree(toggled.body()).get("enabled").asBoolean()).isFalse();
        assertThat(links.get("cli").isEnabled()).isFalse();
        assertThat(links.get("cli").toxics()).as("a toggle keeps the toxics").hasSize(1);
        // toxiproxy-cli toxic remove -n latency_downstream cli; toxiproxy-cli delete cli
        assertThat(send("DELETE", "/proxies/cli/toxics/latency_downstream", null).statusCode()).isEqualTo(204);
        assertThat(send("POST", "/reset", "").statusCode()).isEqualTo(204);
        assertThat(links.get("cli").isEnabled()).isTrue();
        assertThat(send("DELETE", "/proxies/cli", null).statusCode()).isEqualTo(204);
        assertThat(links.find("cli")).isEmpty();
        assertThat(send("GET", "/version", null).body()).contains(ToxiproxyApi.TOXIPROXY_VERSION);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return http.send(HttpRequest.newBuilder(URI.create(api.uri() + path)).method(method, p)
                .header("User-Agent", "toxiproxy-cli").header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertError(HttpResponse<String> r, int status, String text) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).contains(text);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.uri() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.uri() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
