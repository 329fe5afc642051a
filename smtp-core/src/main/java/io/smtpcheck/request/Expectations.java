package io.smtpcheck.request;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the listener must show besides accepting the exchange. Each field is optional: a null pattern,
 * an empty keyword list or a zero day count expects nothing.
 *
 * @param bannerPattern     regular expression the 220 banner must contain (find, not full match)
 * @param ehloKeywords      EHLO keywords that must be advertised, such as {@code STARTTLS} or {@code SIZE}
 * @param minCertValidDays  the server certificate must stay valid at least this many more days
 */
public record Expectations(Pattern bannerPattern, List<String> ehloKeywords, int minCertValidDays) implements Serializable {

    public static final Expectations NONE = new Expectations(null, List.of(), 0);

    public Expectations {
        ehloKeywords = ehloKeywords == null ? List.of() : ehloKeywords.stream().map(k -> k.strip().toUpperCase(java.util.Locale.ROOT)).toList();
        if (minCertValidDays < 0) {
            throw new InvalidRequestException("min-cert-days", "must be zero or more, was " + minCertValidDays);
        }
    }
}
