package io.smtpcheck.request;

import io.smtpcheck.text.Texts;

import java.util.Locale;

/** The steps of the exchange, in the order a mail administrator types them in a telnet session. */
public enum Stage {
    CONNECT,
    BANNER,
    EHLO,
    TLS,
    AUTH,
    MAIL,
    RCPT,
    DATA,
    QUIT;

    /** How the stage is named in English reports and messages: the command the administrator would type ("220 banner", "RCPT TO"). */
    public String label() {
        return label(Locale.ENGLISH);
    }

    /** The same in a report's language: the commands stay as typed, words such as "banner" are translated. */
    public String label(Locale locale) {
        return Texts.of(locale).get("stage." + name());
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
