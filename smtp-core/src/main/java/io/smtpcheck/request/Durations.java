package io.smtpcheck.request;

import io.smtpcheck.text.Printable;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads durations the way people write them in options and build files: 10s, 500ms, 2m, plain seconds, or ISO-8601
 * (PT10S). Numbers in ASCII digits only ({@link Long#parseLong} also takes fullwidth and Arabic-Indic digits), and at
 * most {@link Validation#MAX_DURATION}, so no later arithmetic on the deadline can overflow.
 */
public final class Durations {

    private Durations() {
    }

    /**
     * @param field        the option being read, named in the error
     * @param text         the value; null or blank gives {@code defaultValue}
     */
    public static Duration parse(String field, String text, Duration defaultValue) {
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        Validation.text(field, text);
        String v = text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (v.startsWith("pt")) {
                d = Duration.parse(v);
            } else if (v.endsWith("ms")) {
                d = Duration.ofMillis(number(field, text, v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                d = Duration.ofSeconds(number(field, text, v.substring(0, v.length() - 1)));
            } else if (v.endsWith("m")) {
                d = Duration.ofMinutes(number(field, text, v.substring(0, v.length() - 1)));
            } else {
                d = Duration.ofSeconds(number(field, text, v));
            }
        } catch (DateTimeParseException e) {
            throw notADuration(field, text);
        }
        if (d.compareTo(Validation.MAX_DURATION) > 0) {
            throw tooLong(field, text);
        }
        return d;
    }

    /** ASCII digits; more than 9 of them is already over the bound in any unit, and is refused before it can overflow. */
    private static long number(String field, String text, String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw notADuration(field, text);
        }
        if (digits.length() > 9) {
            throw tooLong(field, text);
        }
        return Long.parseLong(digits);
    }

    private static InvalidRequestException notADuration(String field, String text) {
        return new InvalidRequestException(field, "'" + Printable.escape(text) + "' is not a duration; write 10s, 500ms or 2m (ASCII digits)");
    }

    private static InvalidRequestException tooLong(String field, String text) {
        return new InvalidRequestException(field, "'" + Printable.escape(text) + "' is longer than the 24h a check may take; write for example 30s or 10m");
    }
}
