package io.smtpcheck.conformance;

import io.smtpcheck.option.Kind;
import io.smtpcheck.option.Option;
import io.smtpcheck.option.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jenkins plugin's build steps hold the options that core's table gives Jenkins: the fields of the freestyle
 * builder and of the Pipeline step, their data-bound setters and constructor, the fields of their form, with the
 * table's names and defaults, none missing, none extra. Jenkins binds forms and scripts to those fields and core reads
 * them by name, so a field named otherwise would be silently ignored. Read from the sources, as the default build
 * cannot compile the plugin.
 */
class JenkinsFieldsTest {

    private static final Path SOURCES = Path.of("..", "jenkins-plugin", "src", "main", "java", "io", "jenkins", "plugins", "smtpcheck");
    private static final Path FORMS = JellyMessageKeysTest.RESOURCES.resolve(Path.of("io", "jenkins", "plugins", "smtpcheck", "SmtpCheckBuilder"));

    /** An instance field of the top-level class (four spaces in): type, name, initializer. */
    private static final Pattern FIELD = Pattern.compile("^    private (?!static )(?:final )?([\\w<>, ]+?) (\\w+)(?: = ([^;]+))?;$", Pattern.MULTILINE);
    private static final Pattern SETTER = Pattern.compile("@DataBoundSetter\\s+public void set(\\w+)\\(");
    private static final Pattern CONSTRUCTOR = Pattern.compile("@DataBoundConstructor\\s+public \\w+\\(([^)]*)\\)");
    private static final Pattern ENTRY = Pattern.compile("<f:entry field=\"(\\w+)\"[^>]*>\\s*<(f:\\w+|c:\\w+)([^>]*)/?>");
    private static final Pattern DEFAULT = Pattern.compile("default=\"([^\"]*)\"");

    private static final Set<String> OPTIONS = names(Option.in(Shell.JENKINS));

    private record Field(String type, String name, String initializer) {
    }

    private static Set<String> names(List<Option<?>> options) {
        Set<String> names = new LinkedHashSet<>();
        options.forEach(o -> names.add(o.name()));
        return names;
    }

    private static String source(String step) throws IOException {
        Path file = SOURCES.resolve(step + ".java");
        assertThat(file).as("the Jenkins plugin's sources, read from the repository").exists();
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static Map<String, Field> fields(String source) {
        Map<String, Field> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(source);
        while (m.find()) {
            fields.put(m.group(2), new Field(m.group(1), m.group(2), m.group(3)));
        }
        return fields;
    }

    private static Option<?> option(String name) {
        return Option.in(Shell.JENKINS).stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SmtpCheckBuilder", "SmtpCheckStep"})
    void theFieldsAreTheTablesOptionsWithItsDefaults(String step) throws IOException {
        Map<String, Field> fields = fields(source(step));

        assertThat(fields.keySet()).as(step + "'s fields against Option.in(Shell.JENKINS)").containsExactlyInAnyOrderElementsOf(OPTIONS);
        List<String> problems = new ArrayList<>();
        for (Field field : fields.values()) {
            String expected = option(field.name()).defaultIn(Shell.JENKINS);
            // What the field holds before any setter runs: its initializer, Java's default for a primitive, else
            // "unset" (null, or an empty list), which core reads as the table's default.
            String initial = field.initializer() != null && !field.initializer().startsWith("new ") ? field.initializer().replace("\"", "")
                    : field.type().equals("boolean") ? "false" : field.type().equals("int") ? "0" : null;
            if (initial != null && !initial.equals(expected)) {
                problems.add(step + "." + field.name() + " starts as " + initial + ", the table's default is " + expected);
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SmtpCheckBuilder", "SmtpCheckStep"})
    void everyOptionIsBoundBySetterOrConstructor(String step) throws IOException {
        String source = source(step);
        Set<String> bound = new LinkedHashSet<>();
        Matcher setters = SETTER.matcher(source);
        while (setters.find()) {
            bound.add(Character.toLowerCase(setters.group(1).charAt(0)) + setters.group(1).substring(1));
        }
        Matcher constructor = CONSTRUCTOR.matcher(source);
        assertThat(constructor.find()).as(step + " has a @DataBoundConstructor").isTrue();
        for (String parameter : constructor.group(1).split(",")) {
            if (!parameter.isBlank()) {
                assertThat(bound.add(parameter.strip().split("\\s+")[1])).as("bound twice: " + parameter).isTrue();
            }
        }

        assertThat(bound).as(step + "'s @DataBoundSetter and @DataBoundConstructor against the table").containsExactlyInAnyOrderElementsOf(OPTIONS);
    }

    @Test
    void theFormHasAFieldPerOptionWithTheTablesDefaults() throws IOException {
        String jelly = Files.readString(FORMS.resolve("options.jelly"), StandardCharsets.UTF_8);
        Set<String> entries = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        Matcher m = ENTRY.matcher(jelly);
        while (m.find()) {
            entries.add(m.group(1));
            Option<?> option = option(m.group(1));
            Matcher shown = DEFAULT.matcher(m.group(3));
            String formDefault = shown.find() ? shown.group(1) : option.kind() == Kind.FLAG ? "false" : null;
            if (formDefault != null && !formDefault.equals(option.defaultIn(Shell.JENKINS))) {
                problems.add("options.jelly: " + m.group(1) + " shows " + formDefault + ", the table's default is " + option.defaultIn(Shell.JENKINS));
            }
        }

        assertThat(entries).as("options.jelly's fields against the table").containsExactlyInAnyOrderElementsOf(OPTIONS);
        assertThat(problems).isEmpty();
    }

    /** The test button sends the fields its server side reads (SmtpCheckForms.TEST_OPTIONS), and no other. */
    @Test
    void theTestButtonSendsTheFieldsTheTestReads() throws Exception {
        Matcher with = Pattern.compile("with=\"([^\"]+)\"").matcher(Files.readString(FORMS.resolve("config.jelly"), StandardCharsets.UTF_8));
        assertThat(with.find()).isTrue();
        Matcher list = Pattern.compile("TEST_OPTIONS = List\\.of\\(([^;]+)\\);").matcher(source("SmtpCheckForms"));
        assertThat(list.find()).isTrue();
        Set<String> read = new LinkedHashSet<>();
        for (String constant : list.group(1).split(",")) {
            read.add(((Option<?>) Option.class.getField(constant.strip().replace("Option.", "")).get(null)).name());
        }

        assertThat(List.of(with.group(1).split(","))).containsExactlyInAnyOrderElementsOf(read);
        assertThat(read).allMatch(OPTIONS::contains);
    }

    @Test
    void theSourceReaderFindsFieldsInitializersAndFormDefaults() {
        Map<String, Field> fields = fields("""
                public class X {
                    private final String host;
                    private List<String> to = new ArrayList<>();
                    private boolean verifyHostname = true;
                    private static final long serialVersionUID = 1L;
                    static final class Inner {
                        private final transient X step;
                    }
                }
                """);
        assertThat(fields.keySet()).containsExactly("host", "to", "verifyHostname");
        assertThat(fields.get("verifyHostname").initializer()).isEqualTo("true");
        Matcher entry = ENTRY.matcher("<f:entry field=\"verifyHostname\" title=\"${%x}\">\n      <f:checkbox default=\"true\"/>");
        assertThat(entry.find()).isTrue();
        assertThat(entry.group(2)).isEqualTo("f:checkbox");
        assertThat(entry.group(3)).contains("default=\"true\"");
    }
}
