package dev.firedrill.harness.topology;

/** An ElastiCache-style Redis node in one subnet. */
public record Cache(String name, String engine, String subnet, String securityGroup, int port) {
}
