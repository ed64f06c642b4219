package dev.firedrill.app;

import java.net.URI;
import java.util.Map;

/**
 * The Java example of app-under-test/README.md, kept here so that it compiles with every build; the harness's
 * ReadmeSnippetsTest fails when the README's block differs from the region. Compiled, never run (it needs a
 * database, Redis and SQS at those addresses).
 */
final class ReadmeExample {
    private ReadmeExample() {
    }

    static void inProcess() {
        // snippet:start app-in-process
        // in-process (what the integration tests do); java -jar does the same from System.getenv()
        Map<String, String> env = Map.ofEntries(
                Map.entry("PORT", "0"), Map.entry("INSTANCE_ID", "i-1"), Map.entry("AZ", "eu-west-1a"),
                Map.entry("DB_WRITER_URL", "jdbc:postgresql://127.0.0.1:5432/app"),
                Map.entry("DB_READER_URL", "jdbc:postgresql://127.0.0.1:5433/app"),
                Map.entry("DB_USER", "app"), Map.entry("DB_PASSWORD", "secret"),
                Map.entry("REDIS_URL", "redis://127.0.0.1:6379"),
                Map.entry("SQS_ENDPOINT", "http://127.0.0.1:9324"),
                Map.entry("JOBS_QUEUE_URL", "http://127.0.0.1:9324/000000000000/jobs"),
                Map.entry("AWS_REGION", "eu-west-1"));
        try (App app = App.start(env)) {
            URI base = URI.create("http://127.0.0.1:" + app.port());   // GET base/health -> 200 "ok"
        }
        // snippet:end app-in-process
    }
}
