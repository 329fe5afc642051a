package io.smtpcheck.text;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The words smtp-check itself writes around what a server said, in the five languages of the diagnoses: verdict
 * words, outcome and stage names, report labels, transcript notes and build summaries (the {@code Texts} bundles).
 * Ids, option names, JSON keys and protocol words (EHLO, RCPT TO) are not in them. Immutable; one per language.
 */
public final class Texts {

    private static final String BUNDLE = "io.smtpcheck.text.Texts";
    /** Without it an unsupported locale falls back to the JVM default locale, not to English (the base bundle). */
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static final Map<Locale, Texts> BY_LOCALE = new ConcurrentHashMap<>();
    /**
     * Texts without arguments (labels, stage and verdict words), by bundle and key: the same for every result, and a
     * report asks for them about twenty times a result (parsing a MessageFormat each time showed in a fleet's profile).
     */
    private static final Map<ResourceBundle, Map<String, String>> PLAIN = new ConcurrentHashMap<>();
    /** Each text's MessageFormat, by bundle and key: parsing the pattern cost more than formatting it. */
    private static final Map<ResourceBundle, Map<String, MessageFormat>> PARSED = new ConcurrentHashMap<>();
    /** The bundles by name and language: the catalog asks for its bundle for every result it describes. */
    private static final Map<String, Map<Locale, ResourceBundle>> BUNDLES = new ConcurrentHashMap<>();

    private final ResourceBundle bundle;

    private Texts(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    /** The texts in {@code locale}'s language; English for a language smtp-check is not written in. */
    public static Texts of(Locale locale) {
        return BY_LOCALE.computeIfAbsent(locale, l -> new Texts(bundle(BUNDLE, l)));
    }

    /** The text of {@code key} with its arguments ({@code {0}}, {@code {1}}) filled in. */
    public String get(String key, Object... args) {
        return format(bundle, key, args);
    }

    /** The alternatives joined as "a or b or c" in the language (the names a certificate had to carry); empty for none. */
    public String or(List<String> alternatives) {
        String joined = alternatives.isEmpty() ? "" : alternatives.get(0);
        for (String next : alternatives.subList(Math.min(1, alternatives.size()), alternatives.size())) {
            joined = get("list.or", joined, next);
        }
        return joined;
    }

    /** The bundle {@code baseName} in {@code locale}'s language, English (the base bundle) for any other language. */
    public static ResourceBundle bundle(String baseName, Locale locale) {
        // ResourceBundle's own cache still builds a key and checks the bundle's expiry on every call (a fleet's profile).
        return BUNDLES.computeIfAbsent(baseName, b -> new ConcurrentHashMap<>())
                .computeIfAbsent(locale, l -> ResourceBundle.getBundle(baseName, l, NO_FALLBACK));
    }

    /**
     * Every text goes through MessageFormat, so the bundles follow one quoting rule whether or not args are passed.
     * Numbers use Latin digits in every language: the texts quote ports, codes and milliseconds (25, 5.7.1) that way.
     */
    public static String format(ResourceBundle bundle, String key, Object... args) {
        if (args.length == 0) {
            return PLAIN.computeIfAbsent(bundle, b -> new ConcurrentHashMap<>()).computeIfAbsent(key, k -> formatted(bundle, k));
        }
        return formatted(bundle, key, args);
    }

    private static String formatted(ResourceBundle bundle, String key, Object... args) {
        // Parsed once a text; a MessageFormat is not thread-safe, so each use formats with its own copy.
        MessageFormat parsed = PARSED.computeIfAbsent(bundle, b -> new ConcurrentHashMap<>()).computeIfAbsent(key, k -> new MessageFormat(
                bundle.getString(k), new Locale.Builder().setLocale(bundle.getLocale()).setUnicodeLocaleKeyword("nu", "latn").build()));
        return ((MessageFormat) parsed.clone()).format(args);
    }
}
