package dev.firedrill.scenarios.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.topology.TopologyYaml;
import dev.firedrill.scenarios.ContainersEngine;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own image as the fleet: a small Node.js app (no Java, no firedrill code; items in Redis through the env
 * contract's REDIS_URL) built into an image here, run as 3 containers behind the ALB. Items are served by every
 * instance, and {@code fault kill random} leaves the ALB serving.
 */
class UserImageIT {
    static final String IMAGE = "firedrill-test/node-items:1";

    @TempDir
    Path dir;

    @Test
    void aNodeJsImageRunsAsTheFleetAndTheAlbServesThroughAnInstanceLoss() throws Exception {
        Path topology = dir.resolve("node.yaml");
        Files.writeString(topology, """
                name: node-items
                fleet:
                  count: 3
                  app:
                    image: %s
                """.formatted(IMAGE));
        Topology t = TopologyYaml.load(topology);
        assertThat(t.fleet().app().image()).isEqualTo(IMAGE);
        ContainersEngine.assumeReady(t.toBuilder().fleet(f -> f.withApp(dev.firedrill.harness.topology.AppSpec
                .referenceApp())).build()); // the data tier's images and the engine (the app image is built below)
        Path context = Files.createDirectories(dir.resolve("image"));
        for (String f : List.of("Dockerfile", "app.js")) {
            try (var in = UserImageIT.class.getResourceAsStream("/node-items/" + f)) {
                Files.copy(in, context.resolve(f));
            }
        }
        Cli.docker("build", "-q", "-t", IMAGE, context.toString());

        Path endpoints = dir.resolve("endpoints.json");
        Cli up = Cli.start(dir.resolve("runs"), "up", "--backend", "containers", "-t", topology.toString(),
                "--endpoints", endpoints.toString());
        try {
            up.awaitReady(endpoints, 180);
            assertThat(up.output()).contains("container firedrill-").contains("app-3");
            String lb = new ObjectMapper().readTree(endpoints.toFile()).get("loadBalancer").asText();
            HttpResponse<String> created = ContainersUpIT.HTTP.send(HttpRequest.newBuilder(URI.create(lb + "/items"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"value\":{\"name\":\"widget\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode item = new ObjectMapper().readTree(created.body());
            String id = item.get("id").asText();
            Set<String> answered = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                HttpResponse<String> got = ContainersUpIT.get(lb + "/items/" + id);
                assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
                assertThat(got.body()).contains("widget");
                answered.add(got.headers().firstValue("X-Instance-Id").orElse("?"));
            }
            assertThat(answered).as("every Node.js instance served the item from Redis")
                    .containsExactlyInAnyOrder("app-1", "app-2", "app-3");

            Cli.Result kill = Cli.run(dir.resolve("runs"), 60, "fault", "kill", "random", "--endpoints",
                    endpoints.toString());
            assertThat(kill.exitCode()).as(kill.output()).isZero();
            int streak = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (streak < 20 && System.nanoTime() < until) {
                streak = ContainersUpIT.get(lb + "/items/" + id).statusCode() == 200 ? streak + 1 : 0;
            }
            assertThat(streak).as("the ALB keeps serving from the 2 Node.js instances left").isEqualTo(20);
        } finally {
            up.process.destroy();
            up.process.waitFor(60, TimeUnit.SECONDS);
            up.process.destroyForcibly();
        }
    }
}
