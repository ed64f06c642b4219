package dev.firedrill.harness.lb;

import dev.firedrill.harness.topology.HealthCheck;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Fast settings and a plain JDK HTTP client for ALB tests. */
final class AlbTestSupport {
    /** timeScale 0.02: checks every 100 ms (80 ms timeout), draining 1 s, target timeout 400 ms. */
    static final double SCALE = 0.02;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AlbTestSupport() {
    }

    static AlbConfig.Builder fastConfig() {
        return AlbConfig.builder()
                .timeScale(SCALE)
                .healthCheck(HealthCheck.builder().path("/health")
                        .interval(Duration.ofSeconds(5)).timeout(Duration.ofSeconds(4))
                        .healthyThreshold(2).unhealthyThreshold(2).build())
                .deregistrationDelay(Duration.ofSeconds(50))
                .targetTimeout(Duration.ofSeconds(20));
    }

    static HttpResponse<String> get(AlbSimulator alb, String path) throws IOException, InterruptedException {
        return HTTP.send(request(alb.url().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static CompletableFuture<HttpResponse<String>> getAsync(AlbSimulator alb, String path) {
        return HTTP.sendAsync(request(alb.url().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    }

    static String servedBy(HttpResponse<?> r) {
        return r.headers().firstValue("X-Firedrill-Target").orElse("<none>");
    }

    static void awaitState(AlbSimulator alb, String targetId, TargetState state) {
        Await.until(targetId + " " + state.awsName(), Duration.ofSeconds(10),
                () -> alb.targetHealth().containsKey(targetId) && alb.targetHealth().get(targetId).state() == state,
                alb::targetHealth);
    }
}
