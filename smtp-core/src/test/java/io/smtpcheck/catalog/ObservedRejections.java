package io.smtpcheck.catalog;

import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.Stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The rejections real servers sent in the integration tests, as {@code catalog/observed-rejections.tsv} records
 * them: server, stage, diagnosis id, reply lines (separated by a literal {@code \n}). docs/catalog.md computes the
 * share of specific diagnoses from it; the integration tests check that what they see is recorded here.
 */
public final class ObservedRejections {

    /** One recorded rejection and the diagnosis it is expected to get. */
    public record Row(String mta, Stage stage, String diagnosisId, Reply reply) {
        public CatalogMarkdown.Observed observed() {
            return new CatalogMarkdown.Observed(mta, stage, reply);
        }

        /** The line to add to the table for a rejection not recorded yet. */
        public String tsv() {
            return String.join("\t", mta, stage.name().toLowerCase(Locale.ROOT), diagnosisId, String.join("\\n", reply.lines()));
        }
    }

    public static final String RESOURCE = "/catalog/observed-rejections.tsv";

    private static final List<Row> ROWS = load();

    private ObservedRejections() {
    }

    public static List<Row> all() {
        return ROWS;
    }

    private static List<Row> load() {
        try (InputStream in = ObservedRejections.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> {
                        String[] cells = line.split("\t", -1);
                        if (cells.length != 4) {
                            throw new IllegalStateException(RESOURCE + ": expected 4 tab-separated cells in: " + line);
                        }
                        List<String> lines = List.of(cells[3].split("\\\\n"));
                        return new Row(cells[0], Stage.valueOf(cells[1].toUpperCase(Locale.ROOT)), cells[2],
                                new Reply(Integer.parseInt(lines.get(0).substring(0, 3)), lines));
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
