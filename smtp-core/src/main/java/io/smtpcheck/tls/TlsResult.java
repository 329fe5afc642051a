package io.smtpcheck.tls;

import java.io.Serializable;

/**
 * What a session did about TLS, as its result reports it: the level and transport asked for, the evaluated
 * handshake, the line a Postfix log would show for it, and, when TLS failed under level may and the session went
 * on in plaintext, how it failed.
 *
 * @param report   the handshake's evaluation; null when no handshake completed
 * @param logLine  "Untrusted TLS connection established to host[address]:port: ...", as Postfix logs it; null without a report
 * @param fallback what failed before the session went on without TLS; null when it did not fall back
 */
public record TlsResult(TlsLevel level, TlsTransport transport, TlsReport report, String logLine, String fallback) implements Serializable {

    /** The word of {@link #logLine()} (Anonymous, Untrusted, Trusted, Verified), or null without a handshake. */
    public Trust postfixTrust() {
        return report == null ? null : report.postfixTrust(level);
    }
}
