package dev.firedrill.harness;

/** A fault could not be applied (bad target, unsupported by the backend, bad parameters). */
public class FaultException extends FiredrillException {
    private static final long serialVersionUID = 1L;

    public FaultException(String message) {
        super(message);
    }

    public FaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
