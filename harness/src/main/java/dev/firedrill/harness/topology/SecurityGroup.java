package dev.firedrill.harness.topology;

import java.util.List;

/** A security group: stateful, allow-only inbound rules, as in AWS. Everything not allowed is dropped. */
public record SecurityGroup(String name, List<IngressRule> ingress) {
    public SecurityGroup {
        ingress = List.copyOf(ingress);
    }
}
