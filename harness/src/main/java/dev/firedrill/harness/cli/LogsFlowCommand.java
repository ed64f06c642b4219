package dev.firedrill.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.harness.net.FlowRecord;
import dev.firedrill.harness.topology.Durations;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code firedrill logs flow}: the flow records of a running {@code up}'s links (its control API's {@code GET
 * /flows}), as VPC Flow Logs v2 lines plus the edge and the reason, or as JSON.
 */
@Command(name = "flow", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print one record per connection through the links of a running './firedrill up', in the "
                + "shape of AWS VPC Flow Logs (version 2), with two columns AWS has not: the edge and the reason.",
                "",
                "Columns: version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes "
                        + "start end action log-status edge reason. interface-id is the link (app-1_db-writer); "
                        + "srcaddr/srcport the connecting client, dstaddr/dstport the upstream it was relayed to; "
                        + "packets counts the reads relayed both ways; start/end are epoch seconds, end '-' while "
                        + "the connection is open; account-id is 000000000000.",
                "",
                "ACCEPT: the link relayed the connection; the reason says how it ended (closed by client, closed "
                        + "by server, reset by …, upstream refused, or the fault that cut or starved it: 'fault f2 "
                        + "failover primary: cut'). REJECT: never relayed, as a security-group or NACL deny on AWS: "
                        + "the security group's missing rule, or the fault that rejected or dropped it ('fault f3 "
                        + "partition app|db: dropped').",
                ""},
        footer = {"", "Examples:",
                "  ./firedrill logs flow                              # everything kept (the last 100,000 ended + the open)",
                "  ./firedrill logs flow --edge 'alb->*' --since 30s  # the ALB's connections of the last 30 s",
                "  ./firedrill logs flow --edge 'app-*->db-writer' --follow   # new ones as they end, until Ctrl-C",
                "  ./firedrill logs flow --format json | jq '.[] | select(.action == \"REJECT\")'"})
final class LogsFlowCommand implements Callable<Integer> {
    /** How often {@code --follow} asks for new records. */
    static final long POLL_MILLIS = 1_000;

    enum Format { vpc, json }

    @Option(names = "--endpoints", paramLabel = "FILE", defaultValue = CliPaths.DEFAULT_ENDPOINTS,
            description = "The endpoints file of the running 'up' (default: ${DEFAULT-VALUE}).")
    Path endpoints;

    @Option(names = "--edge", paramLabel = "GLOB",
            description = "Only edges (app-1->db-writer) or links (app-1_db-writer) matching: * any text, ? one "
                    + "character, e.g. 'app-*->db-*', 'alb->*' (default: all).")
    String edge;

    @Option(names = "--since", paramLabel = "DURATION",
            description = "Only connections that ended this long ago or later (and the open ones): 30s, 5m, 1h "
                    + "(default: everything kept).")
    String since;

    @Option(names = "--follow", description = "Keep polling (every second) and print each connection once it "
            + "has ended, until Ctrl-C; open ones are not printed.")
    boolean follow;

    @Option(names = "--format", paramLabel = "vpc|json", defaultValue = "vpc",
            description = "vpc: a header, then one line per record (default). json: a JSON array of records "
                    + "(link, edge, srcaddr, srcport, dstaddr, dstport, protocol, packets, bytes, startEpochNanos, "
                    + "endEpochNanos (0 = open), action, reason); with --follow one JSON object per line.")
    Format format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        long sinceMillis = since == null ? 0
                : Math.max(0, System.currentTimeMillis() - Durations.parse("--since", since).toMillis());
        ControlClient control = ControlClient.from(endpoints);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.vpc) {
            out.println(FlowRecord.VPC_HEADER + " edge reason");
        }
        JsonNode first = control.get(query(sinceMillis));
        if (!follow) {
            if (format == Format.json) {
                out.println(first.toPrettyString());
            } else {
                first.forEach(r -> out.println(vpc(r)));
            }
            out.flush();
            return Main.OK;
        }
        Map<String, Long> printed = new HashMap<>(); // ended records printed, by identity → their end
        long cursor = sinceMillis;
        JsonNode batch = first;
        while (true) {
            long maxEnd = cursor * 1_000_000L;
            for (JsonNode r : batch) {
                long end = r.get("endEpochNanos").asLong();
                if (end == 0 || printed.putIfAbsent(key(r), end) != null) {
                    continue;
                }
                out.println(format == Format.json ? r.toString() : vpc(r));
                maxEnd = Math.max(maxEnd, end);
            }
            out.flush();
            cursor = maxEnd / 1_000_000L; // the next poll overlaps the last millisecond: identities dedupe it
            long keepFrom = cursor * 1_000_000L;
            printed.values().removeIf(e -> e < keepFrom);
            Thread.sleep(POLL_MILLIS);
            batch = control.get(query(cursor));
        }
    }

    private String query(long sinceMillis) {
        return "/flows?since=" + sinceMillis + (edge == null ? "" : "&edge=" + URLEncoder.encode(edge,
                StandardCharsets.UTF_8));
    }

    private static String key(JsonNode r) {
        return r.get("link").asText() + " " + r.get("srcport").asInt() + " " + r.get("startEpochNanos").asLong();
    }

    /** A record of the API as its VPC line, then the edge and the reason ({@code -} when none). */
    static String vpc(JsonNode r) {
        FlowRecord f = new FlowRecord(r.get("link").asText(), r.get("edge").asText(), text(r, "srcaddr"),
                r.get("srcport").asInt(), text(r, "dstaddr"), r.get("dstport").asInt(), r.get("packets").asLong(),
                r.get("bytes").asLong(), r.get("startEpochNanos").asLong(), r.get("endEpochNanos").asLong(),
                r.get("action").asText(), text(r, "reason"));
        return f.vpcLine() + " " + f.edge() + " " + (f.reason() == null ? "-" : f.reason());
    }

    private static String text(JsonNode r, String field) {
        return r.hasNonNull(field) ? r.get(field).asText() : null;
    }
}
