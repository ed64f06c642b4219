package dev.firedrill.app.internal.redis;

import dev.firedrill.app.AppConfig;
import dev.firedrill.app.internal.trace.RedisCall;
import dev.firedrill.app.internal.trace.Tracing;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * Redis access with every wait bounded by REDIS_TIMEOUT_MS: connect, socket read and borrowing from the pool.
 * Holds sessions ({@code session:<id>}) and cached items ({@code item:<id>}).
 */
public final class RedisStore implements AutoCloseable {
    /**
     * Stores an item only if it is newer than the cached one, so a lagging replica's read or a slow writer can
     * never put an older version back into the cache. KEYS[1] = key, ARGV = json, version, ttl seconds.
     */
    private static final String SET_IF_NEWER =
            "local cur = redis.call('GET', KEYS[1]) "
            + "if cur then local ok, old = pcall(cjson.decode, cur) "
            + "  if ok and type(old) == 'table' and tonumber(old.version) and tonumber(old.version) >= tonumber(ARGV[2]) "
            + "  then return 0 end end "
            + "redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[3])) return 1";

    private final JedisPooled jedis;
    private final int cacheTtlSeconds;
    private final int sessionTtlSeconds;
    private final Tracing tracing;
    private final String host;
    private final int port;

    public RedisStore(AppConfig config) {
        this(config, Tracing.off());
    }

    /** With tracing on, each command is a Redis client span (command and key prefix, never a key or a value). */
    public RedisStore(AppConfig config, Tracing tracing) {
        this.tracing = tracing;
        URI uri = config.redisUri();
        AppConfig.Tuning t = config.tuning();
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(t.redisTimeoutMs())
                .socketTimeoutMillis(t.redisTimeoutMs())
                .clientName("firedrill-app-" + config.instanceId());
        if (uri.getUserInfo() != null) {
            String[] userPass = uri.getUserInfo().split(":", 2);
            if (userPass.length == 2) {
                client.user(userPass[0].isEmpty() ? null : userPass[0]).password(userPass[1]);
            } else {
                client.password(userPass[0]);
            }
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(t.redisPoolSize());
        pool.setMaxIdle(t.redisPoolSize());
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(Duration.ofMillis(t.redisTimeoutMs()));
        pool.setTestOnBorrow(false);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        pool.setJmxEnabled(false);
        this.jedis = new JedisPooled(new HostAndPort(uri.getHost(), uri.getPort()), client.build(), pool);
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.cacheTtlSeconds = t.cacheTtlSeconds();
        this.sessionTtlSeconds = t.sessionTtlSeconds();
    }

    public String ping() {
        return jedis.ping();
    }

    public String cachedItem(long id) {
        return traced("GET", "item:?", () -> jedis.get("item:" + id));
    }

    /** @return true when stored, false when the cache already held this or a newer version */
    public boolean cacheItem(long id, long version, String itemJson) {
        Object stored = traced("EVAL", "item:?", () -> jedis.eval(SET_IF_NEWER, List.of("item:" + id),
                List.of(itemJson, Long.toString(version), Integer.toString(cacheTtlSeconds))));
        return stored instanceof Long && (Long) stored == 1L;
    }

    public void saveSession(String sessionId, String sessionJson) {
        traced("SET", "session:?", () -> jedis.set("session:" + sessionId, sessionJson,
                SetParams.setParams().ex(sessionTtlSeconds)));
    }

    public String session(String sessionId) {
        return traced("GET", "session:?", () -> jedis.get("session:" + sessionId));
    }

    public void deleteSession(String sessionId) {
        traced("DEL", "session:?", () -> jedis.del("session:" + sessionId));
    }

    private <T> T traced(String command, String keyPattern, java.util.function.Supplier<T> call) {
        return tracing.enabled() ? tracing.redis(new RedisCall(command, keyPattern, host, port), call) : call.get();
    }

    @Override
    public void close() {
        jedis.close();
    }
}
