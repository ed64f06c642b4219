package dev.firedrill.harness.cli;

import dev.firedrill.harness.FiredrillException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks an output directory option before anything starts, so a run does not fail at its very end. */
final class WritableDirectory {
    private WritableDirectory() {
    }

    /** Creates {@code dir} if needed and proves a file can be written in it; else a message naming the option. */
    static void require(String option, Path dir) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new FiredrillException(option + " " + dir + ": is a file, not a directory; give a directory "
                        + "(it is created if missing)");
            }
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".firedrill-write-check", "");
            Files.delete(probe);
        } catch (FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            throw new FiredrillException(option + " " + dir + ": cannot write there (" + reason + " at " + e.getFile()
                    + "); give a writable directory, e.g. " + option + " /tmp/firedrill-reports");
        } catch (IOException e) {
            throw new FiredrillException(option + " " + dir + ": cannot write there (" + e.getMessage()
                    + "); give a writable directory, e.g. " + option + " /tmp/firedrill-reports");
        }
    }
}
