package dev.firedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SessionsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static App first;
    private static App second;

    @BeforeAll
    static void start() throws Exception {
        AppTestEnvironment env = AppTestEnvironment.shared();
        String db = env.newDatabase("sessions");
        AppTestEnvironment.Queues queues = env.newQueues();
        first = App.start(env.env("sessions-a", db, queues));
        second = App.start(env.env("sessions-b", db, queues));
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aSessionCreatedThroughOneInstanceWorksThroughAnother() throws Exception {
        HttpResponse<String> login = new AppClient(first.port()).post("/login", "{\"user\":\"alice\"}");
        assertThat(login.statusCode()).isEqualTo(200);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        assertThat(cookie).startsWith("FIREDRILL_SESSION=");

        HttpResponse<String> me = new AppClient(second.port()).get("/me", "Cookie", cookie);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).get("user").asText()).isEqualTo("alice");
        assertThat(JSON.readTree(me.body()).get("createdBy").asText()).isEqualTo("sessions-a");
        assertThat(me.headers().firstValue("X-Instance-Id")).hasValue("sessions-b");
    }

    @Test
    void meWithoutASessionIs401WithAJsonBody() throws Exception {
        HttpResponse<String> me = new AppClient(second.port()).get("/me");
        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(me.body()).get("error").asText()).isEqualTo("not_logged_in");
        HttpResponse<String> unknown = new AppClient(second.port()).get("/me", "Cookie", "FIREDRILL_SESSION=nope");
        assertThat(unknown.statusCode()).isEqualTo(401);
    }

    @Test
    void logoutEndsTheSessionEverywhere() throws Exception {
        HttpResponse<String> login = new AppClient(first.port()).post("/login", "{\"user\":\"bob\"}");
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        assertThat(new AppClient(second.port()).post("/logout", "{}", "Cookie", cookie).statusCode()).isEqualTo(200);
        assertThat(new AppClient(first.port()).get("/me", "Cookie", cookie).statusCode()).isEqualTo(401);
    }
}
