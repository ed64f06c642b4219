package dev.firedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Client mistakes get a 4xx with {"error","detail"}; never a 500. */
class BadInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static App app;
    private static AppClient client;
    private static long existingId;

    @BeforeAll
    static void start() throws Exception {
        AppTestEnvironment env = AppTestEnvironment.shared();
        app = App.start(env.env("bad-input", env.newDatabase("badinput"), env.newQueues()));
        client = new AppClient(app.port());
        existingId = JSON.readTree(client.post("/items", "{\"value\":1}").body()).get("id").asLong();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3} {4}")
    @CsvSource(delimiter = '|', value = {
            "POST | /items           | {\"value\":                     | 400 | malformed_json",
            "POST | /items           | not json                        | 400 | malformed_json",
            "POST | /items           | [1,2]                           | 400 | malformed_json",
            "POST | /items           | {\"value\":1} trailing         | 400 | malformed_json",
            "POST | /items           | {\"value\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ | 400 | malformed_json",
            "POST | /items           | {\"value\":1e999999}          | 400 | invalid_value",
            "POST | /items           | {}                              | 400 | missing_field",
            "POST | /items           | {\"value\":\"a\\u0000b\"}        | 400 | invalid_value",
            "PUT  | /items/EXISTING  | {\"value\":2}                   | 400 | missing_field",
            "PUT  | /items/EXISTING  | {\"version\":\"x\",\"value\":2} | 400 | bad_version",
            "PUT  | /items/EXISTING  | {\"version\":0,\"value\":2}     | 400 | bad_version",
            "PUT  | /items/EXISTING  | {\"version\":1.5,\"value\":2}   | 400 | bad_version",
            "PUT  | /items/EXISTING  | {\"version\":99,\"value\":2}    | 409 | version_conflict",
            "PUT  | /items/99999999  | {\"version\":1,\"value\":2}     | 404 | not_found",
            "GET  | /items/99999999  |                                 | 404 | not_found",
            "GET  | /items/abc       |                                 | 400 | bad_id",
            "GET  | /items/-1        |                                 | 400 | bad_id",
            "GET  | /items?limit=0   |                                 | 400 | bad_query",
            "GET  | /items?after=x   |                                 | 400 | bad_query",
            "GET  | /nowhere         |                                 | 404 | not_found",
            "DELETE | /items/1       |                                 | 405 | method_not_allowed",
            "POST | /login           | {\"user\":42}                   | 400 | bad_user",
            "POST | /login           | {}                              | 400 | missing_field",
            "POST | /jobs            | {\"payload\":                   | 400 | malformed_json",
    })
    void clientMistakesGetA4xxJsonError(String method, String path, String body, int status, String error)
            throws Exception {
        path = path.replace("EXISTING", Long.toString(existingId));
        HttpResponse<String> response = switch (method) {
            case "POST" -> client.post(path, body == null ? "" : body);
            case "PUT" -> client.put(path, body == null ? "" : body);
            case "GET" -> client.get(path);
            default -> client.send(method, path);
        };
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("error").asText()).isEqualTo(error);
        assertThat(json.get("detail").asText()).isNotBlank();
    }

    @org.junit.jupiter.api.Test
    void anOversizedBodyIs413() throws Exception {
        String big = "{\"value\":\"" + "x".repeat(70_000) + "\"}";
        HttpResponse<String> response = client.post("/items", big);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("payload_too_large");
    }

    @org.junit.jupiter.api.Test
    void anOversizedChunkedBodyWithoutContentLengthIs413Too() throws Exception {
        byte[] big = ("{\"value\":\"" + "x".repeat(70_000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + app.port() + "/items"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @org.junit.jupiter.api.Test
    void aNonJsonContentTypeIs415() throws Exception {
        HttpResponse<String> response = client.post("/items", "{\"value\":1}", "Content-Type", "text/plain");
        assertThat(response.statusCode()).isEqualTo(415);
    }
}
