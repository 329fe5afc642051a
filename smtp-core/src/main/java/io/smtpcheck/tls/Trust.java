package io.smtpcheck.tls;

/**
 * How far the server certificate was verified, in the words of a Postfix log line ("Untrusted TLS connection
 * established to ..."); TLS_README, "Client-side TLS activation". Ordered from least to most verified.
 */
public enum Trust {
    /** No certificate: an anonymous cipher suite. */
    ANONYMOUS("Anonymous"),
    /** The chain does not lead to a trust anchor, or a certificate in it is out of its validity. */
    UNTRUSTED("Untrusted"),
    /** The chain is trusted but no name the certificate carries is one that was wanted. */
    TRUSTED("Trusted"),
    /** Chain trusted and name matched. */
    VERIFIED("Verified");

    private final String word;

    Trust(String word) {
        this.word = word;
    }

    /** "Untrusted", as Postfix logs it. */
    public String word() {
        return word;
    }
}
