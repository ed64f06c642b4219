package dev.firedrill.harness.backend.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * firedrill's own reaper, a process of its own: it waits until its standard input closes (the harness ended,
 * however: normally, by an exception, or killed with SIGKILL) and then removes every container, network and volume
 * labelled with the run. Testcontainers' Ryuk does this with a privileged container, which cannot start on every
 * machine (nor here); the reaper needs nothing but the engine's socket. It sweeps twice, a few seconds apart, for
 * a container whose creation the engine finished after the harness died.
 *
 * <p>Also the library of the stale-run sweep at start ({@link #removeRun}).
 */
public final class Reaper {
    static final String RUN_LABEL = "dev.firedrill.run";
    static final String OWNER_LABEL = "dev.firedrill.owner";
    private static final Duration CALL = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Reaper() {
    }

    /** {@code java … Reaper <socket> <run id>}: blocks on stdin, then removes the run. */
    public static void main(String[] args) throws Exception {
        DockerSocket docker = new DockerSocket(Path.of(args[0]));
        String run = args[1];
        InputStream in = System.in;
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // the harness writes nothing; EOF means it is gone (or done)
            }
        } catch (IOException e) {
            // the pipe broke: the harness is gone
        }
        removeRun(docker, run);
        Thread.sleep(3_000);
        removeRun(docker, run);
    }

    /** Removes every container (forced, with its anonymous volumes), network and volume of {@code run}; returns the count. */
    static int removeRun(DockerSocket docker, String run) {
        String filter = filter(RUN_LABEL + "=" + run);
        int removed = 0;
        for (String id : ids(docker, "/containers/json?all=1&filters=" + filter, "Id")) {
            removed += ok(docker, "/containers/" + id + "?force=1&v=1") ? 1 : 0;
        }
        for (String id : ids(docker, "/networks?filters=" + filter, "Id")) {
            removed += ok(docker, "/networks/" + id) ? 1 : 0;
        }
        for (String name : volumeNames(docker, filter)) {
            removed += ok(docker, "/volumes/" + name + "?force=1") ? 1 : 0;
        }
        return removed;
    }

    /** The run ids that have containers or networks on this engine, with the owner label of each. */
    static List<String[]> runs(DockerSocket docker) {
        List<String[]> out = new ArrayList<>();
        for (String path : List.of("/containers/json?all=1&filters=" + filter(RUN_LABEL), "/networks?filters="
                + filter(RUN_LABEL))) {
            try {
                for (JsonNode c : JSON.readTree(docker.get(path, CALL).body())) {
                    JsonNode labels = c.path("Labels");
                    String run = labels.path(RUN_LABEL).asText("");
                    if (!run.isEmpty() && out.stream().noneMatch(r -> r[0].equals(run))) {
                        out.add(new String[] {run, labels.path(OWNER_LABEL).asText("")});
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the engine went away: nothing to sweep now
            }
        }
        return out;
    }

    /**
     * Removes every run of this host whose harness process is gone; returns one line per run removed. Runs of other
     * hosts on a shared engine are left alone.
     */
    static List<String> sweepStale(DockerSocket docker, String host) {
        List<String> out = new ArrayList<>();
        for (String[] r : runs(docker)) {
            String[] o = r[1].split("@", 2);
            if (o.length != 2 || !o[1].equals(host)) {
                continue; // another host's run (or an unlabelled one): not ours to judge
            }
            boolean alive = o[0].matches("\\d+") && ProcessHandle.of(Long.parseLong(o[0])).map(ProcessHandle::isAlive)
                    .orElse(false);
            if (!alive) {
                int n = removeRun(docker, r[0]);
                out.add("swept stale container run " + r[0] + " (" + n + " containers/networks/volumes) left by a "
                        + "killed harness (pid " + o[0] + ")");
            }
        }
        return out;
    }

    private static List<String> ids(DockerSocket docker, String path, String field) {
        List<String> out = new ArrayList<>();
        try {
            for (JsonNode c : JSON.readTree(docker.get(path, CALL).body())) {
                out.add(c.path(field).asText());
            }
        } catch (IOException | RuntimeException e) {
            // nothing to list
        }
        return out;
    }

    private static List<String> volumeNames(DockerSocket docker, String filter) {
        List<String> out = new ArrayList<>();
        try {
            for (JsonNode v : JSON.readTree(docker.get("/volumes?filters=" + filter, CALL).body()).path("Volumes")) {
                out.add(v.path("Name").asText());
            }
        } catch (IOException | RuntimeException e) {
            // nothing to list
        }
        return out;
    }

    private static boolean ok(DockerSocket docker, String path) {
        try {
            int s = docker.delete(path, CALL).status();
            return s / 100 == 2;
        } catch (IOException e) {
            return false;
        }
    }

    private static String filter(String label) {
        return URLEncoder.encode("{\"label\":[\"" + label + "\"]}", StandardCharsets.UTF_8);
    }
}
