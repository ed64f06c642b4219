package dev.firedrill.harness.net;

/**
 * A snapshot of a link's counters.
 *
 * @param connectionsTotal connections accepted since the link opened
 * @param connectionsActive connections open right now
 * @param bytesUpstream bytes read from clients (client→server)
 * @param bytesDownstream bytes read from servers (server→client)
 */
public record LinkStats(long connectionsTotal, long connectionsActive, long bytesUpstream, long bytesDownstream) {
}
