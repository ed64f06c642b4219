package dev.firedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An unreachable reader: reads fail with 503 by default, or go to the writer with READ_FALLBACK_TO_WRITER. */
class ReaderDownIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static App strict;
    private static App fallback;

    @BeforeAll
    static void start() throws Exception {
        AppTestEnvironment env = AppTestEnvironment.shared();
        String db = env.newDatabase("readerdown");
        AppTestEnvironment.Queues queues = env.newQueues();
        String deadReader = "jdbc:postgresql://127.0.0.1:" + AppTestEnvironment.freePort() + "/" + db;
        Map<String, String> a = env.env("reader-strict", db, queues);
        a.put("DB_READER_URL", deadReader);
        a.put("DB_TIMEOUT_MS", "500");
        a.put("DB_READ_RETRIES", "1");
        strict = App.start(a);
        Map<String, String> b = env.env("reader-fallback", db, queues);
        b.put("DB_READER_URL", deadReader);
        b.put("DB_TIMEOUT_MS", "500");
        b.put("READ_FALLBACK_TO_WRITER", "true");
        b.put("REPLICA_LAG_POLL_MS", "100");
        fallback = App.start(b);
    }

    @AfterAll
    static void stop() {
        if (strict != null) {
            strict.close();
        }
        if (fallback != null) {
            fallback.close();
        }
    }

    @Test
    void withoutFallbackAReadFailsWith503NamingTheReader() throws Exception {
        AppClient client = new AppClient(strict.port());
        long id = JSON.readTree(client.post("/items", "{\"value\":1}").body()).get("id").asLong();
        HttpResponse<String> read = client.get("/items?after=" + (id - 1));
        assertThat(read.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(read.body()).get("detail").asText()).startsWith("db-reader:");
        assertThat(client.get("/items/" + id + "?consistent=true").statusCode())
                .as("read-your-writes does not need the reader").isEqualTo(200);
    }

    @Test
    void withFallbackReadsAreServedByTheWriter() throws Exception {
        AppClient client = new AppClient(fallback.port());
        long id = JSON.readTree(client.post("/items", "{\"value\":1}").body()).get("id").asLong();
        HttpResponse<String> read = client.get("/items?after=" + (id - 1));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("X-Db-Pool")).hasValue("writer");
    }
}
