package io.smtpcheck.tls;

import io.smtpcheck.classify.DiagnosisIds.Expect;
import io.smtpcheck.classify.DiagnosisIds.Tls;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.text.Texts;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Certificate-life thresholds as check_smtp's {@code -D warn[,crit]}: fewer whole days left than {@code warn} in
 * the earliest-expiring certificate of the presented chain passes with a warning, fewer than {@code crit} (or an
 * expired certificate) fails. One value is the warning threshold only, as in check_smtp; 0 turns a threshold off.
 */
public record CertDays(int warn, int crit) implements Serializable {

    public static final CertDays NONE = new CertDays(0, 0);

    public CertDays {
        if (warn < 0 || crit < 0) {
            throw new InvalidRequestException("min-cert-days", "must be zero or more, was " + warn + "," + crit);
        }
        if (crit > warn && warn != 0) {
            throw new InvalidRequestException("min-cert-days", "the critical threshold " + crit + " is above the warning threshold "
                    + warn + "; write warn,crit as check_smtp's -D does, for example 30,7");
        }
    }

    /** Reads {@code 30}, {@code 30,7} or {@code ,7}; null or blank is {@link #NONE}. */
    public static CertDays parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        String[] parts = text.strip().split("\\s*,\\s*", -1);
        if (parts.length > 2) {
            throw new InvalidRequestException("min-cert-days", "'" + text.strip() + "' has more than two numbers; write warn,crit, for example 30,7");
        }
        int warn = days(parts[0], text);
        int crit = parts.length == 2 ? days(parts[1], text) : 0;
        return new CertDays(warn == 0 && parts[0].isEmpty() ? crit : warn, crit);
    }

    /** Whether any threshold is set. */
    public boolean enabled() {
        return warn > 0 || crit > 0;
    }

    /**
     * The thresholds against the chain of {@code report} (null: the session had no TLS). Proceeds without warning
     * when no threshold is set; an expired certificate fails whenever one is set, as check_smtp's CRITICAL.
     * What it says is in the language of {@code texts}.
     */
    public TlsStep evaluate(TlsReport report, Instant now, Texts texts) {
        if (!enabled()) {
            return TlsStep.Proceed.CLEAN;
        }
        String expectation = texts.get("expect.cert-days", Integer.toString(Math.max(warn, crit)));
        CertificateInfo first = report == null ? null : report.earliestExpiry();
        if (first == null) {
            String actual = texts.get(report == null ? "expect.no-tls" : "expect.no-certificate");
            return new TlsStep.Unmet(expectation, actual, new TlsFinding(Expect.TLS_ABSENT, List.of(), actual));
        }
        long left = first.daysLeft(now);
        String which = first.label(texts);
        String notAfter = first.notAfter().toString();
        if (left < 0) {
            return new TlsStep.Unmet(expectation, texts.get("expect.expired", notAfter),
                    new TlsFinding(Tls.EXPIRED, List.of(notAfter + " (" + which + ")"), texts.get("tls.expired", which, notAfter)));
        }
        String days = Long.toString(left);
        if (left < crit) {
            return new TlsStep.Unmet(texts.get("expect.cert-days", Integer.toString(crit)), texts.get("expect.days-left", days),
                    new TlsFinding(Tls.CERT_DAYS_CRIT, List.of(first.subject(), days, Integer.toString(crit)),
                            texts.get("tls.expires-crit", which, notAfter, days, Integer.toString(crit))));
        }
        if (left < warn) {
            return new TlsStep.Proceed(List.of(new TlsFinding(Tls.CERT_DAYS_WARN, List.of(first.subject(), days, Integer.toString(warn)),
                    texts.get("tls.expires-warn", which, notAfter, days, Integer.toString(warn)))));
        }
        return TlsStep.Proceed.CLEAN;
    }

    private static int days(String part, String text) {
        if (part.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("min-cert-days", "'" + text.strip() + "' is not warn[,crit] in whole days; write for example 30,7 "
                    + "(warn below 30 days, fail below 7) or 30 (warn only)");
        }
    }
}
