package dev.firedrill.app;

/**
 * The environment handed to the app breaks the env contract (see the module README). The message lists every
 * offending variable, its value and what is expected, so one run shows all fixes at once.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
