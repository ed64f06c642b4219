package dev.firedrill.harness.lb.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array to build one message head in; reused, so building a head allocates nothing. */
final class ByteSink {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    byte[] a;
    int n;
    private ByteBuffer view;

    ByteSink(int capacity) {
        a = new byte[capacity];
    }

    ByteSink clear() {
        n = 0;
        return this;
    }

    private void room(int more) {
        if (n + more > a.length) {
            a = Arrays.copyOf(a, Math.max(a.length * 2, n + more));
            view = null;
        }
    }

    ByteSink put(byte c) {
        room(1);
        a[n++] = c;
        return this;
    }

    ByteSink put(byte[] src) {
        return put(src, 0, src.length);
    }

    ByteSink put(byte[] src, int off, int len) {
        room(len);
        System.arraycopy(src, off, a, n, len);
        n += len;
        return this;
    }

    ByteSink ascii(String s) {
        int len = s.length();
        room(len);
        for (int i = 0; i < len; i++) {
            a[n++] = (byte) s.charAt(i);
        }
        return this;
    }

    ByteSink hex(long v, int digits) {
        room(digits);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            a[n++] = HEX[(int) ((v >>> shift) & 0xf)];
        }
        return this;
    }

    ByteSink decimal(long v) {
        return ascii(Long.toString(v));
    }

    ByteSink crlf() {
        room(2);
        a[n++] = '\r';
        a[n++] = '\n';
        return this;
    }

    /** The bytes so far as a buffer positioned at 0; valid until the next put. */
    ByteBuffer buffer() {
        if (view == null) {
            view = ByteBuffer.wrap(a);
        }
        view.limit(n).position(0);
        return view;
    }
}
