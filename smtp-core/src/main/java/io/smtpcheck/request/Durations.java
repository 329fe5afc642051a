package io.smtpcheck.request;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reads durations the way people write them in options and build files: 10s, 500ms, 2m, plain seconds, or ISO-8601 (PT10S). */
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
        String v = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InvalidRequestException(field, "'" + text + "' is not a duration; write 10s, 500ms or 2m");
        }
    }
}
