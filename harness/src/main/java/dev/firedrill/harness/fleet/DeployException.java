package dev.firedrill.harness.fleet;

import dev.firedrill.harness.FiredrillException;

/** A deployment cannot start: a bad option, an unknown release, no fleet, another deployment running. */
public class DeployException extends FiredrillException {
    private static final long serialVersionUID = 1L;

    public DeployException(String message) {
        super(message);
    }
}
