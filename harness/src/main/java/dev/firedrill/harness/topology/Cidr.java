package dev.firedrill.harness.topology;

/** An IPv4 CIDR block, e.g. {@code 10.0.0.0/16}. */
public record Cidr(long base, int prefix) {

    /** Parses, or returns null when {@code text} is not an IPv4 CIDR. */
    public static Cidr parse(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.trim().split("/");
        if (parts.length != 2) {
            return null;
        }
        Long ip = parseIp(parts[0]);
        int prefix;
        try {
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return null;
        }
        if (ip == null || prefix < 0 || prefix > 32) {
            return null;
        }
        return new Cidr(ip & mask(prefix), prefix);
    }

    static Long parseIp(String s) {
        String[] o = s.split("\\.");
        if (o.length != 4) {
            return null;
        }
        long v = 0;
        for (String part : o) {
            try {
                int b = Integer.parseInt(part);
                if (b < 0 || b > 255) {
                    return null;
                }
                v = (v << 8) | b;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return v;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    public boolean contains(Cidr other) {
        return other.prefix >= prefix && (other.base & mask(prefix)) == base;
    }

    public boolean contains(String ip) {
        Long v = parseIp(ip);
        return v != null && (v & mask(prefix)) == base;
    }

    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    /** The {@code n}-th host address (n ≥ 1; AWS reserves the first four of a subnet). */
    public String host(int n) {
        long v = base + 3 + n;
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    @Override
    public String toString() {
        return host(-3) + "/" + prefix;
    }
}
