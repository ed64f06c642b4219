package dev.firedrill.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.FiredrillException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * One {@code up} per endpoints file: {@code up} holds an OS lock on {@code <endpoints>.lock} (with its pid inside)
 * for as long as it runs, so a second {@code up} on the same file refuses instead of silently taking it over, and
 * a holder that died (even by {@code kill -9}) releases it by dying: its stale endpoints file is taken over. Stopping deletes the endpoints file only if it
 * still names this {@code up}'s control API.
 */
final class EndpointsClaim {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path endpoints;
    private final FileChannel channel;
    private final FileLock lock;
    private final String previousHolder;

    private EndpointsClaim(Path endpoints, FileChannel channel, FileLock lock, String previousHolder) {
        this.endpoints = endpoints;
        this.channel = channel;
        this.lock = lock;
        this.previousHolder = previousHolder;
    }

    /** Claims {@code endpoints} for this process, or fails (exit 2) naming the running {@code up} that holds it. */
    static EndpointsClaim take(Path endpoints) {
        Path lockFile = endpoints.resolveSibling(endpoints.getFileName() + ".lock");
        try {
            Files.createDirectories(endpoints.toAbsolutePath().getParent());
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(ch);
            if (lock == null) {
                String pid = read(ch);
                ch.close();
                throw new FiredrillException("another 'firedrill up'" + (pid.isEmpty() ? "" : " (pid " + pid + ")")
                        + " is serving " + endpoints + "; stop it first (Ctrl-C in its terminal"
                        + (pid.isEmpty() ? "" : ", or kill " + pid) + "), or run this one with its own file: "
                        + "./firedrill up --endpoints OTHER.json, and pass the same --endpoints to fault and heal");
            }
            String previous = read(ch);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new EndpointsClaim(endpoints, ch, lock, Files.exists(endpoints) ? previous : null);
        } catch (IOException e) {
            throw new FiredrillException("cannot claim " + endpoints + " (lock file " + lockFile + "): " + e.getMessage()
                    + "; check the directory is writable, or pass --endpoints FILE");
        }
    }

    /**
     * When an endpoints file was there and nobody held it: the pid of the {@code up} that left it (it is gone), else
     * null.
     */
    String staleHolder() {
        return previousHolder;
    }

    /** Deletes the endpoints file if it still names {@code control}, then gives the claim up. */
    void release(String control) {
        try {
            if (control != null && Objects.equals(control(endpoints), control)) {
                Files.deleteIfExists(endpoints);
            }
            // the lock file stays: deleting it would let a claimant lock an unlinked file while another locks a new one
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the claim on " + endpoints, e);
        }
    }

    private static String control(Path endpoints) {
        try {
            var n = JSON.readTree(endpoints.toFile());
            return n == null || !n.hasNonNull("control") ? null : n.get("control").asText();
        } catch (IOException e) {
            return null; // gone or not ours to judge: leave it
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held in this JVM
        }
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64);
        int n = ch.read(b, 0);
        return n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8).trim();
    }
}
