package io.smtpcheck.catalog;

import io.smtpcheck.reply.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Keeps the translations in step with the English bundle. */
class CatalogMessagesTest {

    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)[,}]");
    private static final Properties ENGLISH = load("");
    private static final DiagnosisCatalog CATALOG = DiagnosisCatalog.standard();

    @ParameterizedTest(name = "Messages_{0}")
    @ValueSource(strings = {"fr", "ru", "ja", "ar"})
    void translationHasExactlyTheEnglishKeys(String language) {
        Properties translated = load("_" + language);
        assertThat(new TreeSet<>(translated.stringPropertyNames()))
                .as("keys of Messages_%s.properties", language)
                .containsExactlyElementsOf(new TreeSet<>(ENGLISH.stringPropertyNames()));
    }

    @ParameterizedTest(name = "Messages_{0}")
    @ValueSource(strings = {"fr", "ru", "ja", "ar"})
    void translationIsNotEmptyAndUsesTheSameArguments(String language) {
        Properties translated = load("_" + language);
        for (String key : ENGLISH.stringPropertyNames()) {
            String value = translated.getProperty(key, "");
            assertThat(value).as("%s in Messages_%s", key, language).isNotBlank();
            assertThat(arguments(value)).as("arguments of %s in Messages_%s", key, language)
                    .isEqualTo(arguments(ENGLISH.getProperty(key)));
        }
    }

    @ParameterizedTest(name = "Messages{0}")
    @ValueSource(strings = {"", "_fr", "_ru", "_ja", "_ar"})
    void everyValueIsAValidPatternWithoutQuoting(String suffix) {
        Properties messages = load(suffix);
        for (String key : messages.stringPropertyNames()) {
            String value = messages.getProperty(key);
            // An ASCII apostrophe starts a MessageFormat quote and would silently swallow text or arguments.
            assertThat(value).as("%s in Messages%s", key, suffix).doesNotContain("'");
            assertThatCode(() -> new MessageFormat(value)).as("%s in Messages%s", key, suffix).doesNotThrowAnyException();
        }
    }

    /** Every rule has its summary, explanation and remedy in every language, each translated, not an English copy. */
    @Test
    void everyLanguageDescribesEveryEntryInItsOwnWords() {
        for (CatalogEntry entry : CATALOG.entries()) {
            Diagnosis english = CATALOG.describe(entry.id(), Locale.ENGLISH, "x");
            for (Locale language : DiagnosisCatalog.languages()) {
                Diagnosis d = CATALOG.describe(entry.id(), language, "x");
                List<String> texts = List.of(d.summary(), d.explanation(), d.remedy());
                assertThat(texts).as("%s in %s", entry.id(), language).allSatisfy(text -> assertThat(text).isNotBlank());
                if (!language.equals(Locale.ENGLISH)) {
                    assertThat(d.summary()).as("summary of %s in %s", entry.id(), language).isNotEqualTo(english.summary());
                    assertThat(d.explanation()).as("explanation of %s in %s", entry.id(), language).isNotEqualTo(english.explanation());
                    assertThat(d.remedy()).as("remedy of %s in %s", entry.id(), language).isNotEqualTo(english.remedy());
                }
            }
        }
        assertThat(CATALOG.describe("network.reset", Locale.FRENCH).summary()).isEqualTo("La connexion a été réinitialisée.");
    }

    @Test
    void regionalVariantsUseTheirLanguage() {
        assertThat(CATALOG.describe("network.reset", Locale.JAPAN))
                .isEqualTo(CATALOG.describe("network.reset", Locale.JAPANESE))
                .isNotEqualTo(CATALOG.describe("network.reset", Locale.ENGLISH));
        assertThat(CATALOG.describe("network.reset", Locale.forLanguageTag("ar-EG")))
                .isEqualTo(CATALOG.describe("network.reset", Locale.forLanguageTag("ar")));
    }

    @Test
    void genericDiagnosisIsTranslated() {
        Diagnosis d = CATALOG.diagnose(Reply.of("550 5.7.99 policy {0} isn't met"), Locale.forLanguageTag("ru"));
        assertThat(d.id()).isEqualTo(DiagnosisCatalog.GENERIC_ID);
        assertThat(d.explanation()).contains("policy {0} isn't met").doesNotContain("permanent failure");
    }

    @Test
    void numbersUseLatinDigitsInEveryLanguage() {
        assertThat(CATALOG.describe("network.connect-timeout", Locale.forLanguageTag("ar"), "mx.example.com:25", 10).summary())
                .contains("10").doesNotContain("١٠");
    }

    @Test
    void japaneseSentencesAreJoinedWithoutSpaces() {
        Diagnosis d = CATALOG.diagnose(Reply.of("550 5.7.99 policy"), Locale.JAPANESE);
        assertThat(d.explanation()).doesNotContain("。 ");
    }

    private static Set<String> arguments(String pattern) {
        Set<String> indexes = new TreeSet<>();
        Matcher m = ARGUMENT.matcher(pattern);
        while (m.find()) {
            indexes.add(m.group(1));
        }
        return indexes;
    }

    private static Properties load(String suffix) {
        String name = "/io/smtpcheck/catalog/Messages" + suffix + ".properties";
        try (InputStream in = CatalogMessagesTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
