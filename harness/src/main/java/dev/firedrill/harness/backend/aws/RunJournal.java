package dev.firedrill.harness.backend.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firedrill.harness.FiredrillException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * What the last {@code aws up} created, written before its first create call so that {@code aws down} finds it
 * even when the harness was killed: the run id every resource is tagged with, the stack, region, endpoint and
 * account, and the backstop schedule ({@link AwsBackstop}) that deletes the stack at {@code deleteBy} (null in a
 * journal written before there was one).
 */
public record RunJournal(String runId, String stackName, String region, String endpoint, String account,
        String topology, Instant createdAt, Instant deleteBy, String backstop) {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run journal " + file, e);
        }
    }

    /** The journal in {@code file}; a clear error when there is none. */
    public static RunJournal read(Path file) {
        if (!Files.exists(file)) {
            throw new FiredrillException("no run journal at " + file + ": nothing created by 'aws up' from here is known."
                    + " To find leftovers by tag anyway: ./firedrill aws clean --confirm-account ID");
        }
        try {
            return JSON.readValue(file.toFile(), RunJournal.class);
        } catch (IOException e) {
            throw new FiredrillException("cannot read the run journal " + file + ": " + e.getMessage(), e);
        }
    }
}
