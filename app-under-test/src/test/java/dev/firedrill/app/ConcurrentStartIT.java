package dev.firedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Flyway's advisory lock lets several instances start at once against an empty database. */
class ConcurrentStartIT {

    @Test
    void fourInstancesStartingTogetherMigrateTheSchemaExactlyOnce() throws Exception {
        AppTestEnvironment env = AppTestEnvironment.shared();
        String db = env.newDatabase("concurrent");
        AppTestEnvironment.Queues queues = env.newQueues();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<App>> starts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = "concurrent-" + i;
            starts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return App.start(env.env(id, db, queues));
            }));
        }
        go.countDown();
        List<App> apps = new ArrayList<>();
        try {
            for (CompletableFuture<App> start : starts) {
                apps.add(start.join());
            }
            for (App app : apps) {
                assertThat(new AppClient(app.port()).post("/items", "{\"value\":1}").statusCode()).isEqualTo(201);
            }
            try (Connection c = env.jdbc(db); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success"
                         + " ORDER BY installed_rank")) {
                List<String> versions = new ArrayList<>();
                while (rs.next()) {
                    versions.add(rs.getString(1));
                }
                assertThat(versions).as("each migration (db/migration V1, V2) applied exactly once")
                        .containsExactly("1", "2");
            }
        } finally {
            apps.forEach(App::close);
            starts.forEach(f -> f.thenAccept(App::close));
        }
    }
}
