package io.smtpcheck.catalog;

import java.util.Locale;

/**
 * Renders the reply table as the Markdown page {@code docs/catalog.md}, so the documentation comes from the same
 * rules the checker uses. {@code CatalogMarkdownTest} fails when the page is stale and rewrites it on request.
 */
public final class CatalogMarkdown {

    /** The command that rewrites docs/catalog.md after a change to the table or the English messages. */
    public static final String REGENERATE_COMMAND =
            "./mvnw -q -B -pl smtp-core test -Dtest=CatalogMarkdownTest -Dcatalog.regenerate=true";

    private CatalogMarkdown() {
    }

    /** The page for {@code catalog}, in English. */
    public static String render(DiagnosisCatalog catalog) {
        StringBuilder out = new StringBuilder()
                .append("# Reply catalog\n\n")
                .append("Generated from `smtp-core/src/main/resources/io/smtpcheck/catalog/replies.tsv` and `Messages.properties`;")
                .append(" do not edit by hand, regenerate it with `").append(REGENERATE_COMMAND).append("`.\n\n")
                .append("A reply matches a row when it has the code, the enhanced status code (if the row names one; `x` matches")
                .append(" any value) and contains the text (case-insensitive; `…` stands for any text). When several rows match,")
                .append(" the one with the more exact enhanced code wins, then the longer text. A reply no row matches gets a")
                .append(" generic diagnosis built from its code and enhanced status code.\n\n")
                .append("| Code | Enhanced | What the server says | Summary | Remedy | Id |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        for (CatalogEntry entry : catalog.entries()) {
            // The page shows rules, not replies: the reply-text placeholder reads as an ellipsis.
            Diagnosis d = catalog.describe(entry.id(), Locale.ENGLISH, "…");
            out.append("| ").append(entry.code())
                    .append(" | ").append(entry.enhanced().map(Object::toString).orElse(""))
                    .append(" | ").append(cell(readable(entry.text().pattern())))
                    .append(" | ").append(cell(d.summary()))
                    .append(" | ").append(cell(d.remedy()))
                    .append(" | `").append(entry.id()).append("` |\n");
        }
        return out.toString();
    }

    /** Turns the regular expression into what an admin would read in a reply: alternatives, no escapes. */
    static String readable(String regex) {
        return regex.replace(".*", "…")
                .replace("(?:", "(")
                .replace("\\s+", " ")
                .replace(" ?", " ")
                .replace("|", " / ")
                .replaceAll("\\\\(.)", "$1");
    }

    /** Escapes what Markdown would read as table separators, emphasis or HTML tags ({@code <cr>}). */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("*", "\\*").replace("<", "&lt;").replace("\n", " ");
    }
}
