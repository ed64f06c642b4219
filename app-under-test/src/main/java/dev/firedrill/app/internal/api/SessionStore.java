package dev.firedrill.app.internal.api;

import dev.firedrill.app.internal.redis.RedisStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Where sessions live: Redis (shared by every instance) or, as a weakening, the instance's own memory. */
public interface SessionStore {
    void saveSession(String sessionId, String sessionJson);

    /** The session's JSON, or null when unknown. */
    String session(String sessionId);

    void deleteSession(String sessionId);

    /** Sessions in Redis with its TTL: any instance serves any session. */
    static SessionStore redis(RedisStore redis) {
        return new SessionStore() {
            @Override
            public void saveSession(String sessionId, String sessionJson) {
                redis.saveSession(sessionId, sessionJson);
            }

            @Override
            public String session(String sessionId) {
                return redis.session(sessionId);
            }

            @Override
            public void deleteSession(String sessionId) {
                redis.deleteSession(sessionId);
            }
        };
    }

    /** SESSION_STORE=memory: sessions die with the instance and other instances do not know them (no TTL). */
    static SessionStore inMemory() {
        Map<String, String> sessions = new ConcurrentHashMap<>();
        return new SessionStore() {
            @Override
            public void saveSession(String sessionId, String sessionJson) {
                sessions.put(sessionId, sessionJson);
            }

            @Override
            public String session(String sessionId) {
                return sessions.get(sessionId);
            }

            @Override
            public void deleteSession(String sessionId) {
                sessions.remove(sessionId);
            }
        };
    }
}
