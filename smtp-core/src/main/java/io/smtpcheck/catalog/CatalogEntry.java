package io.smtpcheck.catalog;

import io.smtpcheck.reply.EnhancedCode;
import io.smtpcheck.reply.Reply;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One rule of the reply table: a reply with this code, this enhanced code (when given) and a text the
 * pattern finds is explained by the messages under {@code id}.
 *
 * @param id       message key prefix, for example {@code esa.too-many-connections-from-host}
 * @param code     the three-digit reply code the rule applies to
 * @param enhanced the RFC 3463 code the reply must carry; an {@code x} subject or detail matches any value
 * @param text     found anywhere in {@link Reply#text()}, case-insensitive
 */
public record CatalogEntry(String id, int code, Optional<EnhancedCode> enhanced, Pattern text) {

    public CatalogEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(enhanced, "enhanced");
        Objects.requireNonNull(text, "text");
    }

    /** Builds an entry from table cells; {@code enhanced} is {@code null} or {@code -} for "any or none". */
    public static CatalogEntry of(String id, int code, String enhanced, String textRegex) {
        Optional<EnhancedCode> pattern = enhanced == null || enhanced.equals("-")
                ? Optional.empty()
                : Optional.of(EnhancedCode.of(enhanced));
        return new CatalogEntry(id, code, pattern, Pattern.compile(textRegex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }

    /** True when the reply has this code, the enhanced code (if the rule names one) and the text. */
    public boolean matches(Reply reply) {
        if (reply.code() != code) {
            return false;
        }
        if (enhanced.isPresent()) {
            Optional<EnhancedCode> actual = reply.enhancedCode();
            if (actual.isEmpty() || !enhancedMatches(enhanced.get(), actual.get())) {
                return false;
            }
        }
        return text.matcher(reply.text()).find();
    }

    /**
     * Ranks overlapping rules: an exact enhanced code says more than a wildcard or none, and between equals a
     * longer text rule is the narrower one (Postfix "User unknown in local recipient table" over "User unknown").
     */
    public int specificity() {
        int enhancedScore = enhanced.map(e -> 1 + (isWildcard(e.subject()) ? 0 : 1) + (isWildcard(e.detail()) ? 0 : 1)).orElse(0);
        return enhancedScore * 10_000 + text.pattern().length();
    }

    private static boolean enhancedMatches(EnhancedCode pattern, EnhancedCode actual) {
        return pattern.codeClass() == actual.codeClass()
                && partMatches(pattern.subject(), actual.subject())
                && partMatches(pattern.detail(), actual.detail());
    }

    private static boolean partMatches(String pattern, String actual) {
        return isWildcard(pattern) || pattern.equals(actual);
    }

    private static boolean isWildcard(String part) {
        return part.equals("x");
    }
}
