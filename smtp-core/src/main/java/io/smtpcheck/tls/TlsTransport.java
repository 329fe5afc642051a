package io.smtpcheck.tls;

import io.smtpcheck.request.InvalidRequestException;

import java.util.Locale;

/** How TLS starts: with STARTTLS after EHLO, or from the first byte (SMTPS, Postfix's smtp_tls_wrappermode, port 465). */
public enum TlsTransport {
    STARTTLS,
    IMPLICIT;

    /** The name users write: starttls, implicit. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a transport (any case, {@code smtps} for implicit); null or blank is {@link #STARTTLS}. */
    public static TlsTransport parse(String text) {
        if (text == null || text.isBlank()) {
            return STARTTLS;
        }
        String n = text.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "starttls" -> STARTTLS;
            case "implicit", "smtps", "wrapper" -> IMPLICIT;
            default -> throw new InvalidRequestException("tls-transport", "'" + text.strip()
                    + "' is not a TLS transport; use starttls (STARTTLS after EHLO) or implicit (TLS from the first byte, SMTPS on port 465)");
        };
    }
}
