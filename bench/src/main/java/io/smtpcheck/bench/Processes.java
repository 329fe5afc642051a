package io.smtpcheck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs other programs with a time limit; output goes to a file so that a hung program cannot block a pipe read. */
final class Processes {

    private Processes() {
    }

    /** What a program did: its exit code (-1 when killed at the time limit), what it printed, and its wall time. */
    record Ran(int exit, String output, long nanos) {
        boolean ok() {
            return exit == 0;
        }
    }

    static Ran run(List<String> command, Duration limit) {
        return run(command, limit, Map.of());
    }

    /** @param environment variables set for the program, on top of this process's */
    static Ran run(List<String> command, Duration limit, Map<String, String> environment) {
        Path out = null;
        try {
            out = Files.createTempFile("smtp-check-bench", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            long start = System.nanoTime();
            Process process = builder.start();
            boolean done = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            long nanos = System.nanoTime() - start;
            if (!done) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            return new Ran(done ? process.exitValue() : -1, Files.readString(out), nanos);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    static Ran bash(String script, Duration limit) {
        return run(List.of("bash", "-c", script), limit);
    }
}
