package dev.firedrill.app.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.app.internal.http.ApiException;
import dev.firedrill.app.internal.http.Exchange;
import dev.firedrill.app.internal.http.Reply;
import dev.firedrill.app.internal.http.Router;
import dev.firedrill.app.internal.resilience.DependencyUnavailableException;
import dev.firedrill.app.internal.resilience.Guard;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * Sessions kept in Redis, so any instance serves any user. With Redis down, session calls answer 503
 * {@code session_store_unavailable} within REDIS_TIMEOUT_MS (or at once while the breaker is open).
 * SESSION_STORE=memory (a weakening) keeps them in the instance instead: they die with it and other
 * instances answer 401.
 */
public final class SessionsApi {
    public static final String COOKIE = "FIREDRILL_SESSION";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_USER_LENGTH = 256;

    private final SessionStore redis;
    private final Guard guard;
    private final ObjectMapper json;
    private final String instanceId;
    private final int ttlSeconds;

    public SessionsApi(SessionStore redis, Guard guard, ObjectMapper json, String instanceId, int ttlSeconds) {
        this.redis = redis;
        this.guard = guard;
        this.json = json;
        this.instanceId = instanceId;
        this.ttlSeconds = ttlSeconds;
    }

    public void register(Router router) {
        router.add("POST", "/login", this::login)
                .add("GET", "/me", this::me)
                .add("POST", "/logout", this::logout);
    }

    private Reply login(Exchange ex) {
        JsonNode user = ex.jsonObject().get("user");
        if (user == null) {
            throw ApiException.badRequest("missing_field", "field 'user' is required, e.g. {\"user\": \"alice\"}");
        }
        if (!user.isTextual() || user.asText().isBlank() || user.asText().length() > MAX_USER_LENGTH) {
            throw ApiException.badRequest("bad_user", "field 'user' must be a non-blank string of at most "
                    + MAX_USER_LENGTH + " characters, got " + abbreviate(user.toString()));
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ObjectNode session = json.createObjectNode().put("user", user.asText())
                .put("createdAt", Instant.now().toString()).put("createdBy", instanceId);
        store(() -> {
            redis.saveSession(id, session.toString());
            return null;
        });
        return Reply.json(200, session.toString()).header("Set-Cookie",
                COOKIE + "=" + id + "; Path=/; Max-Age=" + ttlSeconds + "; HttpOnly; SameSite=Lax");
    }

    private Reply me(Exchange ex) {
        String id = ex.cookie(COOKIE);
        if (id == null || id.isEmpty()) {
            throw new ApiException(401, "not_logged_in", "no " + COOKIE + " cookie; POST /login first");
        }
        String session = store(() -> redis.session(id));
        if (session == null) {
            throw new ApiException(401, "session_expired", "the session is unknown or expired; POST /login again");
        }
        try {
            ObjectNode body = (ObjectNode) json.readTree(session);
            body.put("servedBy", instanceId);
            return Reply.json(200, body.toString());
        } catch (Exception e) {
            throw new ApiException(401, "session_corrupt", "the stored session is unreadable; POST /login again");
        }
    }

    private Reply logout(Exchange ex) {
        String id = ex.cookie(COOKIE);
        if (id != null && !id.isEmpty()) {
            store(() -> {
                redis.deleteSession(id);
                return null;
            });
        }
        return Reply.json(200, "{\"loggedOut\":true}")
                .header("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    }

    private <T> T store(java.util.concurrent.Callable<T> call) {
        try {
            return guard.write(call);
        } catch (DependencyUnavailableException e) {
            throw new DependencyUnavailableException("redis", "session_store_unavailable",
                    "sessions are kept in Redis, which is not answering (" + e.detail() + "); retry shortly");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
