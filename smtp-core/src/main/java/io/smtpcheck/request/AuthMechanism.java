package io.smtpcheck.request;

/** SASL mechanisms the check can use, under their names in the EHLO {@code AUTH} line. */
public enum AuthMechanism {
    PLAIN("PLAIN"),
    LOGIN("LOGIN"),
    CRAM_MD5("CRAM-MD5"),
    XOAUTH2("XOAUTH2");

    private final String saslName;

    AuthMechanism(String saslName) {
        this.saslName = saslName;
    }

    public String saslName() {
        return saslName;
    }

    /** Accepts the SASL name ({@code CRAM-MD5}) or the constant name ({@code cram_md5}), any case. */
    public static AuthMechanism parse(String name) {
        for (AuthMechanism m : values()) {
            if (m.saslName.equalsIgnoreCase(name) || m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new InvalidRequestException("auth-mechanism",
                "'" + name + "' is not supported; use one of PLAIN, LOGIN, CRAM-MD5, XOAUTH2");
    }
}
