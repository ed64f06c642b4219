package dev.firedrill.harness.net;

import java.net.InetSocketAddress;

/**
 * Optional observer of a link's connection events. Called on the link's I/O threads: keep it quick
 * and never throw (exceptions are logged and ignored).
 */
public interface LinkListener {
    /** A client connection was accepted and forwarded to {@code upstream}. */
    default void opened(Link link, InetSocketAddress client, InetSocketAddress upstream) {
    }

    /** A connection ended; {@code reason} says why (e.g. "client closed", "cut", "limit_data"). */
    default void closed(Link link, InetSocketAddress client, String reason) {
    }

    /** A connection was denied (blackholed or rejected); {@code reason} names the block. */
    default void denied(Link link, InetSocketAddress client, String reason) {
    }
}
