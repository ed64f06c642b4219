package dev.firedrill.harness.lb.internal;

import java.nio.charset.StandardCharsets;

/** The small HTML pages an ALB answers with when it cannot get a response from a target. */
final class ErrorResponses {
    static final String ERROR_HEADER = "X-Firedrill-Lb-Error";
    static final String TARGET_HEADER = "X-Firedrill-Target";

    private ErrorResponses() {
    }

    /** The reason phrases AWS's pages use (nginx-style). */
    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 460 -> "Client Closed Request";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Temporarily Unavailable";
            case 504 -> "Gateway Time-out";
            default -> "Error";
        };
    }

    /**
     * A whole response: status line, {@code Server: awselb/2.0}, the reason as {@value #ERROR_HEADER}, the target
     * field if one was chosen, and the page (not for HEAD, whose Content-Length still says its size).
     */
    static void page(ByteSink out, int status, String reason, byte[] targetField, boolean close, boolean head) {
        String title = status + " " + title(status);
        byte[] body = ("<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n</body>\r\n</html>\r\n").getBytes(StandardCharsets.US_ASCII);
        out.ascii("HTTP/1.1 ").ascii(title).crlf()
                .ascii("Server: awselb/2.0\r\nContent-Type: text/html\r\nContent-Length: ").decimal(body.length).crlf()
                .ascii(ERROR_HEADER).ascii(": ").ascii(reason).crlf();
        if (targetField != null) {
            out.put(targetField);
        }
        if (close) {
            out.ascii("Connection: close\r\n");
        }
        out.crlf();
        if (!head) {
            out.put(body);
        }
    }
}
