package dev.firedrill.harness.lb.internal;

/**
 * Finds where a chunked body ends (RFC 9112 §7.1) without changing it: the ALB relays chunks as they are, so it
 * only needs to know when the last chunk and its trailer section went by. State carries across reads.
 */
final class ChunkScanner {
    static final int NEED_MORE = -1;
    static final int MALFORMED = -2;

    private static final int SIZE = 0;
    private static final int EXTENSION = 1;
    private static final int SIZE_LF = 2;
    private static final int DATA = 3;
    private static final int DATA_CR = 4;
    private static final int DATA_LF = 5;
    private static final int TRAILER_LINE_START = 6;
    private static final int TRAILER_LINE = 7;
    private static final int FINAL_LF = 8;

    private int state;
    private long size;
    private boolean digits;

    void reset() {
        state = SIZE;
        size = 0;
        digits = false;
    }

    /** Scans {@code b[from, to)}: the index just past the body's end, {@link #NEED_MORE} or {@link #MALFORMED}. */
    int scan(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (state == DATA) {
                long n = Math.min(size, to - i);
                i += (int) n;
                size -= n;
                if (size == 0) {
                    state = DATA_CR;
                }
                continue;
            }
            byte c = b[i++];
            switch (state) {
                case SIZE -> {
                    int d = Character.digit(c, 16);
                    if (d >= 0) {
                        if (size > (Long.MAX_VALUE >> 5)) {
                            return MALFORMED;
                        }
                        size = size * 16 + d;
                        digits = true;
                    } else if (!digits) {
                        return MALFORMED;
                    } else if (c == ';' || c == ' ' || c == '\t') {
                        state = EXTENSION;
                    } else if (c == '\r') {
                        state = SIZE_LF;
                    } else if (c == '\n') {
                        sizeDone();
                    } else {
                        return MALFORMED;
                    }
                }
                case EXTENSION -> {
                    if (c == '\r') {
                        state = SIZE_LF;
                    } else if (c == '\n') {
                        sizeDone();
                    }
                }
                case SIZE_LF -> {
                    if (c != '\n') {
                        return MALFORMED;
                    }
                    sizeDone();
                }
                case DATA_CR -> {
                    if (c == '\r') {
                        state = DATA_LF;
                    } else if (c == '\n') {
                        reset();
                    } else {
                        return MALFORMED;
                    }
                }
                case DATA_LF -> {
                    if (c != '\n') {
                        return MALFORMED;
                    }
                    reset();
                }
                case TRAILER_LINE_START -> {
                    if (c == '\r') {
                        state = FINAL_LF;
                    } else if (c == '\n') {
                        reset();
                        return i;
                    } else {
                        state = TRAILER_LINE;
                    }
                }
                case TRAILER_LINE -> {
                    if (c == '\n') {
                        state = TRAILER_LINE_START;
                    }
                }
                case FINAL_LF -> {
                    if (c != '\n') {
                        return MALFORMED;
                    }
                    reset();
                    return i;
                }
                default -> throw new IllegalStateException("chunk scanner state " + state);
            }
        }
        return NEED_MORE;
    }

    private void sizeDone() {
        state = size == 0 ? TRAILER_LINE_START : DATA;
        digits = false;
    }
}
