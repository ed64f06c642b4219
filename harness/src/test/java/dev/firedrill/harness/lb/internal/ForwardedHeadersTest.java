package dev.firedrill.harness.lb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {
    private static final long EPOCH = 0x5f000000L;

    @Test
    void requestWithoutTraceHeaderGetsARoot() {
        assertThat(ForwardedHeaders.traceHeader(null, EPOCH)).matches("Root=1-5f000000-[0-9a-f]{24}");
    }

    @Test
    void requestWithARootKeepsItAndGetsASelfField() {
        String in = "Root=1-5f000000-aaaaaaaaaaaaaaaaaaaaaaaa;Sampled=1";
        assertThat(ForwardedHeaders.traceHeader(in, EPOCH))
                .matches("Self=1-5f000000-[0-9a-f]{24};Root=1-5f000000-a{24};Sampled=1");
    }

    @Test
    void anEarlierSelfFieldIsReplaced() {
        String in = "Self=1-00000000-bbbbbbbbbbbbbbbbbbbbbbbb;Root=1-5f000000-aaaaaaaaaaaaaaaaaaaaaaaa";
        assertThat(ForwardedHeaders.traceHeader(in, EPOCH)).doesNotContain("bbbb").contains("Root=1-5f000000-a");
    }
}
