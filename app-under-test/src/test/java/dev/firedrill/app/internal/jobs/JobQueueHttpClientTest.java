package dev.firedrill.app.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** The transport of a plain-HTTP SQS endpoint, against a real socket. */
class JobQueueHttpClientTest {

    private static HttpExecuteRequest get(URI uri) {
        return HttpExecuteRequest.builder()
                .request(SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.GET).build()).build();
    }

    @Test
    void aPlainHttpEndpointIsCalledWithTheReadTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/000000000000/jobs");
            SdkHttpClient client = JobQueue.httpClient(uri, Duration.ofSeconds(2), Duration.ofMillis(300));
            Thread answer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    in.read(new byte[4096]);
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                            .getBytes(StandardCharsets.US_ASCII));
                    // the second connection is accepted and never answered
                    try (Socket silent = server.accept()) {
                        silent.getInputStream().read(new byte[4096]);
                        Thread.sleep(10_000);
                    }
                } catch (Exception e) {
                    // the test ended
                }
            });
            answer.setDaemon(true);
            answer.start();

            HttpExecuteResponse ok = client.prepareRequest(get(uri)).call();
            assertThat(ok.httpResponse().statusCode()).isEqualTo(200);
            assertThat(ok.responseBody().orElseThrow().readAllBytes()).asString(StandardCharsets.US_ASCII)
                    .isEqualTo("ok");
            assertThatThrownBy(() -> client.prepareRequest(get(uri)).call())
                    .isInstanceOf(SocketTimeoutException.class);
            answer.interrupt();
        }
    }
}
