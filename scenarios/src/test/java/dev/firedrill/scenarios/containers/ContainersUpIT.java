package dev.firedrill.scenarios.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.scenarios.ContainersEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./firedrill up --backend containers} as the README shows it: the default topology with the reference app
 * as 3 containers, the README's requests through the ALB, {@code fault kill random} (the ALB keeps serving),
 * {@code heal} (the same container runs again), and nothing of the run left after {@code up} ends.
 */
class ContainersUpIT {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void upBringsTheDefaultTopologyUpAsContainersAndFaultsAndHealWork() throws Exception {
        ContainersEngine.assumeReady(Topology.defaults());
        Path endpoints = dir.resolve("endpoints.json");
        Cli up = Cli.start(dir.resolve("runs"), "up", "--backend", "containers", "--endpoints", endpoints.toString());
        try {
            up.awaitReady(endpoints, 180);
            JsonNode e = new ObjectMapper().readTree(endpoints.toFile());
            String lb = e.get("loadBalancer").asText();
            List<JsonNode> apps = new java.util.ArrayList<>();
            for (JsonNode c : e.get("components")) {
                if (c.get("kind").asText().equals("app")) {
                    apps.add(c);
                }
            }
            assertThat(apps).as("3 app instances in endpoints.json").hasSize(3);
            for (JsonNode a : apps) {
                assertThat(a.get("address").asText()).as("a container's address, not 127.0.0.1")
                        .startsWith("10.213.").endsWith(":8080");
                assertThat(a.path("container").asText()).as("the container that runs it")
                        .matches("firedrill-fd[0-9a-f]+-" + a.get("name").asText());
            }
            String run = Cli.docker("ps", "--filter", "name=firedrill-fd", "--format", "{{.Label \"dev.firedrill.run\"}}")
                    .get(0);
            List<String> names = Cli.docker("ps", "--filter", "label=dev.firedrill.run=" + run, "--format",
                    "{{.Names}}");
            assertThat(names).as("postgres ×2, redis, elasticmq, 3 apps as containers of run " + run).hasSize(7)
                    .anyMatch(n -> n.endsWith("-app-1")).anyMatch(n -> n.endsWith("-db-replica-1"));

            // the README's requests, through the ALB in the harness to the containers
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(lb + "/items"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"value\":{\"name\":\"widget\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
            String id = new ObjectMapper().readTree(created.body()).get("id").asText();
            Set<String> answered = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                HttpResponse<String> got = get(lb + "/items/" + id);
                assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
                answered.add(got.headers().firstValue("X-Instance-Id").orElse("?"));
            }
            assertThat(answered).as("every instance served the item").containsExactlyInAnyOrder("app-1", "app-2",
                    "app-3");

            Cli.Result kill = Cli.run(dir.resolve("runs"), 60, "fault", "kill", "random", "--endpoints",
                    endpoints.toString());
            assertThat(kill.exitCode()).as(kill.output()).isZero();
            String killed = List.of("app-1", "app-2", "app-3").stream().filter(kill.output()::contains).findFirst()
                    .orElseThrow(() -> new AssertionError("which instance was killed? " + kill.output()));
            assertThat(Cli.docker("ps", "--filter", "label=dev.firedrill.run=" + run, "--format", "{{.Names}}"))
                    .as("the killed container is not running").noneMatch(n -> n.endsWith("-" + killed));
            // the ALB routes around it once its health checks say so: then 20 requests in a row succeed
            int streak = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (streak < 20 && System.nanoTime() < until) {
                streak = get(lb + "/items/" + id).statusCode() == 200 ? streak + 1 : 0;
            }
            assertThat(streak).as("the ALB serves from the 2 instances left").isEqualTo(20);

            Cli.Result heal = Cli.run(dir.resolve("runs"), 120, "heal", "--endpoints", endpoints.toString());
            assertThat(heal.exitCode()).as(heal.output()).isZero();
            assertThat(Cli.docker("ps", "--filter", "label=dev.firedrill.run=" + run, "--format", "{{.Names}}"))
                    .as("the same container runs again after heal").anyMatch(n -> n.endsWith("-" + killed));

            up.process.destroy(); // SIGTERM, as Ctrl-C's shutdown: everything is removed
            assertThat(up.process.waitFor(60, TimeUnit.SECONDS)).as("up exits").isTrue();
            assertThat(Cli.docker("ps", "-aq", "--filter", "label=dev.firedrill.run=" + run)).as("containers left")
                    .isEmpty();
            assertThat(Cli.docker("network", "ls", "-q", "--filter", "label=dev.firedrill.run=" + run))
                    .as("networks left").isEmpty();
        } finally {
            up.process.destroyForcibly();
        }
    }

    static HttpResponse<String> get(String url) throws Exception {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return new HttpResponse<>() {
                public int statusCode() {
                    return -1;
                }

                public HttpRequest request() {
                    return null;
                }

                public java.util.Optional<HttpResponse<String>> previousResponse() {
                    return java.util.Optional.empty();
                }

                public java.net.http.HttpHeaders headers() {
                    return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true);
                }

                public String body() {
                    return e.toString();
                }

                public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
                    return java.util.Optional.empty();
                }

                public URI uri() {
                    return URI.create(url);
                }

                public HttpClient.Version version() {
                    return HttpClient.Version.HTTP_1_1;
                }
            };
        }
    }
}
