package dev.firedrill.harness;

/** A component could not be started; {@link #component()} names it. */
public class ProvisioningException extends FiredrillException {
    private static final long serialVersionUID = 1L;
    private final String component;

    public ProvisioningException(String component, String message) {
        super(component + ": " + message);
        this.component = component;
    }

    public ProvisioningException(String component, String message, Throwable cause) {
        super(component + ": " + message, cause);
        this.component = component;
    }

    public String component() {
        return component;
    }
}
