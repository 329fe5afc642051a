package io.smtpcheck.cli;

import io.smtpcheck.report.BuildPolicy;
import io.smtpcheck.report.ReportFiles;
import io.smtpcheck.report.ReportWriter;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Target;
import io.smtpcheck.run.CheckRunner;
import io.smtpcheck.run.Completed;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/**
 * The reports of one run of the command, written as the results come rather than held until the end: the chosen
 * format on standard output, flushed after each result so a terminal shows it at once; the report files; and the
 * decision the exit code gives, folded result by result.
 */
final class RunReports implements Closeable {

    private final ReportWriter shown;
    private final PrintWriter out;
    private final ReportWriter files;
    private final BuildPolicy policy;
    private BuildPolicy.Decision decision = BuildPolicy.Decision.PASS;

    private RunReports(ReportWriter shown, PrintWriter out, ReportWriter files, BuildPolicy policy) {
        this.shown = shown;
        this.out = out;
        this.files = files;
        this.policy = policy;
    }

    /** @param shown the chosen format's report on {@code out} */
    static RunReports open(ReportWriter shown, PrintWriter out, ReportFiles files, BuildPolicy policy) throws IOException {
        return new RunReports(shown, out, files.open(policy), policy);
    }

    /**
     * Checks the targets, writing each result as its check ends, and ends every report once all have come.
     *
     * @return the worst decision of the run's results
     */
    BuildPolicy.Decision run(CheckRunner runner, List<Target> targets, Function<Target, CheckRequest> requestFor) throws IOException {
        try {
            runner.run(targets, requestFor, this::write);
        } catch (UncheckedIOException e) {
            // A report file that could not be written, from inside the run's consumer: reported as the file's failure.
            throw e.getCause();
        }
        shown.finish();
        out.flush();
        files.finish();
        return decision;
    }

    private void write(Completed done) {
        try {
            shown.add(done.index(), done.result());
            out.flush();
            files.add(done.index(), done.result());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        decision = decision.worse(policy.decide(done.result()));
    }

    /** Deletes the report files' partial copies of a run that stopped (the previous reports stay), and the JUnit spool. */
    @Override
    public void close() throws IOException {
        try {
            shown.close();
        } finally {
            files.close();
        }
    }
}
