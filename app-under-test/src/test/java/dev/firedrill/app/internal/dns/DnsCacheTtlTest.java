package dev.firedrill.app.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The decision only: {@link DnsCacheTtl#apply} sets JVM-wide properties, which a shared test JVM must not get. */
class DnsCacheTtlTest {

    @Test
    void anUntouchedJvmGetsTheConfiguredTtlAndAOneSecondNegativeTtl() {
        DnsCacheTtl.Decision d = DnsCacheTtl.decide(5, null, null, "10");
        assertThat(d.ttlSeconds()).isEqualTo(5);
        assertThat(d.negativeTtlSeconds()).as("the JDK's 10 s would hide a recovered name that long").isEqualTo(1);
        assertThat(d.description()).contains("5 s (DNS_TTL_SECONDS)");
    }

    @Test
    void noCachingMeansNoNegativeCachingEither() {
        DnsCacheTtl.Decision d = DnsCacheTtl.decide(0, null, null, "10");
        assertThat(d.ttlSeconds()).isZero();
        assertThat(d.negativeTtlSeconds()).isZero();
    }

    @Test
    void theJvmsOwnSecurityPropertyWins() {
        DnsCacheTtl.Decision d = DnsCacheTtl.decide(5, "60", null, "10");
        assertThat(d.ttlSeconds()).isNull();
        assertThat(d.negativeTtlSeconds()).isNull();
        assertThat(d.description()).contains("networkaddress.cache.ttl=60 is kept");
    }

    @Test
    void theLegacySystemPropertyWins() {
        DnsCacheTtl.Decision d = DnsCacheTtl.decide(5, null, "0", "10");
        assertThat(d.ttlSeconds()).isNull();
        assertThat(d.description()).contains("-Dsun.net.inetaddr.ttl=0 is kept");
    }

    @Test
    void aChangedNegativeTtlIsKeptWhileThePositiveOneIsSet() {
        DnsCacheTtl.Decision d = DnsCacheTtl.decide(5, null, null, "3");
        assertThat(d.ttlSeconds()).isEqualTo(5);
        assertThat(d.negativeTtlSeconds()).as("not the JDK default: someone chose it").isNull();
        assertThat(d.description()).contains("failed ones as networkaddress.cache.negative.ttl=3 says");
    }
}
