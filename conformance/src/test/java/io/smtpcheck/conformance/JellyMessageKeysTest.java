package io.smtpcheck.conformance;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The localized labels of the Jenkins plugin's forms, checked without Jenkins. Stapler reads {@code ${%key}} in a
 * {@code .jelly} as a message key, but {@code ${%key(a,b)}} as a call whose arguments are JEXL: a label written
 * {@code ${%Fail on a failure (4xx)}} hands {@code 4xx} to JEXL, the page does not parse and the form does not
 * render. Each {@code xyz.jelly} takes its messages from {@code xyz.properties} and {@code xyz_LANG.properties}
 * beside it.
 */
class JellyMessageKeysTest {

    static final Path RESOURCES = Path.of("..", "jenkins-plugin", "src", "main", "resources");
    static final List<String> LANGUAGES = List.of("", "_fr", "_ru", "_ja", "_ar");

    /** What Jelly's expression scanner or Stapler's argument parser would read as syntax rather than text. */
    private static final Pattern SYNTAX = Pattern.compile("[(){}\\[\\],'\"$]");
    private static final Pattern KEY = Pattern.compile("\\$\\{%([^}]*)}");

    @Test
    void everyKeyIsPlainTextThatStaplerReadsAsAKey() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path jelly : jellyFiles()) {
            for (String key : keys(jelly)) {
                if (SYNTAX.matcher(key).find() || key.isBlank()) {
                    problems.add(RESOURCES.relativize(jelly) + ": ${%" + key + "} would be parsed as "
                            + (key.indexOf('(') >= 0 ? "a message with arguments" : "an expression") + "; write the key as plain words");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyKeyIsTranslatedInEveryLanguageAndNoTranslationIsUnused() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path jelly : jellyFiles()) {
            Set<String> used = keys(jelly);
            if (used.isEmpty()) {
                continue;
            }
            for (String language : LANGUAGES) {
                Path bundle = sibling(jelly, language);
                if (!Files.exists(bundle)) {
                    problems.add(RESOURCES.relativize(bundle) + " is missing");
                    continue;
                }
                Set<String> defined = load(bundle).stringPropertyNames();
                for (String key : used) {
                    if (!defined.contains(key)) {
                        problems.add(RESOURCES.relativize(bundle) + " lacks '" + key + "'");
                    }
                }
                for (String key : new TreeSet<>(defined)) {
                    if (!used.contains(key)) {
                        problems.add(RESOURCES.relativize(bundle) + " has '" + key + "', which " + jelly.getFileName() + " does not use");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void noBundleBelongsToAMissingOrKeylessPage() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            for (Path bundle : files.filter(p -> p.toString().endsWith(".properties")).toList()) {
                String name = bundle.getFileName().toString();
                String page = name.replaceFirst("(_[a-z]{2})?\\.properties$", ".jelly");
                if (name.startsWith("Messages")) {
                    continue; // the Localizer's Java messages, not a page's
                }
                Path jelly = bundle.resolveSibling(page);
                if (!Files.exists(jelly) || keys(jelly).isEmpty()) {
                    problems.add(RESOURCES.relativize(bundle) + " belongs to no page with ${%...} labels");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** A translation with an ASCII apostrophe or brace would be mangled by MessageFormat when the label has arguments. */
    @Test
    void translationsAreSafeForMessageFormat() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path jelly : jellyFiles()) {
            for (String language : LANGUAGES) {
                Path bundle = sibling(jelly, language);
                if (Files.exists(bundle)) {
                    Properties texts = load(bundle);
                    texts.stringPropertyNames().stream().filter(k -> texts.getProperty(k).matches(".*['{}].*"))
                            .forEach(k -> problems.add(RESOURCES.relativize(bundle) + ": '" + k + "' has ' { or }"));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheckFindsTheBugThatBrokeTheForm() {
        assertThat(SYNTAX.matcher("Fail on a transient failure (4xx)").find()).isTrue();
        assertThat(SYNTAX.matcher("Minimum certificate validity (days)").find()).isTrue();
        assertThat(SYNTAX.matcher("Fail on a transient 4xx failure").find()).isFalse();
        Matcher m = KEY.matcher("title=\"${%Test connection}\" progress=\"${%Testing...}\"");
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        assertThat(found).containsExactly("Test connection", "Testing...");
    }

    static List<Path> jellyFiles() throws IOException {
        assertThat(RESOURCES).as("the Jenkins plugin's resources, read from the repository").isDirectory();
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            List<Path> jelly = files.filter(p -> p.toString().endsWith(".jelly")).sorted().toList();
            assertThat(jelly).isNotEmpty();
            return jelly;
        }
    }

    static Set<String> keys(Path jelly) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        Matcher m = KEY.matcher(Files.readString(jelly, StandardCharsets.UTF_8));
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    private static Path sibling(Path jelly, String language) {
        return jelly.resolveSibling(jelly.getFileName().toString().replace(".jelly", language + ".properties"));
    }

    private static Properties load(Path bundle) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(bundle, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
