package dev.firedrill.harness;

/**
 * Root of firedrill's unchecked exceptions. Every subclass carries a message a user can act on:
 * what was wrong, where, and how to fix it. The CLI prints {@link #getMessage()} without a stack
 * trace and exits with code 2 for these.
 */
public class FiredrillException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FiredrillException(String message) {
        super(message);
    }

    public FiredrillException(String message, Throwable cause) {
        super(message, cause);
    }
}
