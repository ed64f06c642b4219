package dev.firedrill.harness.net;

/** How a {@link Link} refuses traffic, modelled on what AWS network controls do to TCP. */
public enum BlockMode {
    /** Traffic flows. */
    NONE,
    /**
     * Connections are accepted but nothing is ever forwarded or answered; existing connections go
     * silent too. Clients time out, as behind a security-group or NACL deny (packets dropped).
     */
    BLACKHOLE,
    /** New and existing connections are reset at once: clients fail fast ("connection reset"). */
    REJECT
}
