package dev.firedrill.harness.backend.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresIsolationTest {

    @Test
    void directRunsTheCommandAsIs() {
        assertThat(PostgresIsolation.DIRECT.wrap(List.of("postgres", "-D", "d"))).containsExactly("postgres", "-D", "d");
    }

    @Test
    void unshareMapsRootToNobodyInAUserNamespace() {
        assertThat(PostgresIsolation.UNSHARE.wrap(List.of("postgres")))
                .containsExactly("unshare", "--user", "--map-user=65534", "--map-group=65534", "--", "postgres");
    }

    @Test
    void setprivSetsTheParentDeathSignalAgainAfterDroppingPrivileges() {
        List<String> cmd = PostgresIsolation.SETPRIV.wrap(List.of("postgres"));

        assertThat(cmd).startsWith("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        assertThat(cmd).as("a uid change clears the death signal set by ChildProcesses")
                .containsSubsequence("--pdeathsig", "KILL", "--", "postgres");
    }

    @Test
    void aRootJvmNeverRunsPostgresDirectly() {
        assertThat(PostgresIsolation.detect() == PostgresIsolation.DIRECT).isEqualTo(!PostgresIsolation.isRoot());
    }

    @Test
    void slotNamesAreLowerCaseIdentifiers() {
        assertThat(PostgresBaseBackup.slotName("DB-Replica.1")).isEqualTo("firedrill_db_replica_1");
        assertThat(PostgresBaseBackup.slotName("r".repeat(100))).hasSize(63);
    }
}
