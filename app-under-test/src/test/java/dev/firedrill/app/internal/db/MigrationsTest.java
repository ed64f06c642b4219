package dev.firedrill.app.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

    /** The skip-when-current check must name the newest migration, or a new one would never run on warm databases. */
    @Test
    void latestVersionIsTheNewestMigrationFile() throws IOException {
        Path dir = Path.of("src/main/resources/db/migration");
        int newest;
        try (Stream<Path> files = Files.list(dir)) {
            newest = files.map(p -> VERSIONED.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1))).max(Comparator.naturalOrder()).orElseThrow();
        }
        assertThat(Migrations.LATEST_VERSION).isEqualTo(String.valueOf(newest));
    }
}
