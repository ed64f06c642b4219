package dev.firedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** APP_VERSION and the in-process bad releases against the real dependencies. */
class ReleaseIT {

    /** The items this class cached in the shared Redis must not be served to another class's app (ids collide). */
    @org.junit.jupiter.api.AfterAll
    static void forgetCachedItems() throws Exception {
        try (redis.clients.jedis.Jedis j = new redis.clients.jedis.Jedis(java.net.URI.create(AppTestEnvironment
                .shared().env("x", "x", new AppTestEnvironment.Queues("", "")).get("REDIS_URL")))) {
            j.flushAll();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> env(String name, String version, String fault) throws Exception {
        AppTestEnvironment env = AppTestEnvironment.shared();
        Map<String, String> e = env.env(name, env.newDatabase(name.replace('-', '_')), env.newQueues());
        e.put("APP_VERSION", version);
        e.put("APP_FAULT", fault);
        return e;
    }

    @Test
    void anErroringReleaseFailsHalfTheItemRequestsAndSaysItsVersionEverywhere() throws Exception {
        Map<String, String> e = env("release-errors", "v2", "errors");
        try (App app = App.start(e)) {
            AppClient client = new AppClient(app.port());
            int created = 0;
            int failed = 0;
            long id = 0;
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = client.post("/items", "{\"value\":" + i + "}");
                assertThat(r.headers().firstValue("X-App-Version")).hasValue("v2");
                if (r.statusCode() == 201) {
                    created++;
                    id = JSON.readTree(r.body()).get("id").asLong();
                } else {
                    assertThat(r.statusCode()).isEqualTo(500);
                    assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("injected_fault");
                    failed++;
                }
            }
            assertThat(failed).as("APP_FAULT_ERROR_RATE defaults to 0.5").isEqualTo(10);
            assertThat(created).isEqualTo(10);
            HttpResponse<String> list = client.get("/items?limit=500&consistent=true");
            assertThat(JSON.readTree(list.body()).get("items")).as("a failed create wrote nothing").hasSize(10);
            int readFailures = 0;
            for (int i = 0; i < 10; i++) {
                readFailures += client.get("/items/" + id).statusCode() == 500 ? 1 : 0;
            }
            assertThat(readFailures).isEqualTo(5);
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> health = client.get("/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.headers().firstValue("X-App-Version")).hasValue("v2");
            }
            HttpResponse<String> metrics = client.get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).containsPattern("app_info\\{[^}]*fault=\"errors\"[^}]*version=\"v2\"[^}]*} 1");
        }
    }

    @Test
    void anUnhealthyReleaseFailsItsHealthCheckButServesItems() throws Exception {
        try (App app = App.start(env("release-unhealthy", "v3", "unhealthy"))) {
            AppClient client = new AppClient(app.port());
            HttpResponse<String> health = client.get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.headers().firstValue("X-App-Version")).hasValue("v3");
            HttpResponse<String> created = client.post("/items", "{\"value\":1}");
            assertThat(created.statusCode()).isEqualTo(201);
            long id = JSON.readTree(created.body()).get("id").asLong();
            assertThat(client.get("/items/" + id + "?consistent=true").statusCode()).isEqualTo(200);
            assertThat(client.get("/health/deep").statusCode()).as("its dependencies are fine").isEqualTo(200);
        }
    }
}
