package io.smtpcheck.tls;

import io.smtpcheck.request.InvalidRequestException;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the check demands of TLS: a Postfix security level, the transport that starts TLS, and the names the
 * certificate must carry. What credentials need is {@link AuthIntent}'s.
 *
 * @param level               none, may (default), encrypt, verify, secure
 * @param transport           STARTTLS (default) or implicit TLS; implicit needs a level that uses TLS
 * @param match               Postfix match strategies and patterns ({@code hostname}, {@code nexthop},
 *                            {@code dot-nexthop}, {@code example.com}, {@code .example.com}); empty: the level's default
 */
public record TlsPolicy(TlsLevel level, TlsTransport transport, List<String> match) implements Serializable {

    public static final TlsPolicy DEFAULT = new TlsPolicy(TlsLevel.MAY, TlsTransport.STARTTLS, List.of());

    /** A level with the STARTTLS transport and the level's names: what most checks ask for. */
    public static TlsPolicy at(TlsLevel level) {
        return new TlsPolicy(level, TlsTransport.STARTTLS, List.of());
    }

    public TlsPolicy {
        level = level == null ? TlsLevel.MAY : level;
        transport = transport == null ? TlsTransport.STARTTLS : transport;
        match = List.copyOf(match == null ? List.of() : match);
        if (transport == TlsTransport.IMPLICIT && level == TlsLevel.NONE) {
            throw new InvalidRequestException("tls-level", "implicit TLS (SMTPS) cannot run at level none; use may, encrypt, verify or secure, "
                    + "or the STARTTLS transport");
        }
    }

    /** Whether a session without TLS fails: the level says so, or TLS is implicit (there is no plaintext to fall back to). */
    public boolean requiresTls() {
        return level.requiresTls() || transport == TlsTransport.IMPLICIT;
    }

    /** The match list in force: the one given, else the level's default (verify's for may and encrypt, see {@link TlsLevel#defaultMatch()}). */
    public List<String> effectiveMatch() {
        if (!match.isEmpty()) {
            return match;
        }
        return level == TlsLevel.NONE ? TlsLevel.VERIFY.defaultMatch() : level.defaultMatch();
    }

    /**
     * Reads a match list as Postfix's smtp_tls_verify_cert_match takes it, separated by commas or white space
     * (not colons, so an IPv6 literal stays whole). Null or blank is empty: the level's default.
     */
    public static List<String> parseMatch(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> items = Arrays.stream(text.strip().split("[,\\s]+")).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).toList();
        for (String item : items) {
            if (item.equals(".") || item.contains("..") || item.startsWith("*")) {
                throw new InvalidRequestException("tls-match", "'" + item + "' is not a name to match; give hostname, nexthop, dot-nexthop, "
                        + "a name such as mx.example.com, or .example.com for its subdomains");
            }
        }
        return items;
    }
}
