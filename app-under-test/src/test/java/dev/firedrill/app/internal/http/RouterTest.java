package dev.firedrill.app.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouterTest {
    private final Route ok = ex -> Reply.text(200, "text/plain", "ok");
    private final Router router = new Router().add("GET", "/items/{id}", ok).add("POST", "/items", ok);

    @Test
    void aTemplateMatchesAndCapturesItsParameter() {
        Router.Match match = router.match("GET", "/items/42");
        assertThat(match.template()).as("metrics label has no ids").isEqualTo("/items/{id}");
        assertThat(match.params()).containsExactly("42");
        assertThat(router.match("HEAD", "/items/42").template()).isEqualTo("/items/{id}");
    }

    @Test
    void aKnownPathWithTheWrongMethodIs405AndAnUnknownPathIs404() {
        assertThatThrownBy(() -> router.match("DELETE", "/items/1")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(405));
        assertThatThrownBy(() -> router.match("GET", "/items/1/extra")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aSaneRequestIdIsEchoedAndAnythingElseReplaced() {
        assertThat(AppHandler.requestId("abc-1")).isEqualTo("abc-1");
        assertThat(AppHandler.requestId("bad id\n")).isNotEqualTo("bad id\n").hasSize(36);
        assertThat(AppHandler.requestId("x".repeat(200))).hasSize(36);
    }
}
