package dev.firedrill.harness.scenario;

import dev.firedrill.harness.FiredrillException;

/** A scenario (YAML or builder) is invalid; the message names the field, the bad value and the fix. */
public class ScenarioException extends FiredrillException {
    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
