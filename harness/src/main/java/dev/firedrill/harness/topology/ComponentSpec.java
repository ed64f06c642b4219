package dev.firedrill.harness.topology;

/**
 * One component a topology deploys, with its placement and the (logical, AWS-side) port it serves on,
 * which is what security-group rules talk about.
 */
public record ComponentSpec(String name, ComponentKind kind, String az, String subnet, String securityGroup,
        int port) {
}
