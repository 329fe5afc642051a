package io.smtpcheck.text;

import java.util.Collection;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the words of the English {@code Texts} bundle in text that is meant to be in another language: a label, a
 * verdict word or a note left in English. Words of what the server or the JDK said are not the report's to translate.
 */
public final class EnglishLeft {

    /**
     * Protocol, product and option words, the same in every language: EHLO stays EHLO, failOnTransient stays an option,
     * the TLS levels (may, encrypt, verify, secure) are option values, and Anonymous, Untrusted, Trusted and Verified
     * are what a Postfix log says of a TLS connection, untranslated so that a report reads as the log.
     */
    private static final Set<String> EVERY_LANGUAGE = Set.of("ehlo", "helo", "tls", "auth", "mail", "from", "rcpt", "data", "quit",
            "starttls", "esa", "dns", "smtp", "check", "failontransient", "false", "dsmtp", "postfix", "may", "encrypt", "verify", "secure",
            "anonymous", "untrusted", "trusted", "verified");
    /** Words a language shares with English, checked by hand: French "port" and "violation" (du protocole) are French. */
    private static final Map<String, Set<String>> SAME_WORD = Map.of("fr", Set.of("port", "violation"));
    private static final Pattern WORD = Pattern.compile("\\p{L}{3,}");
    /** Every English word of the bundle, MessageFormat syntax ("choice") aside. */
    public static final Set<String> VOCABULARY = vocabulary();

    private EnglishLeft() {
    }

    /** The English words of {@code text} that are neither in {@code data} (what the server sent, a JDK message) nor shared by the language. */
    public static Set<String> in(String text, Locale locale, Collection<String> data) {
        Set<String> fromData = data.stream().flatMap(d -> words(d).stream()).collect(Collectors.toSet());
        Set<String> same = SAME_WORD.getOrDefault(locale.getLanguage(), Set.of());
        Set<String> left = new TreeSet<>(words(text));
        left.retainAll(VOCABULARY);
        left.removeAll(fromData);
        left.removeAll(same);
        return left;
    }

    static Set<String> words(String text) {
        Set<String> words = new TreeSet<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(m.group().toLowerCase(Locale.ROOT));
        }
        return words;
    }

    private static Set<String> vocabulary() {
        ResourceBundle english = Texts.bundle("io.smtpcheck.text.Texts", Locale.ENGLISH);
        Set<String> words = new TreeSet<>();
        for (Enumeration<String> keys = english.getKeys(); keys.hasMoreElements(); ) {
            words.addAll(words(english.getString(keys.nextElement())));
        }
        words.remove("choice");
        words.removeAll(EVERY_LANGUAGE);
        return words;
    }
}
