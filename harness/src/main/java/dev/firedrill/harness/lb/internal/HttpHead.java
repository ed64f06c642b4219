package dev.firedrill.harness.lb.internal;

/**
 * One HTTP/1.x message head (start line and header fields) parsed in place: offsets into the bytes it was read
 * into, no strings or copies unless a caller asks for a value. Reused for every message of a connection.
 *
 * <p>Strict where lenience would let a request be read two ways (RFC 9112 §2.2, §5): no whitespace between a field
 * name and its colon, no obsolete line folding, a request line of exactly three parts. A bare LF ends a line, as
 * RFC 9112 allows a recipient to accept.
 */
final class HttpHead {
    /** AWS: the whole request header may be up to 64 KB (ELB user guide, "HTTP 400: Bad request"). */
    static final int MAX_HEAD = 64 * 1024;
    static final int MAX_FIELDS = 256;

    byte[] b;
    int start;
    int end;
    /** The start line's three parts: method, target, version; or version, status, reason (which may be empty). */
    int s1;
    int e1;
    int s2;
    int e2;
    int s3;
    int e3;
    int count;
    /** Per field: name start, name end, value start, value end (value without surrounding whitespace). */
    int[] fields = new int[4 * 32];

    /** The index just past the empty line that ends a head in {@code b[from, to)}, or -1 if it is not all there. */
    static int findEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                if (i + 1 < to && b[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < to && b[i + 1] == '\r' && b[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /**
     * Parses {@code b[from, to)}, a whole head as {@link #findEnd} delimited it.
     *
     * @param request a request line (three parts, no space in the target) rather than a status line
     * @return null, or what is wrong with it
     */
    String parse(byte[] b, int from, int to, boolean request) {
        this.b = b;
        this.start = from;
        this.end = to;
        this.count = 0;
        int eol = lineEnd(b, from, to);
        int lineStop = trimCr(b, from, eol);
        int sp1 = indexOf(b, from, lineStop, (byte) ' ');
        if (sp1 <= from) {
            return "the start line has no space-separated parts";
        }
        s1 = from;
        e1 = sp1;
        int sp2 = indexOf(b, sp1 + 1, lineStop, (byte) ' ');
        if (request) {
            if (sp2 < 0 || sp2 == sp1 + 1 || sp2 + 1 >= lineStop || indexOf(b, sp2 + 1, lineStop, (byte) ' ') >= 0) {
                return "the request line is not \"METHOD target HTTP/1.1\"";
            }
            s2 = sp1 + 1;
            e2 = sp2;
            s3 = sp2 + 1;
            e3 = lineStop;
            if (!isToken(b, s1, e1)) {
                return "the method is not a token";
            }
            if (!isVersion(b, s3, e3)) {
                return "the version is not HTTP/1.0 or HTTP/1.1";
            }
        } else {
            if (!isVersion(b, s1, e1)) {
                return "the status line does not start with HTTP/1.x";
            }
            s2 = sp1 + 1;
            e2 = sp2 < 0 ? lineStop : sp2;
            s3 = sp2 < 0 ? lineStop : sp2 + 1;
            e3 = lineStop;
            if (e2 - s2 != 3 || !isDigit(b[s2]) || !isDigit(b[s2 + 1]) || !isDigit(b[s2 + 2])) {
                return "the status is not three digits";
            }
        }
        int p = eol + 1;
        while (p < to) {
            int le = lineEnd(b, p, to);
            int stop = trimCr(b, p, le);
            if (stop == p) {
                return null; // the empty line
            }
            if (b[p] == ' ' || b[p] == '\t') {
                return "a header line is folded (obsolete line folding)";
            }
            int colon = indexOf(b, p, stop, (byte) ':');
            if (colon <= p || !isToken(b, p, colon)) {
                return "a header line has no valid field name before its colon";
            }
            if (count == MAX_FIELDS) {
                return "more than " + MAX_FIELDS + " header fields";
            }
            int vs = colon + 1;
            while (vs < stop && (b[vs] == ' ' || b[vs] == '\t')) {
                vs++;
            }
            int ve = stop;
            while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
                ve--;
            }
            if (4 * count + 4 > fields.length) {
                fields = java.util.Arrays.copyOf(fields, fields.length * 2);
            }
            int i = 4 * count++;
            fields[i] = p;
            fields[i + 1] = colon;
            fields[i + 2] = vs;
            fields[i + 3] = ve;
            p = le + 1;
        }
        return "the head does not end with an empty line";
    }

    /** HTTP/1.1 (or later minor), not 1.0. */
    boolean isHttp11(int s, int e) {
        return b[e - 1] != '0';
    }

    int status() {
        return (b[s2] - '0') * 100 + (b[s2 + 1] - '0') * 10 + (b[s2 + 2] - '0');
    }

    int nameStart(int f) {
        return fields[4 * f];
    }

    int lineStart(int f) {
        return fields[4 * f];
    }

    int valueStart(int f) {
        return fields[4 * f + 2];
    }

    int valueEnd(int f) {
        return fields[4 * f + 3];
    }

    /** Whether field {@code f}'s name is {@code lower} (given in lower case), ignoring case. */
    boolean nameIs(int f, byte[] lower) {
        int s = fields[4 * f];
        if (fields[4 * f + 1] - s != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            if ((b[s + i] | 0x20) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** The first field named {@code lower}, or -1. */
    int find(byte[] lower) {
        for (int f = 0; f < count; f++) {
            if (nameIs(f, lower)) {
                return f;
            }
        }
        return -1;
    }

    String value(int f) {
        return new String(b, valueStart(f), valueEnd(f) - valueStart(f), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Whether field {@code f}'s comma-separated value has the element {@code lower}, ignoring case. */
    boolean hasToken(int f, byte[] lower) {
        int s = valueStart(f);
        int e = valueEnd(f);
        int i = s;
        while (i <= e) {
            int j = i;
            while (j < e && b[j] != ',') {
                j++;
            }
            int ts = i;
            int te = j;
            while (ts < te && (b[ts] == ' ' || b[ts] == '\t')) {
                ts++;
            }
            while (te > ts && (b[te - 1] == ' ' || b[te - 1] == '\t')) {
                te--;
            }
            if (equalsIgnoreCase(b, ts, te, lower)) {
                return true;
            }
            i = j + 1;
        }
        return false;
    }

    /** Whether the last element of field {@code f}'s comma-separated value is {@code lower}, ignoring case. */
    boolean lastTokenIs(int f, byte[] lower) {
        int e = valueEnd(f);
        int s = e;
        while (s > valueStart(f) && b[s - 1] != ',') {
            s--;
        }
        while (s < e && (b[s] == ' ' || b[s] == '\t')) {
            s++;
        }
        return equalsIgnoreCase(b, s, e, lower);
    }

    /** Field {@code f}'s value as a non-negative decimal, or -1 if it is not one (or would overflow). */
    long decimal(int f) {
        int s = valueStart(f);
        int e = valueEnd(f);
        if (s == e || e - s > 18) {
            return -1;
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            if (!isDigit(b[i])) {
                return -1;
            }
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    static boolean equalsIgnoreCase(byte[] b, int s, int e, byte[] lower) {
        if (e - s != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            if ((b[s + i] | 0x20) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private static int lineEnd(byte[] b, int from, int to) {
        int i = indexOf(b, from, to, (byte) '\n');
        return i < 0 ? to : i;
    }

    private static int trimCr(byte[] b, int from, int eol) {
        return eol > from && b[eol - 1] == '\r' ? eol - 1 : eol;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isVersion(byte[] b, int s, int e) {
        return e - s == 8 && b[s] == 'H' && b[s + 1] == 'T' && b[s + 2] == 'T' && b[s + 3] == 'P' && b[s + 4] == '/'
                && b[s + 5] == '1' && b[s + 6] == '.' && isDigit(b[s + 7]);
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 9110 tchar. */
    private static boolean isToken(byte[] b, int s, int e) {
        if (s >= e) {
            return false;
        }
        for (int i = s; i < e; i++) {
            int c = b[i] & 0xff;
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
