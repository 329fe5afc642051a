package io.smtpcheck.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Renders the reply table as the Markdown page {@code docs/catalog.md}, so the documentation is generated from
 * the same rules the checker uses. {@code main} writes the page to the path given as its argument.
 */
public final class CatalogMarkdown {

    private CatalogMarkdown() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CatalogMarkdown <path of catalog.md>");
        }
        Files.writeString(Path.of(args[0]), render(DiagnosisCatalog.standard()), StandardCharsets.UTF_8);
    }

    /** The page for {@code catalog}, in English. */
    public static String render(DiagnosisCatalog catalog) {
        StringBuilder out = new StringBuilder()
                .append("# Reply catalog\n\n")
                .append("Generated from `smtp-core/src/main/resources/io/smtpcheck/catalog/replies.tsv` and `Messages.properties`;")
                .append(" do not edit by hand. A reply no rule matches gets a generic diagnosis built from its code and")
                .append(" enhanced status code. `x` in an enhanced code matches any value, `…` any text.\n\n")
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
