package dev.firedrill.app.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.app.internal.db.Item;
import dev.firedrill.app.internal.db.ItemRepository;
import dev.firedrill.app.internal.db.Pool;
import dev.firedrill.app.internal.db.Pooled;
import dev.firedrill.app.internal.db.ReadRouter;
import dev.firedrill.app.internal.http.ApiException;
import dev.firedrill.app.internal.http.Exchange;
import dev.firedrill.app.internal.http.Reply;
import dev.firedrill.app.internal.http.Router;
import dev.firedrill.app.internal.redis.RedisStore;
import dev.firedrill.app.internal.release.InjectedErrors;
import dev.firedrill.app.internal.resilience.Guard;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The items API. Writes go to the writer; plain reads to the reader through the cache (cache-aside);
 * {@code ?consistent=true} reads the writer and skips the cache (read-your-writes). Every write stores the
 * committed item in the cache if it is newer than what is there, which invalidates older copies.
 */
public final class ItemsApi {
    private static final Logger LOG = LoggerFactory.getLogger(ItemsApi.class);
    private static final int MAX_PAGE = 500;

    private final ReadRouter db;
    private final ItemRepository repo = new ItemRepository();
    private final RedisStore redis;
    private final Guard redisGuard;
    private final InjectedErrors faults;

    public ItemsApi(ReadRouter db, RedisStore redis, Guard redisGuard) {
        this(db, redis, redisGuard, InjectedErrors.none());
    }

    /** @param faults APP_FAULT=errors: the share of create, read and update requests that answer 500 */
    public ItemsApi(ReadRouter db, RedisStore redis, Guard redisGuard, InjectedErrors faults) {
        this.db = db;
        this.redis = redis;
        this.redisGuard = redisGuard;
        this.faults = faults;
    }

    public void register(Router router) {
        router.add("POST", "/items", faults.wrap(this::create))
                .add("GET", "/items", this::list)
                .add("GET", "/items/{id}", faults.wrap(this::get))
                .add("PUT", "/items/{id}", faults.wrap(this::update));
    }

    private Reply create(Exchange ex) {
        String value = value(ex.jsonObject());
        Item item = db.write(c -> repo.create(c, value));
        cache(item);
        return Reply.json(201, item.toJson()).header("Location", "/items/" + item.id())
                .header("X-Db-Pool", Pool.WRITER.header());
    }

    private Reply get(Exchange ex) {
        long id = ex.idParam(0, "item");
        boolean consistent = flag(ex, "consistent");
        // Cache-Control: no-cache lets a drill see the reader pool itself (and its replica lag) on plain reads.
        boolean useCache = !consistent && !noCache(ex);
        String cacheState = "bypass";
        if (useCache) {
            String cached = cached(id);
            if (cached == CACHE_DOWN) {
                cacheState = "down";
            } else if (cached != null) {
                return Reply.json(200, cached).header("X-Cache", "hit").header("X-Db-Pool", "cache");
            } else {
                cacheState = "miss";
            }
        }
        Pooled<Optional<Item>> found = db.read(consistent, c -> repo.find(c, id));
        Item item = found.value().orElseThrow(() -> ApiException.notFound("item " + id + " does not exist"));
        if (useCache) {
            cache(item);
        }
        return Reply.json(200, item.toJson()).header("X-Db-Pool", found.pool().header())
                .header("X-Cache", cacheState);
    }

    private Reply update(Exchange ex) {
        long id = ex.idParam(0, "item");
        JsonNode body = ex.jsonObject();
        long expected = expectedVersion(ex, body);
        String value = value(body);
        ItemRepository.Update result = db.write(c -> repo.update(c, id, expected, value));
        if (result instanceof ItemRepository.Missing) {
            throw ApiException.notFound("item " + id + " does not exist");
        }
        if (result instanceof ItemRepository.Conflict conflict) {
            throw new ApiException(409, "version_conflict", "item " + id + " is at version "
                    + conflict.currentVersion() + ", not " + expected + "; re-read it and retry with its version");
        }
        Item item = ((ItemRepository.Updated) result).item();
        cache(item);
        return Reply.json(200, item.toJson()).header("X-Db-Pool", Pool.WRITER.header());
    }

    private Reply list(Exchange ex) {
        long after = longQuery(ex, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) longQuery(ex, "limit", 50, 1, MAX_PAGE);
        Pooled<List<Item>> page = db.read(flag(ex, "consistent"), c -> repo.page(c, after, limit));
        StringBuilder b = new StringBuilder("{\"items\":[");
        for (int i = 0; i < page.value().size(); i++) {
            b.append(i == 0 ? "" : ",").append(page.value().get(i).toJson());
        }
        List<Item> items = page.value();
        b.append("],\"next\":").append(items.size() < limit ? "null" : Long.toString(items.get(items.size() - 1).id()))
                .append('}');
        return Reply.json(200, b.toString()).header("X-Db-Pool", page.pool().header());
    }

    private static String value(JsonNode body) {
        if (!body.has("value")) {
            throw ApiException.badRequest("missing_field", "field 'value' is required, e.g. {\"value\": {\"a\": 1}}");
        }
        return body.get("value").toString();
    }

    private static long expectedVersion(Exchange ex, JsonNode body) {
        JsonNode v = body.get("version");
        String ifMatch = ex.header("If-Match");
        if (v == null && ifMatch != null) {
            try {
                return positive(Long.parseLong(ifMatch.replace("\"", "").trim()));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("bad_version", "If-Match '" + ifMatch + "' is not a version number");
            }
        }
        if (v == null) {
            throw ApiException.badRequest("missing_field",
                    "field 'version' (the version you read) is required, e.g. {\"version\": 1, \"value\": ...}");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiException.badRequest("bad_version", "field 'version' must be a positive integer, got " + v);
        }
        return positive(v.asLong());
    }

    private static long positive(long version) {
        if (version < 1) {
            throw ApiException.badRequest("bad_version", "field 'version' must be >= 1, got " + version);
        }
        return version;
    }

    private static boolean noCache(Exchange ex) {
        String v = ex.header("Cache-Control");
        return v != null && v.toLowerCase(java.util.Locale.ROOT).contains("no-cache");
    }

    private static boolean flag(Exchange ex, String name) {
        String v = ex.query(name);
        return v != null && (v.isEmpty() || "true".equalsIgnoreCase(v) || "1".equals(v));
    }

    private static long longQuery(Exchange ex, String name, long fallback, long min, long max) {
        String v = ex.query(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.badRequest("bad_query", "query parameter '" + name + "=" + v + "' must be an integer in "
                + min + ".." + max);
    }

    /** Identity-compared marker: Redis did not answer, the cache was bypassed. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String CACHE_DOWN = new String("cache down");

    /** Cache read; any Redis trouble means {@link #CACHE_DOWN}, never an error. */
    private String cached(long id) {
        try {
            return redisGuard.write(() -> redis.cachedItem(id));
        } catch (ApiException e) {
            LOG.debug("cache bypassed: {}", e.detail());
            return CACHE_DOWN;
        }
    }

    private void cache(Item item) {
        try {
            redisGuard.write(() -> redis.cacheItem(item.id(), item.version(), item.toJson()));
        } catch (ApiException e) {
            LOG.debug("cache not updated: {}", e.detail());
        }
    }
}
