package dev.firedrill.harness.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A topology file says only what differs, also in its lists of named things. */
class NamedListsMergeTest {
    @Test
    void aQueueListAddsToTheDefaultQueues() {
        Topology t = TopologyYaml.parse("queues:\n  - {name: emails}\n");
        assertThat(t.queues()).extracting(Queue::name).containsExactly("jobs", "jobs-dlq", "emails");
    }

    @Test
    void anEntryWithADefaultsNameChangesOnlyTheFieldsItGives() {
        Topology t = TopologyYaml.parse("queues:\n  - {name: jobs, visibilityTimeout: 60s}\n");
        Queue jobs = t.queues().get(0);
        assertThat(jobs.visibilityTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(jobs.deadLetterQueue()).as("the default's dead-letter queue is kept").isEqualTo("jobs-dlq");
        assertThat(jobs.maxReceiveCount()).isEqualTo(3);
    }

    @Test
    void aSecurityGroupEntryReplacesThatGroupsRulesAndKeepsTheOtherGroups() {
        Topology t = TopologyYaml.parse("securityGroups:\n  - {name: cache-sg, ingress: [{port: 6379, source: alb-sg}]}\n");
        assertThat(t.securityGroups()).extracting(SecurityGroup::name)
                .containsExactly("alb-sg", "app-sg", "db-sg", "cache-sg");
        assertThat(t.securityGroup("cache-sg").ingress()).singleElement()
                .extracting(IngressRule::sourceGroup).isEqualTo("alb-sg");
        assertThat(t.securityGroup("db-sg").ingress()).hasSize(2);
    }

    @Test
    void aSubnetEntryChangesOnlyItsFields() {
        Topology t = TopologyYaml.parse("vpc:\n  subnets:\n    - {name: private-b, cidr: 10.0.12.0/24}\n");
        assertThat(t.vpc().subnets()).hasSize(4);
        assertThat(t.vpc().subnet("private-b").cidr()).isEqualTo("10.0.12.0/24");
        assertThat(t.vpc().subnet("private-b").az()).isEqualTo("us-east-1b");
    }

    @Test
    void removeDropsADefaultEntryAndAnEmptyListMeansNone() {
        assertThat(TopologyYaml.parse("queues:\n  - {name: jobs, remove: true}\n  - {name: jobs-dlq, remove: true}\n")
                .queues()).isEmpty();
        assertThat(TopologyYaml.parse("queues: []\n").queues()).isEmpty();
        assertThatThrownBy(() -> TopologyYaml.parse("queues:\n  - {name: jbos, remove: true}\n"))
                .hasMessageContaining("queues: nothing named 'jbos' to remove; names: jobs, jobs-dlq");
    }
}
