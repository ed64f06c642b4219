package dev.firedrill.app.internal.db;

/** Which connection pool served a request; sent back as {@code X-Db-Pool}. */
public enum Pool {
    WRITER("writer"), READER("reader");

    private final String header;

    Pool(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }
}
