package io.smtpcheck.request;

/**
 * A check that cannot be run as configured. Thrown before anything is sent, with a message that names
 * the setting, says what is wrong and what to do.
 */
public class InvalidRequestException extends IllegalArgumentException {

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The setting at fault, as the user named it (for example {@code recipient}, {@code port}). */
    public String field() {
        return field;
    }
}
