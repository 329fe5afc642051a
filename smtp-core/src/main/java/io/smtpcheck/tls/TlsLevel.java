package io.smtpcheck.tls;

import io.smtpcheck.request.InvalidRequestException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The TLS security level, named and behaving as Postfix's {@code smtp_tls_security_level} (TLS_README): how much
 * TLS the check demands before it goes on. The default is {@link #MAY}, what a sending MTA does on the Internet.
 */
public enum TlsLevel {
    /** No TLS, even when STARTTLS is offered. */
    NONE(List.of()),
    /**
     * Opportunistic: STARTTLS when offered, plaintext otherwise; trust and name are checked and reported but never
     * fail the check, and a failed handshake falls back to a plaintext session.
     */
    MAY(List.of("hostname")),
    /** TLS required; the certificate is reported but not verified. */
    ENCRYPT(List.of("hostname")),
    /** TLS required, chain trusted, and the certificate names the server host (smtp_tls_verify_cert_match). */
    VERIFY(List.of("hostname")),
    /** TLS required, chain trusted, and the certificate names the next-hop domain or a subdomain (smtp_tls_secure_cert_match). */
    SECURE(List.of("nexthop", "dot-nexthop"));

    /** The values of the former {@code --security} option and what replaced them. */
    private static final Map<String, String> REPLACED = Map.of(
            "starttls", "--tls-level may",
            "starttls_if_offered", "--tls-level may",
            "require-starttls", "--tls-level encrypt",
            "starttls_required", "--tls-level encrypt",
            "implicit-tls", "--tls-transport implicit (with --tls-level encrypt, verify or secure)",
            "implicit_tls", "--tls-transport implicit (with --tls-level encrypt, verify or secure)");

    private final List<String> defaultMatch;

    TlsLevel(List<String> defaultMatch) {
        this.defaultMatch = defaultMatch;
    }

    /** The name users write: none, may, encrypt, verify, secure. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a listener without TLS fails the check at this level. */
    public boolean requiresTls() {
        return compareTo(ENCRYPT) >= 0;
    }

    /** Whether the chain and the name must verify, else the check fails. */
    public boolean verifiesPeer() {
        return compareTo(VERIFY) >= 0;
    }

    /**
     * Postfix's default match strategies for this level (hostname; nexthop, dot-nexthop). At may and encrypt Postfix
     * matches no name; the check still matches the verify strategy, so the report and the credentials rule can tell
     * Trusted from Verified.
     */
    public List<String> defaultMatch() {
        return defaultMatch;
    }

    /** Reads a level (any case); null or blank is the default, {@link #MAY}. */
    public static TlsLevel parse(String text) {
        if (text == null || text.isBlank()) {
            return MAY;
        }
        String n = text.strip().toLowerCase(Locale.ROOT);
        for (TlsLevel level : values()) {
            if (level.optionName().equals(n)) {
                return level;
            }
        }
        String replaced = REPLACED.get(n);
        if (replaced != null) {
            throw new InvalidRequestException("tls-level", "'" + text.strip() + "' was a value of the former --security option; write "
                    + replaced + " instead");
        }
        throw new InvalidRequestException("tls-level", "'" + text.strip() + "' is not a TLS security level; use one of "
                + Arrays.stream(values()).map(TlsLevel::optionName).collect(Collectors.joining(", "))
                + " (Postfix's smtp_tls_security_level)");
    }
}
