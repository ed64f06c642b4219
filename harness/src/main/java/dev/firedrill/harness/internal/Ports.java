package dev.firedrill.harness.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback port helpers. Every firedrill listener binds 127.0.0.1. */
public final class Ports {
    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Lowest port {@link #freePort()} hands out. */
    static final int FLOOR = 15_000;
    private static final int ATTEMPTS = 64;
    private static final int REMEMBERED = 256;
    private static final int EPHEMERAL_LOW = ephemeralLow();
    private static final Deque<Integer> RECENT = new ArrayDeque<>();

    private Ports() {
    }

    /**
     * A port that was free a moment ago on 127.0.0.1, for a server that binds it later (a child process, a
     * server that takes a port number). It is chosen below the kernel's ephemeral range
     * ({@code net.ipv4.ip_local_port_range}): a port the OS picks for "bind to 0" is also a port it may give
     * any outgoing connection as its local port, and under load one does, between this call and the bind.
     * Ports handed out recently by this JVM are not handed out again.
     */
    public static int freePort() {
        int high = EPHEMERAL_LOW - 1;
        if (high - FLOOR >= 1_000) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < ATTEMPTS; i++) {
                int port = FLOOR + rnd.nextInt(high - FLOOR + 1);
                if (claim(port)) {
                    return port;
                }
            }
        }
        for (int i = 0; i < ATTEMPTS; i++) {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(LOOPBACK, 0));
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
            if (claim(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port after " + ATTEMPTS + " attempts");
    }

    /** Hands out {@code port} if it is free and was not handed out recently: one step, so two threads never share. */
    private static synchronized boolean claim(int port) {
        if (RECENT.contains(port) || isTaken(port)) {
            return false;
        }
        RECENT.addLast(port);
        if (RECENT.size() > REMEMBERED) {
            RECENT.removeFirst();
        }
        return true;
    }

    /** Whether something already listens on 127.0.0.1:port. */
    public static boolean isTaken(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** The low end of Linux's ephemeral port range; 32768 (its default) when it cannot be read. */
    static int ephemeralLow() {
        // a reader, not Files.readString: procfs reports a size of 0 and readString comes back with one byte
        try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            String range = in.readLine().trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
