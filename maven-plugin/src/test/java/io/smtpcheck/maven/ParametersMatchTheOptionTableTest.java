package io.smtpcheck.maven;

import io.smtpcheck.option.Option;
import io.smtpcheck.option.Shell;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The goal's parameters are what core's option table says Maven offers: the same names, properties and defaults,
 * none missing, none extra. Read from the plugin descriptor that maven-plugin-plugin generated from the
 * {@code @Parameter} annotations (which are not kept at run time), so what is checked is what Maven sees.
 */
class ParametersMatchTheOptionTableTest {

    private static final Path DESCRIPTOR = Path.of("target", "classes", "META-INF", "maven", "plugin.xml");

    /** Read-only parameters that Maven injects and users cannot set: not options. */
    private static final Set<String> INJECTED = Set.of("settings");

    private record Parameter(String name, String type, boolean editable, String expression, String defaultValue) {
    }

    private static Map<String, Parameter> verifyParameters() throws Exception {
        assertThat(DESCRIPTOR).as("maven-plugin-plugin writes the descriptor at process-classes, before the tests").exists();
        Element plugin = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(DESCRIPTOR)).getDocumentElement();
        NodeList mojos = plugin.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            if (!text(mojo, "goal").equals("verify")) {
                continue;
            }
            Map<String, Element> configuration = new HashMap<>();
            NodeList configured = ((Element) mojo.getElementsByTagName("configuration").item(0)).getChildNodes();
            for (int j = 0; j < configured.getLength(); j++) {
                if (configured.item(j) instanceof Element e) {
                    configuration.put(e.getTagName(), e);
                }
            }
            Map<String, Parameter> parameters = new HashMap<>();
            NodeList declared = ((Element) mojo.getElementsByTagName("parameters").item(0)).getElementsByTagName("parameter");
            for (int j = 0; j < declared.getLength(); j++) {
                Element p = (Element) declared.item(j);
                String name = text(p, "name");
                Element config = configuration.get(name);
                String expression = config == null || config.getTextContent().isEmpty() ? null : config.getTextContent();
                String defaultValue = config == null || !config.hasAttribute("default-value") ? null : config.getAttribute("default-value");
                parameters.put(name, new Parameter(name, text(p, "type"), Boolean.parseBoolean(text(p, "editable")), expression, defaultValue));
            }
            return parameters;
        }
        throw new AssertionError("no verify goal in " + DESCRIPTOR);
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent();
    }

    @Test
    void theParametersAreTheOptionsMavenOffersNoneMissingNoneExtra() throws Exception {
        Map<String, Parameter> parameters = verifyParameters();
        Set<String> settable = parameters.values().stream().filter(Parameter::editable).map(Parameter::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> injected = parameters.values().stream().filter(p -> !p.editable()).map(Parameter::name).collect(Collectors.toSet());

        assertThat(settable).as("@Parameter fields of VerifyMojo against Option.in(Shell.MAVEN)")
                .containsExactlyInAnyOrderElementsOf(Option.in(Shell.MAVEN).stream().map(Option::name).toList());
        assertThat(injected).isEqualTo(INJECTED);
    }

    @Test
    void eachParameterHasTheTablesPropertyAndDefault() throws Exception {
        Map<String, Parameter> parameters = verifyParameters();
        for (Option<?> option : Option.in(Shell.MAVEN)) {
            Parameter p = parameters.get(option.name());
            assertThat(p).as(option.name()).isNotNull();
            assertThat(p.expression()).as("property of " + option.name())
                    .isEqualTo(option.mavenProperty() == null ? null : "${" + option.mavenProperty() + "}");
            // A primitive field that Maven does not set keeps Java's default.
            String implicit = switch (p.type()) {
                case "boolean" -> "false";
                case "int" -> "0";
                default -> null;
            };
            assertThat(p.defaultValue() != null ? p.defaultValue() : implicit).as("default of " + option.name())
                    .isEqualTo(option.defaultIn(Shell.MAVEN));
        }
    }

    @Test
    void aTargetHasTheOptionsThatMayDifferPerTargetEachUnsetUntilTheTargetSetsIt() throws Exception {
        TargetConfig unset = new TargetConfig();
        Set<String> fields = new HashSet<>();
        for (Field field : TargetConfig.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                fields.add(field.getName());
                assertThat(field.get(unset)).as("<target> " + field.getName() + " must be null until set, so the goal's applies").isNull();
            }
        }

        assertThat(fields).as("fields of TargetConfig against the options Maven offers per target").containsExactlyInAnyOrderElementsOf(
                Option.in(Shell.MAVEN).stream().filter(Option::perTarget).map(Option::name).toList());
    }
}
