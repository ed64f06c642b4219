package dev.firedrill.harness.lb.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The small HTML pages an ALB answers with when it cannot get a response from a target. */
final class ErrorResponses {
    static final String ERROR_HEADER = "X-Firedrill-Lb-Error";

    private ErrorResponses() {
    }

    /** The reason phrases AWS's pages use (nginx-style), where they differ from RFC 9110's. */
    private static String title(int status) {
        return switch (status) {
            case 503 -> "Service Temporarily Unavailable";
            case 504 -> "Gateway Time-out";
            default -> HttpStatus.getMessage(status);
        };
    }

    static void write(Response resp, Callback cb, int status, String reason) {
        String title = status + " " + title(status);
        byte[] body = ("<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n</body>\r\n</html>\r\n").getBytes(StandardCharsets.US_ASCII);
        resp.setStatus(status);
        HttpFields.Mutable h = resp.getHeaders();
        h.put(HttpHeader.SERVER, "awselb/2.0");
        h.put(HttpHeader.CONTENT_TYPE, "text/html");
        h.put(HttpHeader.CONTENT_LENGTH, body.length);
        h.put(ERROR_HEADER, reason);
        resp.write(true, ByteBuffer.wrap(body), cb);
    }
}
