package dev.firedrill.harness.net;

import java.util.Objects;

/**
 * One connection through a link, in the shape of an AWS VPC Flow Logs record (version 2: {@code version
 * account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status}),
 * with what only the harness knows: which edge it crossed, and the security-group rule or fault that rejected or
 * cut it.
 *
 * @param link the link's name (the record's {@code interface-id})
 * @param edge {@code app-1->db-writer}
 * @param packets segments relayed both ways, estimated as AWS counts them per record (reads on either side)
 * @param bytes bytes relayed both ways
 * @param startEpochNanos when the connection was accepted (or refused), wall clock
 * @param endEpochNanos when it closed; equal to the start for a rejected one
 * @param action {@code ACCEPT} or {@code REJECT}
 * @param reason why it was rejected or how it ended: the security-group rule or fault (e.g. {@code fault f2
 *     partition app|db: connection cut}), {@code closed by client}, {@code closed by server}; null when open
 */
public record FlowRecord(String link, String edge, String srcaddr, int srcport, String dstaddr, int dstport,
                         long packets, long bytes, long startEpochNanos, long endEpochNanos, String action,
                         String reason) {
    /** TCP, the only protocol links relay. */
    public static final int PROTOCOL_TCP = 6;

    public FlowRecord {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(action, "action");
        if (!action.equals("ACCEPT") && !action.equals("REJECT")) {
            throw new IllegalArgumentException("action must be ACCEPT or REJECT, was " + action);
        }
    }

    /** The record as a VPC Flow Logs v2 line (account-id {@code 000000000000}, start/end in epoch seconds). */
    public String vpcLine() {
        return String.join(" ", "2", "000000000000", link, srcaddr, dstaddr, Integer.toString(srcport),
                Integer.toString(dstport), Integer.toString(PROTOCOL_TCP), Long.toString(packets), Long.toString(bytes),
                Long.toString(startEpochNanos / 1_000_000_000L), Long.toString(endEpochNanos / 1_000_000_000L), action,
                "OK");
    }
}
