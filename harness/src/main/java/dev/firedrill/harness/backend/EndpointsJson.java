package dev.firedrill.harness.backend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes {@link Endpoints} as {@code endpoints.json}: the keys documented in the README. */
public final class EndpointsJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EndpointsJson() {
    }

    public static ObjectNode toJson(Endpoints e) {
        ObjectNode root = JSON.createObjectNode();
        root.put("loadBalancer", e.loadBalancer());
        ObjectNode db = root.putObject("db");
        db.put("writer", e.dbWriter());
        db.put("reader", e.dbReader());
        db.put("user", e.dbUser());
        db.put("password", e.dbPassword());
        root.put("redis", e.redis());
        ObjectNode sqs = root.putObject("sqs");
        sqs.put("endpoint", e.sqsEndpoint());
        ObjectNode queues = sqs.putObject("queues");
        e.sqsQueues().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(q -> queues.put(q.getKey(), q.getValue()));
        if (e.control() != null) {
            root.put("control", e.control());
        }
        ArrayNode comps = root.putArray("components");
        for (ComponentInfo c : e.components()) {
            ObjectNode o = comps.addObject();
            o.put("name", c.name());
            o.put("kind", c.kind());
            o.put("az", c.az());
            if (c.pid() != null) {
                o.put("pid", c.pid());
            }
            o.put("address", c.address());
            if (c.container() != null) {
                o.put("container", c.container());
            }
        }
        return root;
    }

    /** Writes atomically (temp file + rename) so readers never see half a file. */
    public static void write(Endpoints e, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), toJson(e));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }
}
