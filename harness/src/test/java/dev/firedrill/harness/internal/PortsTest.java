package dev.firedrill.harness.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void freePortsAreBindableBelowTheEphemeralRangeAndNotHandedOutTwice() throws IOException {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            int port = Ports.freePort();
            assertThat(port).as("outgoing connections never take a port below the ephemeral range")
                    .isBetween(Ports.FLOOR, Ports.ephemeralLow() - 1);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
        int port = Ports.freePort();
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(Ports.LOOPBACK, port));
            assertThat(Ports.isTaken(port)).isTrue();
        }
    }
}
