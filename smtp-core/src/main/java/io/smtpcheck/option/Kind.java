package io.smtpcheck.option;

import io.smtpcheck.request.AuthMechanism;
import io.smtpcheck.request.Durations;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.Target;
import io.smtpcheck.run.CheckRunner;
import io.smtpcheck.tls.CertDays;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsTransport;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What an option's value is and how its text is read. One switch rather than a parser per option: the table is
 * built at every start of the command, and a lambda per row would each spin a class then (docs/performance.md).
 */
public enum Kind {
    /** Free text. */
    TEXT,
    /** Several values: repeated, or separated by commas or white space. */
    LIST,
    /** true or false; on the command line a flag without a value. */
    FLAG,
    /** A TCP port, 1 to 65535. */
    PORT,
    /** A whole number, checked where it is used. */
    NUMBER,
    /** Sessions at once: auto (the machine's limit) or 1 or more. */
    PARALLELISM,
    /** A count of sessions, 1 or more. */
    COUNT,
    /** 500ms, 10s, 2m, plain seconds or PT10S. */
    DURATION,
    /** A file or directory path. */
    PATH,
    /** One of the option's {@link Option#choices()}, any case. */
    CHOICE,
    /** none, may, encrypt, verify, secure. */
    TLS_LEVEL,
    /** starttls, implicit. */
    TLS_TRANSPORT,
    /** check_smtp's -D: warn[,crit] in days. */
    CERT_DAYS,
    STAGE,
    AUTH_MECHANISM,
    REGEX,
    LANGUAGE,
    /** Nested configuration (Maven's {@code <targets>}) that the shell reads itself; never text. */
    ELEMENTS;

    /** The {@link #PARALLELISM} that leaves the bound to the machine ({@link io.smtpcheck.run.FanOut#auto}). */
    private static final String AUTO = "auto";

    /** The typed value of {@code text} (a String, or a List for {@link #LIST}); null text gives null. */
    Object parse(Option<?> option, Object text) {
        if (text == null) {
            return this == LIST ? List.of() : null;
        }
        if (this == LIST) {
            return text;
        }
        String value = text.toString();
        return switch (this) {
            case TEXT, PATH -> value;
            case FLAG -> flag(option, value);
            case PORT -> Target.parsePort(value);
            case NUMBER -> number(option, value);
            case PARALLELISM -> value.strip().equalsIgnoreCase(AUTO) ? Integer.MAX_VALUE : CheckRunner.parallelism(number(option, value));
            case COUNT -> count(option, value);
            case DURATION -> Durations.parse(option.field(), value, null);
            case CHOICE -> choice(option, value);
            case TLS_LEVEL -> TlsLevel.parse(value);
            case TLS_TRANSPORT -> TlsTransport.parse(value);
            case CERT_DAYS -> CertDays.parse(value);
            case STAGE -> Stage.parseStopAfter(value);
            case AUTH_MECHANISM -> AuthMechanism.parse(value.strip());
            case REGEX -> regex(option, value);
            case LANGUAGE -> Locale.forLanguageTag(choice(option, value));
            case LIST, ELEMENTS -> throw new IllegalStateException(option.name() + " is not read as text");
        };
    }

    private static Boolean flag(Option<?> option, String value) {
        String v = value.strip();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.valueOf(v);
        }
        throw new InvalidRequestException(option.field(), "'" + value + "' is neither true nor false");
    }

    private static int count(Option<?> option, String value) {
        int n = number(option, value);
        if (n < 1) {
            throw new InvalidRequestException(option.field(), n + " is not a number of sessions; give 1 or more");
        }
        return n;
    }

    private static int number(Option<?> option, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(option.field(), "'" + value + "' is not a whole number");
        }
    }

    private static String choice(Option<?> option, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (option.choices().contains(v)) {
            return v;
        }
        // Language tags: fr-CA reads as fr.
        String language = Locale.forLanguageTag(v).getLanguage();
        if (option.kind() == LANGUAGE && option.choices().contains(language)) {
            return language;
        }
        throw new InvalidRequestException(option.field(), "'" + value + "' is not " + (option.kind() == LANGUAGE
                ? "a language of the diagnoses" : "offered") + "; use one of " + String.join(", ", option.choices()));
    }

    private static Pattern regex(Option<?> option, String value) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            // The JDK describes a trailing backslash as "Unexpected internal error", which reads as a bug of ours.
            String why = value.replaceAll("(\\\\\\\\)*$", "").endsWith("\\") ? "it ends with a lone backslash (write \\\\ for a backslash)"
                    : e.getDescription() + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : "");
            throw new InvalidRequestException(option.field(), "is not a valid regular expression: " + why);
        }
    }
}
