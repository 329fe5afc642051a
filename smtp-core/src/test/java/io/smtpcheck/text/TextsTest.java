package io.smtpcheck.text;

import io.smtpcheck.catalog.DiagnosisCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The report texts: the same keys and arguments in every language, each one translated. */
class TextsTest {

    private static final String BUNDLE = "io.smtpcheck.text.Texts";
    /** Protocol words, written as on the wire in every language. */
    private static final Set<String> IDENTICAL_EVERYWHERE = Set.of("stage.EHLO", "stage.TLS", "stage.AUTH", "stage.MAIL", "stage.RCPT",
            "stage.DATA", "stage.QUIT", "network.DNS");
    /** "{0} {1} ms" (a stage and its milliseconds) and "smtp-check: {0}" (the tool's name before its summary) need no words. */
    private static final Map<String, Set<String>> IDENTICAL_IN = Map.of("fr", Set.of("report.timing"), "ru", Set.of("maven.failure"),
            "ja", Set.of("report.timing", "maven.failure"), "ar", Set.of("report.timing", "maven.failure"));

    /** The file of one language as written, without what it would inherit from the base bundle. */
    private static Map<String, String> file(String suffix) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = TextsTest.class.getResourceAsStream("Texts" + suffix + ".properties")) {
            assertThat(in).as("Texts%s.properties", suffix).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Map<String, String> entries = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> entries.put(k, properties.getProperty(k)));
        return entries;
    }

    @Test
    void theLanguagesAreThoseOfTheCatalog() {
        for (Locale locale : DiagnosisCatalog.languages()) {
            // English is the base bundle (the root locale), every other language has its file.
            String expected = locale.equals(Locale.ENGLISH) ? "" : locale.getLanguage();
            assertThat(Texts.bundle(BUNDLE, locale).getLocale().getLanguage()).isEqualTo(expected);
        }
        assertThat(Texts.bundle(BUNDLE, Locale.GERMAN).getLocale()).as("any other language gets English").isEqualTo(Locale.ROOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "ru", "ja", "ar"})
    void everyTextIsTranslatedWithTheSameArgumentsAndNoEnglishWordLeft(String language) throws Exception {
        Locale locale = Locale.forLanguageTag(language);
        Map<String, String> english = file("");
        Map<String, String> translated = file("_" + language);
        assertThat(translated.keySet()).as("the keys of the English file, no more, no fewer").isEqualTo(english.keySet());
        Set<String> identical = new HashSet<>(IDENTICAL_EVERYWHERE);
        identical.addAll(IDENTICAL_IN.getOrDefault(language, Set.of()));
        for (Map.Entry<String, String> e : translated.entrySet()) {
            String key = e.getKey();
            MessageFormat theirs = new MessageFormat(e.getValue(), locale);
            MessageFormat ours = new MessageFormat(english.get(key), Locale.ENGLISH);
            assertThat(theirs.getFormatsByArgumentIndex()).as("%s: the arguments of the English text", key)
                    .hasSameSizeAs(ours.getFormatsByArgumentIndex());
            Object[] args = {2, 3, 4, 5, 6, 7};
            String rendered = Texts.of(locale).get(key, args);
            for (String shown : argumentsShown(ours.getFormatsByArgumentIndex().length)) {
                assertThat(rendered).as("%s: every argument shown", key).contains(shown);
            }
            if (identical.contains(key)) {
                assertThat(e.getValue()).as(key).isEqualTo(english.get(key));
            } else {
                assertThat(e.getValue()).as("%s is translated", key).isNotEqualTo(english.get(key));
            }
            assertThat(EnglishLeft.in(rendered, locale, List.of())).as("%s = %s", key, rendered).isEmpty();
            assertThat(e.getValue()).as("%s: an ASCII apostrophe would quote in MessageFormat", key).doesNotContain("'");
        }
    }

    private static String[] argumentsShown(int count) {
        String[] shown = new String[count];
        for (int i = 0; i < count; i++) {
            shown[i] = Integer.toString(i + 2);
        }
        return shown;
    }

    @Test
    void theEnglishVocabularyHasTheLabelsAndVerdictWords() {
        assertThat(EnglishLeft.VOCABULARY).contains("reply", "diagnosis", "remedy", "why", "timings", "total", "banner", "connect",
                "passed", "transient", "permanent", "failure", "trying", "connected", "closed", "listeners").doesNotContain("ehlo", "rcpt", "tls");
    }

    @Test
    void aTextWithoutArgumentsIsFormattedOnceAndKept() {
        Texts french = Texts.of(Locale.FRENCH);
        String reply = french.get("label.reply");

        // The same rule as with arguments (MessageFormat's quoting), and the same string for every later result.
        assertThat(reply).isEqualTo(new java.text.MessageFormat(Texts.bundle("io.smtpcheck.text.Texts", Locale.FRENCH).getString("label.reply"),
                Locale.FRENCH).format(new Object[0]));
        assertThat(french.get("label.reply")).isSameAs(reply);
        assertThat(Texts.of(Locale.ENGLISH).get("label.reply")).isEqualTo("reply:").isNotEqualTo(reply);
    }

    @Test
    void numbersUseLatinDigitsAndNoGrouping() {
        assertThat(Texts.of(Locale.forLanguageTag("ar")).get("maven.summary", 2, "1", "0", "1")).contains("2").doesNotContain("٢");
        assertThat(Texts.of(Locale.ENGLISH).get("maven.summary", 1, "1", "0", "0")).isEqualTo("1 listener: 1 passed, 0 transient (4xx), 0 failed");
        assertThat(Texts.of(Locale.ENGLISH).get("maven.summary", 2, "2", "0", "0")).isEqualTo("2 listeners: 2 passed, 0 transient (4xx), 0 failed");
    }
}
