package io.smtpcheck.request;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How the check protects the session. */
public enum SecurityMode {
    /** Plain SMTP; STARTTLS is not attempted even when offered. */
    NONE("none"),
    /** STARTTLS when the server offers it, plain SMTP otherwise (what most MTAs do). */
    STARTTLS_IF_OFFERED("starttls"),
    /** STARTTLS or fail: a listener that does not offer it is a TLS failure. */
    STARTTLS_REQUIRED("require-starttls"),
    /** TLS from the first byte (SMTPS, usually port 465). */
    IMPLICIT_TLS("implicit-tls");

    private final String optionName;

    SecurityMode(String optionName) {
        this.optionName = optionName;
    }

    public boolean encrypts() {
        return this != NONE;
    }

    /** The name users write: none, starttls, require-starttls, implicit-tls. */
    public String optionName() {
        return optionName;
    }

    /** Reads the option name (any case) or the constant name; null or blank is the default, STARTTLS when offered. */
    public static SecurityMode parse(String name) {
        if (name == null || name.isBlank()) {
            return STARTTLS_IF_OFFERED;
        }
        String n = name.strip();
        return Arrays.stream(values()).filter(m -> m.optionName.equalsIgnoreCase(n) || m.name().equalsIgnoreCase(n)).findFirst()
                .orElseThrow(() -> new InvalidRequestException("security", "'" + name + "' is not a security mode; use one of "
                        + Arrays.stream(values()).map(SecurityMode::optionName).collect(Collectors.joining(", "))));
    }
}
