package io.smtpcheck.tls;

import java.io.Serializable;
import java.util.List;

/** What a TLS decision tells the session to do next. */
public sealed interface TlsStep extends Serializable {

    /** Go on; {@code warnings} pass the check with a warning (Nagios WARNING, Maven warning, Jenkins UNSTABLE). */
    record Proceed(List<TlsFinding> warnings) implements TlsStep {
        public static final Proceed CLEAN = new Proceed(List.of());

        public Proceed {
            warnings = List.copyOf(warnings);
        }
    }

    /** Go on without TLS: send no STARTTLS (nothing to report), or, after a failed handshake, reconnect in plaintext and say so. */
    record Plaintext(TlsFinding warning) implements TlsStep {
    }

    /** End the check here with a TLS outcome made from {@code problem}. */
    record Stop(TlsFinding problem) implements TlsStep {
    }

    /** End the check here with an expectation outcome: the certificate life is below the critical threshold, or there was no TLS to check. */
    record Unmet(String expectation, String actual, TlsFinding problem) implements TlsStep {
    }
}
