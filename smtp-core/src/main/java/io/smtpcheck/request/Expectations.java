package io.smtpcheck.request;

import io.smtpcheck.tls.CertDays;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the listener must show besides accepting the exchange. Each field is optional: a null pattern,
 * an empty keyword list or {@link CertDays#NONE} expects nothing.
 *
 * @param bannerPattern regular expression the 220 banner must contain (find, not full match)
 * @param ehloKeywords  EHLO keywords that must be advertised, such as {@code STARTTLS} or {@code SIZE}
 * @param certDays      check_smtp's {@code -D warn,crit} over the earliest-expiring certificate of the presented chain
 */
public record Expectations(Pattern bannerPattern, List<String> ehloKeywords, CertDays certDays) implements Serializable {

    public static final Expectations NONE = new Expectations(null, List.of(), CertDays.NONE);

    public Expectations {
        ehloKeywords = ehloKeywords == null ? List.of() : ehloKeywords.stream().map(k -> k.strip().toUpperCase(java.util.Locale.ROOT)).toList();
        certDays = certDays == null ? CertDays.NONE : certDays;
    }
}
