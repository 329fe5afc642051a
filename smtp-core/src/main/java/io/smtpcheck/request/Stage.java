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
}
