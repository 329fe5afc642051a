package io.smtpcheck.report;

import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.session.CheckResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The report files of a run, JSON and JUnit XML, for the command line and the Maven goal. The paths are checked when
 * this is made, before any check: a report that cannot be written must not cost a check that then reports nothing.
 *
 * @param json  where the JSON report goes; null for none
 * @param junit where the JUnit XML report goes; null for none
 */
public record ReportFiles(Path json, Path junit) {

    /** The file names in a report directory; the JUnit one as Surefire names its files, which CI servers collect. */
    public static final String JSON_NAME = "smtp-check.json";
    public static final String JUNIT_NAME = "TEST-smtp-check.xml";

    /**
     * Files named one by one ({@code --json-file}, {@code --junit-file}).
     *
     * @throws InvalidRequestException naming {@code json-file} or {@code junit-file} for a path that is a directory,
     *                                 in a directory that does not exist, or not writable
     */
    public static ReportFiles of(Path json, Path junit) {
        return new ReportFiles(writable("json-file", json, JSON_NAME), writable("junit-file", junit, JUNIT_NAME));
    }

    /**
     * Both files in {@code dir}, which is made when missing.
     *
     * @throws InvalidRequestException naming {@code output-directory} when it cannot be made or written to
     */
    public static ReportFiles in(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidRequestException("output-directory", "cannot create " + dir + " (" + e + "); name a writable directory");
        }
        return new ReportFiles(writable("output-directory", dir.resolve(JSON_NAME), JSON_NAME),
                writable("output-directory", dir.resolve(JUNIT_NAME), JUNIT_NAME));
    }

    /** Writes each report that has a file, in UTF-8; the JUnit one fails the test cases the policy fails the build on. */
    public void write(List<CheckResult> results, BuildPolicy policy) throws IOException {
        try (ReportWriter files = open(policy)) {
            files.writeAll(results);
        }
    }

    /**
     * The reports written as results come, as {@link #write} writes them. Each goes to a file of its own beside its
     * place, which {@link ReportWriter#finish} moves there whole; a run that stops before (an internal error, a kill)
     * leaves the previous report in place, and {@link ReportWriter#close} deletes what it had written.
     */
    public ReportWriter open(BuildPolicy policy) throws IOException {
        List<ReportFile> files = new ArrayList<>();
        try {
            if (json != null) {
                files.add(ReportFile.open(json, JsonReport::writer));
            }
            if (junit != null) {
                // The spool beside the report, in a directory known to be writable, rather than in a temporary one that may be small.
                files.add(ReportFile.open(junit, out -> JunitXmlReport.writer(out, policy, junit.toAbsolutePath().getParent())));
            }
        } catch (IOException | RuntimeException e) {
            for (ReportFile file : files) {
                file.close();
            }
            throw e;
        }
        return new All(List.copyOf(files));
    }

    /** Every report file of the run, each given every result. */
    private record All(List<ReportFile> files) implements ReportWriter {

        @Override
        public void add(int index, CheckResult result) throws IOException {
            for (ReportFile file : files) {
                file.add(index, result);
            }
        }

        @Override
        public void finish() throws IOException {
            for (ReportFile file : files) {
                file.finish();
            }
        }

        @Override
        public void close() throws IOException {
            IOException failed = null;
            for (ReportFile file : files) {
                try {
                    file.close();
                } catch (IOException e) {
                    if (failed == null) {
                        failed = e;
                    } else {
                        failed.addSuppressed(e);
                    }
                }
            }
            if (failed != null) {
                throw failed;
            }
        }
    }

    private static Path writable(String field, Path file, String exampleName) {
        if (file == null) {
            return null;
        }
        if (Files.isDirectory(file)) {
            throw new InvalidRequestException(field, file + " is a directory; name a file in it, for example " + file.resolve(exampleName));
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new InvalidRequestException(field, file + " exists and is not writable");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new InvalidRequestException(field, file + ": the directory " + dir + " does not exist or is not writable");
        }
        return file;
    }
}
