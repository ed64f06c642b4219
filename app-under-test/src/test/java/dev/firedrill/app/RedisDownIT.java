package dev.firedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With Redis stopped the app degrades: cache bypassed, sessions 503, items served, deep health says so. */
class RedisDownIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static AppTestEnvironment env;
    private static App app;

    @BeforeAll
    static void start() throws Exception {
        env = AppTestEnvironment.shared();
        Map<String, String> vars = env.env("redis-down", env.newDatabase("redisdown"), env.newQueues());
        vars.put("HEALTH_DEEP_TIMEOUT_MS", "1000");
        vars.put("REDIS_TIMEOUT_MS", "300");
        vars.put("BREAKER_OPEN_MS", "300");
        vars.put("BREAKER_MIN_CALLS", "2");
        app = App.start(vars);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void withRedisStoppedItemsAreServedSessionsAnswer503AndDeepHealthReportsIt() throws Exception {
        AppClient client = new AppClient(app.port());
        long id = JSON.readTree(client.post("/items", "{\"value\":\"kept\"}").body()).get("id").asLong();
        assertThat(client.get("/health/deep").statusCode()).as("all up before the fault").isEqualTo(200);

        env.stopRedis();
        try {
            long t0 = System.nanoTime();
            HttpResponse<String> deep = client.get("/health/deep");
            long deepMs = (System.nanoTime() - t0) / 1_000_000;
            JsonNode report = JSON.readTree(deep.body());
            assertThat(deep.statusCode()).isEqualTo(503);
            assertThat(report.at("/dependencies/redis/status").asText()).isEqualTo("down");
            assertThat(report.at("/dependencies/db-writer/status").asText()).isEqualTo("up");
            assertThat(deepMs).as("generous bound: probe budget 1000 ms + slack").isLessThan(5000);

            for (int i = 0; i < 5; i++) {
                HttpResponse<String> read = client.get("/items/" + id);
                assertThat(read.statusCode()).as("items are served without the cache").isEqualTo(200);
                assertThat(read.headers().firstValue("X-Cache")).hasValue("down");
                assertThat(read.headers().firstValue("X-Db-Pool")).hasValue("reader");
            }
            assertThat(client.post("/items", "{\"value\":1}").statusCode()).isEqualTo(201);

            HttpResponse<String> login = client.post("/login", "{\"user\":\"carol\"}");
            assertThat(login.statusCode()).isEqualTo(503);
            JsonNode error = JSON.readTree(login.body());
            assertThat(error.get("error").asText()).isEqualTo("session_store_unavailable");
            assertThat(error.get("detail").asText()).contains("Redis");
            assertThat(client.get("/health").statusCode()).as("shallow health ignores dependencies").isEqualTo(200);
        } finally {
            env.startRedis();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        int status;
        do {
            Thread.sleep(100);
            status = client.post("/login", "{\"user\":\"carol\"}").statusCode();
        } while (status != 200 && System.nanoTime() < deadline);
        assertThat(status).as("sessions recover once Redis is back and the breaker closes").isEqualTo(200);
    }
}
