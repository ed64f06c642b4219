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
        // on a machine whose ephemeral range starts near the floor, freePort falls back to the OS's pick
        boolean belowRange = Ports.ephemeralLow() - 1 - Ports.FLOOR >= 1_000;
        for (int i = 0; i < 100; i++) {
            int port = Ports.freePort();
            if (belowRange) {
                assertThat(port).as("outgoing connections never take a port below the ephemeral range")
                        .isBetween(Ports.FLOOR, Ports.ephemeralLow() - 1);
            }
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
        int port = Ports.freePort();
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(Ports.LOOPBACK, port));
            assertThat(Ports.isTaken(port)).isTrue();
        }
    }
}
