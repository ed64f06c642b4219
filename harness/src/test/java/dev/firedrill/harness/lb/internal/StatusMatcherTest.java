package dev.firedrill.harness.lb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.TopologyException;
import org.junit.jupiter.api.Test;

class StatusMatcherTest {

    @Test
    void singleCodeMatchesOnlyItself() {
        StatusMatcher m = StatusMatcher.parse("m", "200");
        assertThat(m.matches(200)).isTrue();
        assertThat(m.matches(201)).isFalse();
    }

    @Test
    void listsAndRangesCombine() {
        StatusMatcher m = StatusMatcher.parse("m", "200,202, 300-302");
        assertThat(m.matches(200)).isTrue();
        assertThat(m.matches(201)).isFalse();
        assertThat(m.matches(202)).isTrue();
        assertThat(m.matches(301)).isTrue();
        assertThat(m.matches(303)).isFalse();
    }

    @Test
    void codesOutsideTheValidRangeNeverMatch() {
        StatusMatcher m = StatusMatcher.parse("m", "200-499");
        assertThat(m.matches(499)).isTrue();
        assertThat(m.matches(500)).isFalse();
        assertThat(m.matches(-1)).isFalse();
    }

    @Test
    void invertedRangeEmptyPartAndOutOfRangeCodesAreRejected() {
        assertThatThrownBy(() -> StatusMatcher.parse("f", "299-200")).isInstanceOf(TopologyException.class)
                .hasMessageStartingWith("f: matcher '299-200'");
        assertThatThrownBy(() -> StatusMatcher.parse("f", "200,")).isInstanceOf(TopologyException.class);
        assertThatThrownBy(() -> StatusMatcher.parse("f", "199")).isInstanceOf(TopologyException.class);
        assertThatThrownBy(() -> StatusMatcher.parse("f", " ")).isInstanceOf(TopologyException.class);
    }
}
