package dev.firedrill.harness.topology;

import java.util.List;

/** Stateless app instances, spread round-robin over {@code subnets} (hence AZs), registered with the ALB. */
public record Fleet(String name, int count, List<String> subnets, String securityGroup, AppSpec app) {
    public Fleet {
        subnets = List.copyOf(subnets);
    }
}
