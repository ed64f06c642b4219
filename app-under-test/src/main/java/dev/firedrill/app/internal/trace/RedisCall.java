package dev.firedrill.app.internal.trace;

import io.opentelemetry.instrumentation.api.incubator.semconv.db.DbClientAttributesGetter;

/**
 * One Redis command as a db-client span: the command name and the key's prefix ({@code session:?}), never a key
 * or a value.
 *
 * @param command e.g. {@code GET}
 * @param keyPattern e.g. {@code item:?}
 */
public record RedisCall(String command, String keyPattern, String host, int port) {
    enum Getter implements DbClientAttributesGetter<RedisCall, Void> {
        INSTANCE;

        @Override
        public String getDbQueryText(RedisCall c) {
            return c.keyPattern == null ? c.command : c.command + " " + c.keyPattern;
        }

        @Override
        public String getDbOperationName(RedisCall c) {
            return c.command;
        }

        @Override
        public String getDbSystemName(RedisCall c) {
            return "redis";
        }

        @Override
        public String getDbNamespace(RedisCall c) {
            return "0";
        }

        @Override
        public String getServerAddress(RedisCall c) {
            return c.host;
        }

        @Override
        public Integer getServerPort(RedisCall c) {
            return c.port;
        }
    }
}
