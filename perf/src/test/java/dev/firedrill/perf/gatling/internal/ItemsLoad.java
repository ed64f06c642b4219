package dev.firedrill.perf.gatling.internal;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.FiredrillException;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The items workload against the ALB: an open model at a constant arrival rate, each virtual user sending one
 * request, 40 % {@code GET /items/{id}} (cache, then replica), 30 % {@code POST /items} (writer), 30 %
 * {@code GET /items/{id}?consistent=true} (writer, no cache). Reads pick among items created before the load.
 * The ALB URL is a supplier because the stack boots in {@code before()}, after the simulation is built.
 */
public final class ItemsLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Supplier<String> alb;
    private volatile long[] ids = {1};
    private final SplittableRandom random = new SplittableRandom(Long.getLong("load.seed", 1));

    public ItemsLoad(Supplier<String> alb) {
        this.alb = alb;
    }

    /** Keep-alive connections shared by all virtual users, as API clients behind one NAT would do. */
    public static HttpProtocolBuilder protocol() {
        return http.acceptHeader("application/json").contentTypeHeader("application/json").shareConnections()
                .disableCaching();
    }

    public PopulationBuilder population(String name, LoadSettings s) {
        return scenario(name).exec(randomSwitch().on(
                percent(40.0).then(http("GET /items/{id}").get(session -> alb.get() + "/items/" + nextId())
                        .check(status().is(200))),
                percent(30.0).then(http("POST /items").post(session -> alb.get() + "/items")
                        .body(StringBody(session -> "{\"value\":{\"n\":" + session.userId() + "}}"))
                        .check(status().is(201))),
                percent(30.0).then(http("GET /items/{id}?consistent=true")
                        .get(session -> alb.get() + "/items/" + nextId() + "?consistent=true")
                        .check(status().is(200)))))
                .injectOpen(constantUsersPerSec(s.rate()).during(s.duration()));
    }

    private long nextId() {
        long[] a = ids;
        synchronized (random) {
            return a[random.nextInt(a.length)];
        }
    }

    /** Creates {@code count} items through the ALB (outside Gatling's measurements) so reads find them. */
    public void seed(int count) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long[] created = new long[count];
        for (int i = 0; i < count; i++) {
            created[i] = create(client, i);
        }
        ids = created;
    }

    private long create(HttpClient client, int n) {
        String url = alb.get() + "/items";
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"value\":{\"seed\":" + n + "}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 201) {
                    return JSON.readTree(r.body()).get("id").asLong();
                }
                if (attempt >= 5) {
                    throw new FiredrillException("seeding items: POST " + url + " answered " + r.statusCode() + " "
                            + r.body() + " five times; is the reference app behind the ALB healthy?");
                }
            } catch (IOException e) {
                if (attempt >= 5) {
                    throw new FiredrillException("seeding items: POST " + url + " failed: " + e.getMessage()
                            + "; is the ALB at " + alb.get() + " up?");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FiredrillException("interrupted while seeding items");
            }
            try {
                Thread.sleep(200L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FiredrillException("interrupted while seeding items");
            }
        }
    }
}
