package io.smtpcheck.option;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The option tables of docs/user-guide.md, docs/maven.md and docs/jenkins.md, rendered from the {@link Option} table
 * between two marker lines of each page, so the documentation lists the options the front ends offer.
 * {@code OptionMarkdownTest} fails when a page is stale and rewrites it on request.
 */
public final class OptionMarkdown {

    /** The command that rewrites the tables after a change to the option table. */
    public static final String REGENERATE_COMMAND =
            "./mvnw -q -B -pl smtp-core test -Dtest=OptionMarkdownTest -Doptions.regenerate=true";

    private OptionMarkdown() {
    }

    /** The line before the generated table of one front end. */
    public static String startMarker(Shell shell) {
        return "<!-- options:" + shell.name().toLowerCase(java.util.Locale.ROOT) + " (generated from io.smtpcheck.option.Option; regenerate with "
                + REGENERATE_COMMAND + ") -->";
    }

    /** The line after it. */
    public static String endMarker(Shell shell) {
        return "<!-- options:" + shell.name().toLowerCase(java.util.Locale.ROOT) + " end -->";
    }

    /**
     * The page with its table for {@code shell} rendered anew between the markers.
     *
     * @throws IllegalArgumentException when the page lacks the markers
     */
    public static String update(String page, Shell shell) {
        Matcher m = Pattern.compile(Pattern.quote(startMarker(shell)) + "\n.*?" + Pattern.quote(endMarker(shell)), Pattern.DOTALL).matcher(page);
        if (!m.find()) {
            throw new IllegalArgumentException("the page has no lines " + startMarker(shell) + " ... " + endMarker(shell));
        }
        return page.substring(0, m.start()) + startMarker(shell) + "\n" + render(shell) + endMarker(shell) + page.substring(m.end());
    }

    /** The table of the options {@code shell} offers. */
    public static String render(Shell shell) {
        StringBuilder out = new StringBuilder(switch (shell) {
            case CLI -> "| option | default | meaning |\n| --- | --- | --- |\n";
            case MAVEN -> "| parameter | property | in `<target>` | default | meaning |\n| --- | --- | --- | --- | --- |\n";
            case JENKINS -> "| parameter | default | meaning |\n| --- | --- | --- |\n";
        });
        for (Option<?> o : Option.in(shell)) {
            List<String> cells = switch (shell) {
                case CLI -> List.of(code(String.join(", ", o.cliNames()) + (o.cliFlag() ? "" : " " + o.label())), defaultCell(o, shell), cell(o.cliHelp()));
                case MAVEN -> List.of(code(o.name()), o.mavenProperty() == null ? "" : code(o.mavenProperty()), o.perTarget() ? "yes" : "",
                        defaultCell(o, shell), cell(o.help()));
                case JENKINS -> List.of(code(o.name()), defaultCell(o, shell), cell(o.help()));
            };
            out.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        return out.toString();
    }

    private static String defaultCell(Option<?> o, Shell shell) {
        if (shell == Shell.CLI && o.cliFlag()) {
            return "off";
        }
        String value = o.defaultIn(shell);
        if (value != null) {
            return code(value);
        }
        return o.note() == null ? "" : cell(o.note());
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    /** Escapes what Markdown would read as a table separator or an HTML tag ({@code <target>}). */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;");
    }
}
