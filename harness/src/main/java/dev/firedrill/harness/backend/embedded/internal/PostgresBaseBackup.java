package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.ProvisioningException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Makes a streaming replica's data directory from a running primary without pg_basebackup (the zonky
 * binaries lack it): the online backup API ({@code pg_backup_start}, copy, {@code pg_backup_stop}),
 * then {@code backup_label}, {@code tablespace_map}, {@code standby.signal} and
 * {@code primary_conninfo}. A physical slot per replica keeps the WAL the replica still needs.
 */
final class PostgresBaseBackup {
    private PostgresBaseBackup() {
    }

    /** The replication slot name for a replica instance name: lower case, {@code [a-z0-9_]}. */
    static String slotName(String replicaName) {
        String s = "firedrill_" + replicaName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return s.length() > 63 ? s.substring(0, 63) : s;
    }

    static void create(PostgresServer primary, String replicaName, Path target, String primaryHost, int primaryPort) {
        String slot = slotName(replicaName);
        // pg_backup_start and pg_backup_stop must run in the same session.
        try (Connection c = primary.connect("postgres"); Statement st = c.createStatement()) {
            PostgresSql.single(c, "SELECT count(pg_drop_replication_slot(slot_name)) FROM pg_replication_slots"
                    + " WHERE slot_name = ? AND NOT active", slot);
            // Created before the backup starts, so it reserves every WAL segment the replica will ask for.
            PostgresSql.single(c, "SELECT pg_create_physical_replication_slot(?, true)", slot);
            PostgresSql.single(c, "SELECT pg_backup_start(?, true)", "firedrill " + replicaName);
            PostgresDataDirs.copyLive(primary.dataDir(), target);
            try (ResultSet rs = st.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)")) {
                rs.next();
                Files.writeString(target.resolve("backup_label"), rs.getString(1));
                String spcmap = rs.getString(2);
                if (spcmap != null && !spcmap.isEmpty()) {
                    Files.writeString(target.resolve("tablespace_map"), spcmap);
                }
            }
            Files.writeString(target.resolve("standby.signal"), "");
            String conninfo = "host=" + primaryHost + " port=" + primaryPort + " user=" + primary.user()
                    + " password=" + conninfoQuote(primary.password()) + " application_name=" + conninfoQuote(replicaName)
                    + " sslmode=disable connect_timeout=2";
            Files.writeString(target.resolve("postgresql.auto.conf"), "\n# firedrill replica of "
                    + primary.name() + "\nprimary_conninfo = " + confQuote(conninfo) + "\nprimary_slot_name = "
                    + confQuote(slot) + "\n", StandardOpenOption.APPEND);
        } catch (SQLException | IOException e) {
            throw new ProvisioningException(replicaName, "cannot make a base backup of " + primary.name() + " on 127.0.0.1:"
                    + primary.port() + " into " + target + ": " + e.getMessage(), e);
        }
    }

    /** Best effort: drops the replica's slot if nothing streams from it. */
    static void dropSlot(PostgresServer primary, String replicaName) {
        try (Connection c = primary.connect("postgres")) {
            PostgresSql.single(c, "SELECT count(pg_drop_replication_slot(slot_name)) FROM pg_replication_slots"
                    + " WHERE slot_name = ? AND NOT active", slotName(replicaName));
        } catch (SQLException e) {
            // the primary is gone or busy; its slot goes with it
        }
    }

    private static String conninfoQuote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String confQuote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
