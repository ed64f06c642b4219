package dev.firedrill.harness.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.net.Link;
import dev.firedrill.harness.topology.Topology;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Node.js app with the {@code pg} driver from npm, using the env contract unmodified: it writes
 * through {@code DATABASE_URL} (the writer link), reads through {@code DATABASE_READER_URL} (the
 * reader link, a replica) and creates its table with libpq's {@code PG*} variables.
 */
class NonJavaAppIT {
    static final Path APP = Path.of("target", "node-app").toAbsolutePath();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void installPgFromNpm() throws Exception {
        Files.createDirectories(APP);
        try (InputStream in = NonJavaAppIT.class.getResourceAsStream("/dev/firedrill/harness/nodeapp/app.js")) {
            Files.copy(in, APP.resolve("app.js"), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(APP.resolve("node_modules/pg"))) {
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", APP.toString(),
                    "pg@8").redirectErrorStream(true).redirectOutput(APP.resolve("npm.log").toFile()).start();
            assertThat(npm.waitFor(120, TimeUnit.SECONDS) && npm.exitValue() == 0)
                    .as("npm install pg: " + Files.readString(APP.resolve("npm.log"))).isTrue();
        }
    }

    static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + " → " + r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void aNodeAppWritesThroughTheWriterAndReadsThroughTheReplicaWithTheEnvContractUnmodified() throws Exception {
        Topology t = Topology.builder().timeScale(0.01).instances(1)
                .app(List.of("node", APP.resolve("app.js").toString()), Map.of()).build();
        String firstPassword;
        try (EmbeddedDeployment d = new EmbeddedBackend().deploy(t)) {
            String lb = d.endpoints().loadBalancer();
            firstPassword = d.endpoints().dbPassword();
            HttpResponse<String> w = HTTP.send(HttpRequest.newBuilder(URI.create(lb + "/notes?body=hello"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(w.statusCode()).as(w.body()).isEqualTo(200);

            JsonNode read = null;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                read = get(lb + "/notes");
                if (read.get("bodies").size() > 0) {
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(read.get("bodies").get(0).asText()).isEqualTo("hello");
            assertThat(read.get("replica").asBoolean()).as("the read came from the replica").isTrue();
            assertThat(d.link("app-1", "db-writer").stats().connectionsTotal()).as("writes went through the writer link")
                    .isPositive();
            assertThat(d.link("app-1", "db-reader").stats().connectionsTotal()).as("reads went through the reader link")
                    .isPositive();

            List<String> env = new ArrayList<>();
            get(lb + "/env").forEach(n -> env.add(n.asText()));
            assertThat(env).contains("DATABASE_URL", "DATABASE_READER_URL", "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD",
                    "PGDATABASE", "DB_WRITER_URL", "PORT", "PATH");
            assertThat(env).as("the app's environment is the contract plus " + EnvContract.INHERITED + ", nothing "
                    + "else of the harness's").allMatch(k -> EnvContract.INHERITED.contains(k)
                            || d.instances().get("app-1").env().containsKey(k));

            assertThat(d.linkRegistry().links().stream().map(Link::name).sorted().toList())
                    .as("the links planned before deploying are the links deployed")
                    .isEqualTo(dev.firedrill.harness.fault.Targets.of(t).edges().stream()
                            .map(e -> EmbeddedDeployment.linkName(e.source(), e.target())).sorted().toList());
        }
        try (EmbeddedDeployment d = new EmbeddedBackend().deploy(t.toBuilder().instances(0).build())) {
            assertThat(d.endpoints().dbPassword()).as("every run has its own database password").isNotEqualTo(firstPassword);
        }
    }
}
