package io.smtpcheck.report;

import io.smtpcheck.session.CheckResult;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@link ReportWriter} of every format: makes each result into the format's piece as it comes and writes the
 * pieces in index order. A piece waits here only while an earlier index has not come; then it and every piece that
 * waited behind it are written, and none is kept.
 *
 * @param <P> what the format makes of one result: its text, and the few numbers its summary folds
 */
final class InTargetOrder<P> implements ReportWriter {

    /** One report format, as a stream of pieces. */
    interface Format<P> {

        /** The result as the format writes it; called as the result comes, in any order. */
        P piece(CheckResult result);

        /** Writes the next piece in index order. */
        void write(P piece) throws IOException;

        /** Writes the end of the report, after the last piece. */
        void finish() throws IOException;

        /** Releases what the format holds besides its Writer. */
        default void close() throws IOException {
        }
    }

    private final Format<P> format;
    private final Map<Integer, P> waiting = new HashMap<>();
    private int next;

    InTargetOrder(Format<P> format) {
        this.format = format;
    }

    @Override
    public void add(int index, CheckResult result) throws IOException {
        if (index < 0) {
            throw new IllegalArgumentException("index " + index + " is not a place in a run; indexes start at 0");
        }
        if (index < next || waiting.containsKey(index)) {
            throw new IllegalArgumentException("the result at index " + index + " came twice; each index comes once");
        }
        if (index > next) {
            waiting.put(index, format.piece(result));
            return;
        }
        format.write(format.piece(result));
        next++;
        // Bounded by the pieces waiting: each is written and removed once.
        for (P piece = waiting.remove(next); piece != null; piece = waiting.remove(next)) {
            format.write(piece);
            next++;
        }
    }

    @Override
    public void finish() throws IOException {
        if (!waiting.isEmpty()) {
            throw new IllegalStateException("the result at index " + next + " never came, and " + waiting.size()
                    + " later ones wait for it; give every index from 0 before finishing the report");
        }
        format.finish();
    }

    @Override
    public void close() throws IOException {
        waiting.clear();
        format.close();
    }

    /** The whole report of {@code results}, in their order: how the formats' {@code render(List)} methods write it. */
    static String render(List<CheckResult> results, Function<Writer, ReportWriter> writerOn) {
        StringWriter out = new StringWriter();
        try (ReportWriter report = writerOn.apply(out)) {
            report.writeAll(results);
        } catch (IOException e) {
            // Only the JUnit spool is a file: the rest goes to memory.
            throw new UncheckedIOException("writing the report failed: " + e.getMessage(), e);
        }
        return out.toString();
    }
}
