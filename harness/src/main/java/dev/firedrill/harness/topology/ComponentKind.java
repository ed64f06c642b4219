package dev.firedrill.harness.topology;

/** What a deployed component is. {@link #id()} is the value written to endpoints.json. */
public enum ComponentKind {
    DB_PRIMARY("postgres-primary"),
    DB_REPLICA("postgres-replica"),
    CACHE("redis"),
    QUEUE("sqs"),
    APP_INSTANCE("app"),
    LOAD_BALANCER("alb");

    private final String id;

    ComponentKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
