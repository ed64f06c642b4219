package dev.firedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ItemsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static AppTestEnvironment env;
    private static App app;
    private static AppClient client;

    @BeforeAll
    static void start() throws Exception {
        env = AppTestEnvironment.shared();
        // the shared Redis may hold items cached by another class's app, whose ids collide with this database's
        flushCache();
        app = App.start(env.env("items-1", env.newDatabase("items"), env.newQueues()));
        client = new AppClient(app.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void writesUseTheWriterPoolAndReadsTheReaderPool() throws Exception {
        HttpResponse<String> created = client.post("/items", "{\"value\":{\"name\":\"a\",\"n\":[1,2]}}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("X-Db-Pool")).hasValue("writer");
        assertThat(created.headers().firstValue("X-Instance-Id")).hasValue("items-1");
        JsonNode item = JSON.readTree(created.body());
        assertThat(item.get("version").asLong()).isEqualTo(1);
        assertThat(item.get("value")).isEqualTo(JSON.readTree("{\"name\":\"a\",\"n\":[1,2]}"));

        // the write put the item in the cache; a cold read must come from the reader
        HttpResponse<String> read = client.get("/items/" + item.get("id").asLong() + "?consistent=false");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("X-Cache")).hasValue("hit");
        long otherId = JSON.readTree(client.post("/items", "{\"value\":2}").body()).get("id").asLong();
        flushCache();
        HttpResponse<String> cold = client.get("/items/" + otherId);
        assertThat(cold.headers().firstValue("X-Db-Pool")).as("a plain read goes to the replica").hasValue("reader");
        assertThat(cold.headers().firstValue("X-Cache")).hasValue("miss");
    }

    @Test
    void aCachedReadSaysItsPoolIsTheCache() throws Exception {
        long id = JSON.readTree(client.post("/items", "{\"value\":\"c\"}").body()).get("id").asLong();
        HttpResponse<String> hit = client.get("/items/" + id);
        assertThat(hit.headers().firstValue("X-Cache")).hasValue("hit");
        assertThat(hit.headers().firstValue("X-Db-Pool")).as("every read names where it came from").hasValue("cache");
    }

    @Test
    void consistentReadReadsItsOwnWriteFromTheWriter() throws Exception {
        JsonNode item = JSON.readTree(client.post("/items", "{\"value\":\"v1\"}").body());
        long id = item.get("id").asLong();
        HttpResponse<String> updated = client.put("/items/" + id, "{\"version\":1,\"value\":\"v2\"}");
        assertThat(updated.statusCode()).isEqualTo(200);
        HttpResponse<String> read = client.get("/items/" + id + "?consistent=true");
        assertThat(read.headers().firstValue("X-Db-Pool")).hasValue("writer");
        assertThat(read.headers().firstValue("X-Cache")).hasValue("bypass");
        assertThat(JSON.readTree(read.body()).get("version").asLong()).isEqualTo(2);
        assertThat(JSON.readTree(read.body()).get("value").asText()).isEqualTo("v2");
    }

    @Test
    void aStaleVersionIsRejectedWith409() throws Exception {
        long id = JSON.readTree(client.post("/items", "{\"value\":1}").body()).get("id").asLong();
        assertThat(client.put("/items/" + id, "{\"version\":1,\"value\":2}").statusCode()).isEqualTo(200);
        HttpResponse<String> stale = client.put("/items/" + id, "{\"version\":1,\"value\":3}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.headers().firstValue("X-Db-Pool")).as("error replies say which pool they used")
                .hasValue("writer");
        assertThat(JSON.readTree(stale.body()).get("error").asText()).isEqualTo("version_conflict");
        assertThat(JSON.readTree(stale.body()).get("detail").asText()).contains("version 2");
    }

    @Test
    void aWriteReplacesTheCachedItem() throws Exception {
        long id = JSON.readTree(client.post("/items", "{\"value\":\"old\"}").body()).get("id").asLong();
        assertThat(client.get("/items/" + id).body()).contains("old");
        assertThat(client.get("/items/" + id).headers().firstValue("X-Cache")).hasValue("hit");
        client.put("/items/" + id, "{\"version\":1,\"value\":\"new\"}");
        HttpResponse<String> after = client.get("/items/" + id);
        assertThat(after.headers().firstValue("X-Cache")).hasValue("hit");
        assertThat(JSON.readTree(after.body()).get("value").asText()).as("the cache must not serve the old value")
                .isEqualTo("new");
        assertThat(JSON.readTree(after.body()).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void pagesWalkAllItemsInIdOrder() throws Exception {
        for (int i = 0; i < 5; i++) {
            client.post("/items", "{\"value\":" + i + "}");
        }
        long after = 0;
        int seen = 0;
        long last = 0;
        while (true) {
            HttpResponse<String> page = client.get("/items?after=" + after + "&limit=2");
            assertThat(page.headers().firstValue("X-Db-Pool")).hasValue("reader");
            JsonNode body = JSON.readTree(page.body());
            for (JsonNode item : body.get("items")) {
                assertThat(item.get("id").asLong()).isGreaterThan(last);
                last = item.get("id").asLong();
                seen++;
            }
            if (body.get("next").isNull()) {
                break;
            }
            after = body.get("next").asLong();
        }
        assertThat(seen).isGreaterThanOrEqualTo(5);
    }

    @Test
    void everyResponseEchoesTheRequestIdOrMakesOne() throws Exception {
        assertThat(client.get("/health", "X-Request-Id", "abc-123").headers().firstValue("X-Request-Id"))
                .hasValue("abc-123");
        assertThat(client.get("/health").headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void metricsExposeRoutesPoolsBreakersAndJobs() throws Exception {
        client.get("/items/999999");
        String metrics = client.get("/metrics").body();
        assertThat(metrics).contains("http_server_requests_seconds_count{", "route=\"/items/{id}\"",
                "hikaricp_connections_active", "resilience4j_circuitbreaker_state", "jobs_enqueued_total");
    }

    private static void flushCache() throws Exception {
        try (redis.clients.jedis.Jedis j = new redis.clients.jedis.Jedis(
                java.net.URI.create(env.env("x", "x", new AppTestEnvironment.Queues("", "")).get("REDIS_URL")))) {
            j.flushAll();
        }
    }
}
