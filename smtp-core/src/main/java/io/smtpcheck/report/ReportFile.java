package io.smtpcheck.report;

import io.smtpcheck.session.CheckResult;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * One report file written as results come: into a file of its own in the same directory (so the move is a rename
 * on one file system), which {@link #finish} moves into place whole. Until then the previous report stays where it
 * was, and a reader never sees half a report.
 */
final class ReportFile implements ReportWriter {

    private final Path target;
    private final Path partial;
    private final Writer out;
    private final ReportWriter report;
    private boolean moved;

    private ReportFile(Path target, Path partial, Writer out, ReportWriter report) {
        this.target = target;
        this.partial = partial;
        this.out = out;
        this.report = report;
    }

    /** @param format the report's writer on the file's Writer */
    static ReportFile open(Path place, Function<Writer, ReportWriter> format) throws IOException {
        // Through a symbolic link to the file it names, as writing the file in place did: the link stays a link.
        Path target = Files.exists(place) ? place.toRealPath() : place;
        Path dir = target.toAbsolutePath().getParent();
        // Created as the report itself would be (not Files.createTempFile's owner-only mode), since it becomes the report.
        Path partial = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".part");
        Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new ReportFile(target, partial, out, format.apply(out));
    }

    @Override
    public void add(int index, CheckResult result) throws IOException {
        report.add(index, result);
    }

    @Override
    public void finish() throws IOException {
        report.finish();
        out.close();
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
        moved = true;
    }

    @Override
    public void close() throws IOException {
        try {
            report.close();
        } finally {
            out.close();
            if (!moved) {
                Files.deleteIfExists(partial);
            }
        }
    }
}
