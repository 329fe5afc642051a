package io.smtpcheck.report;

import io.smtpcheck.session.CheckResult;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * A report written while a run goes on ({@code CheckRunner.run(targets, requestFor, Consumer<Completed>)}): results
 * come one at a time in the order their checks end, and go out in target order, so the report reads the same
 * however the checks were scheduled. A result waits only for earlier targets still running: what the format makes
 * of it (its text, not the result with its transcript) is held until every earlier index has come, then written.
 * What a summary needs (the JSON verdict, the JUnit counts, the Nagios status) is folded as results are written,
 * and written by {@link #finish}. Every format makes one: {@link TextReport#writer}, {@link JsonReport#writer},
 * {@link JunitXmlReport#writer}, {@link NagiosReport#writer}; their {@code render(List)} methods write through it.
 *
 * <p>Called on one thread, as the run hands its results on. The {@link java.io.Writer} a report writes to stays the
 * caller's: neither {@link #finish} nor {@link #close} closes it, and the caller flushes it when it wants a result seen.
 */
public interface ReportWriter extends Closeable {

    /**
     * Takes the run's result at {@code index}; writes it, and the later ones that waited for it, once every earlier
     * one has come.
     *
     * @param index the result's place in the run ({@code Completed.index()}): each from 0 on exactly once
     * @throws IllegalArgumentException when {@code index} is negative or came before
     */
    void add(int index, CheckResult result) throws IOException;

    /**
     * Writes the end of the report: what only all results together tell.
     *
     * @throws IllegalStateException when an index before the last one given never came
     */
    void finish() throws IOException;

    /** Writes a whole run's results, in their order, and the report's end: how a report of a list is written. */
    default void writeAll(List<CheckResult> results) throws IOException {
        for (int i = 0; i < results.size(); i++) {
            add(i, results.get(i));
        }
        finish();
    }

    /** Releases what the report holds besides its Writer (the JUnit spool file); after {@link #finish}, or instead of it when the run stopped. */
    @Override
    default void close() throws IOException {
    }
}
