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
 * <p>A REJECT is a connection the link accepted but never relayed: refused at once (a block in reject mode: the
 * client gets a reset), or held and dropped (a blackhole or a security group without the needed rule: the client
 * times out), as VPC Flow Logs record a security-group or NACL deny. A connection relayed and later cut or starved
 * by a fault stays ACCEPT; its reason names the fault.
 *
 * @param link the link's name (the record's {@code interface-id})
 * @param edge {@code app-1->db-writer}
 * @param srcaddr the connecting client's address
 * @param srcport the connecting client's port
 * @param dstaddr the upstream the link relayed to (the one it would have relayed to, for a REJECT)
 * @param dstport that upstream's port
 * @param packets reads relayed both ways: a read takes what one or more TCP segments brought (on loopback, with
 *     its 64 KiB MTU, close to the segment count); handshakes and bare ACKs are not counted
 * @param bytes bytes read from either side (for a REJECT, those the client sent and the link dropped)
 * @param startEpochNanos when the link accepted the connection, wall clock
 * @param endEpochNanos when it closed (for a REJECT: refused, or the client gave up); {@code 0} while it is open
 * @param action {@code ACCEPT} or {@code REJECT}
 * @param reason why it was rejected or how it ended: {@code closed by client}, {@code closed by server},
 *     {@code reset by client}, {@code upstream refused: …}, {@code denied by security group: db-sg has no ingress
 *     rule …}, or the fault, its id first ({@code fault f3 partition app|db: dropped}, {@code fault f2 failover
 *     primary: cut}, {@code fault f4 timeout app->db: timed out by timeout toxic '…'}); while open, null or what
 *     happened to it so far
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

    /** The header of {@link #vpcLine()}: the field names of VPC Flow Logs version 2, in order. */
    public static final String VPC_HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol "
            + "packets bytes start end action log-status";

    /** True while the connection is open ({@code endEpochNanos} is 0). */
    public boolean isOpen() {
        return endEpochNanos == 0;
    }

    /**
     * The record as a VPC Flow Logs v2 line (account-id {@code 000000000000}, start/end in epoch seconds; the end of
     * an open connection is {@code -}, as AWS writes a field it has no value for).
     */
    public String vpcLine() {
        return String.join(" ", "2", "000000000000", link, srcaddr == null ? "-" : srcaddr,
                dstaddr == null ? "-" : dstaddr, Integer.toString(srcport),
                Integer.toString(dstport), Integer.toString(PROTOCOL_TCP), Long.toString(packets), Long.toString(bytes),
                Long.toString(startEpochNanos / 1_000_000_000L),
                isOpen() ? "-" : Long.toString(endEpochNanos / 1_000_000_000L), action, "OK");
    }

    /**
     * The edge of a link named {@code source_target} (the embedded backend's names, whose components never hold an
     * underscore): {@code app-1_db-writer} is {@code app-1->db-writer}; another name is its own edge.
     */
    public static String edgeOf(String linkName) {
        int i = linkName.indexOf('_');
        return i <= 0 || i == linkName.length() - 1 ? linkName
                : linkName.substring(0, i) + "->" + linkName.substring(i + 1);
    }
}
