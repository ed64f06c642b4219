package dev.firedrill.harness.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.harness.backend.aws.internal.BackstopPolicy;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AwsBackstopTest {
    @Test
    void theScheduleFiresAtTheDeadlineInUtcToTheSecond() {
        assertThat(AwsBackstop.expression(Instant.parse("2026-12-01T10:15:30.987Z")))
                .isEqualTo("at(2026-12-01T10:15:30)");
    }

    @Test
    void theInputIsDeleteStacksRequest() {
        assertThat(AwsBackstop.input("firedrill-default-fd1")).isEqualTo("{\"StackName\":\"firedrill-default-fd1\"}");
    }

    @Test
    void namesStayWithinIamsSixtyFourCharacters() {
        assertThat(AwsBackstop.nameFor("fd1")).isEqualTo("firedrill-backstop-fd1");
        assertThat(AwsBackstop.nameFor("x".repeat(64))).hasSize(64).startsWith(AwsBackstop.PREFIX);
    }

    @Test
    void onlyTheSchedulerOfThisAccountMayAssumeTheRole() {
        JsonNode s = BackstopPolicy.trust("aws", "us-east-1", "123456789012", "firedrill-backstop-fd1")
                .path("Statement").get(0);
        assertThat(s.path("Principal").path("Service").asText()).isEqualTo("scheduler.amazonaws.com");
        assertThat(s.path("Condition").path("StringEquals").path("aws:SourceAccount").asText())
                .isEqualTo("123456789012");
        assertThat(s.path("Condition").path("ArnLike").path("aws:SourceArn").asText())
                .isEqualTo("arn:aws:scheduler:us-east-1:123456789012:schedule/default/firedrill-backstop-fd1");
    }

    @Test
    void theRoleDeletesThisStackAndOnlyTheRunsTaggedResources() {
        JsonNode statements = BackstopPolicy.permissions("aws", "us-east-1", "123456789012", "firedrill-d-fd1", "fd1")
                .path("Statement");
        assertThat(statements.get(0).path("Action").toString()).contains("cloudformation:DeleteStack");
        assertThat(statements.get(0).path("Resource").asText())
                .isEqualTo("arn:aws:cloudformation:us-east-1:123456789012:stack/firedrill-d-fd1/*");
        assertThat(statements.get(1).path("Condition").path("StringEquals").path("aws:ResourceTag/firedrill:run-id")
                .asText()).as("deletes scoped to the run's tag").isEqualTo("fd1");
        for (JsonNode st : statements) {
            assertThat(st.path("Action").toString()).as("nothing that creates")
                    .doesNotContain(":Create").doesNotContain(":Run").doesNotContain(":Put");
        }
    }
}
