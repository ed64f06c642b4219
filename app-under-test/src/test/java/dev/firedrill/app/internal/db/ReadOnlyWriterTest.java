package dev.firedrill.app.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ReadOnlyWriterTest {
    private final ReadOnlyWriter override = new ReadOnlyWriter();

    @Test
    void aReadOnlyRefusalEvictsTheConnection() {
        assertThat(override.adjudicate(new SQLException("cannot execute INSERT in a read-only transaction", "25006")))
                .isEqualTo(Override.MUST_EVICT);
    }

    @Test
    void otherErrorsAreLeftToHikarisOwnRules() {
        // 08xxx and 57P01 are evicted by HikariCP itself; a constraint violation keeps the connection
        assertThat(override.adjudicate(new SQLException("duplicate key", "23505"))).isEqualTo(Override.CONTINUE_EVICT);
        assertThat(override.adjudicate(new SQLException("no state"))).isEqualTo(Override.CONTINUE_EVICT);
    }

    @Test
    void aRefusalIsFoundInTheChainAndAmongCauses() {
        SQLException chained = new SQLException("batch failed", "XX000");
        chained.setNextException(new SQLException("read-only", "25006"));
        assertThat(ReadOnlyWriter.refused(chained)).isTrue();
        assertThat(ReadOnlyWriter.refused(new RuntimeException(new SQLException("read-only", "25006")))).isTrue();
        assertThat(ReadOnlyWriter.refused(new SQLException("gone", "08006"))).isFalse();
    }
}
