package dev.firedrill.app.internal.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.app.AppConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.api.Test;

class TracingResourceTest {
    private static AppConfig.Otel otel(String resourceAttributes) {
        return new AppConfig.Otel("http://127.0.0.1:4318/v1/traces", "app", resourceAttributes, 1000, false, null, 500);
    }

    @Test
    void theVersionIsTheResourcesServiceVersion() {
        Attributes resource = Tracing.resource(otel("cloud.availability_zone=a"), "i-1", "v2");
        assertThat(resource.get(AttributeKey.stringKey("service.version"))).isEqualTo("v2");
        assertThat(resource.get(AttributeKey.stringKey("service.name"))).isEqualTo("app");
        assertThat(resource.get(AttributeKey.stringKey("service.instance.id"))).isEqualTo("i-1");
        assertThat(resource.get(AttributeKey.stringKey("cloud.availability_zone"))).isEqualTo("a");
    }

    @Test
    void appVersionWinsOverAServiceVersionInTheAttributeList() {
        Attributes resource = Tracing.resource(otel("service.version=old,service.instance.id=given"), "i-1", "v3");
        assertThat(resource.get(AttributeKey.stringKey("service.version")))
                .as("the traces must say what X-App-Version says").isEqualTo("v3");
        assertThat(resource.get(AttributeKey.stringKey("service.instance.id"))).isEqualTo("given");
    }
}
