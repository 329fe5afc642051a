package io.smtpcheck.request;

/** The steps of the exchange, in the order a mail administrator types them in a telnet session. */
public enum Stage {
    CONNECT("connect"),
    BANNER("220 banner"),
    EHLO("EHLO/HELO"),
    TLS("TLS"),
    AUTH("AUTH"),
    MAIL("MAIL FROM"),
    RCPT("RCPT TO"),
    DATA("DATA"),
    QUIT("QUIT");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    /** How the stage is named in reports: the command the administrator would type. */
    public String label() {
        return label;
    }

    public boolean isAfter(Stage other) {
        return ordinal() > other.ordinal();
    }

    /** Reads a stop-after stage as users write it (connect ... data, any case); null or blank means the default. */
    public static Stage parseStopAfter(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        for (Stage s : values()) {
            if (s != QUIT && s.name().equalsIgnoreCase(name.strip())) {
                return s;
            }
        }
        throw new InvalidRequestException("stop-after", "'" + name + "' is not a stage; use one of connect, banner, ehlo, tls, auth, mail, rcpt, data");
    }
}
