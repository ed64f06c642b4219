package dev.firedrill.app.internal.http;

/** A route handler: answers one request or throws {@link ApiException}. */
@FunctionalInterface
public interface Route {
    Reply handle(Exchange exchange) throws Exception;
}
