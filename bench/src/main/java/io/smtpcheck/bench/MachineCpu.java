package io.smtpcheck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * CPU time the whole machine spent busy, from the first line of /proc/stat (all cores, in clock ticks of 10 ms):
 * with the JVM's own CPU time it shows how much of a run the server and the kernel took.
 */
final class MachineCpu {

    /** user, nice, system, idle, iowait, irq, softirq, steal: all but idle and iowait count as busy. */
    private static final int IDLE = 3;
    private static final int IOWAIT = 4;
    private static final long NANOS_PER_TICK = 10_000_000L;

    private MachineCpu() {
    }

    static long busyNanos() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long[] ticks = Arrays.stream(fields, 1, Math.min(fields.length, 9)).mapToLong(Long::parseLong).toArray();
            long busy = 0;
            for (int i = 0; i < ticks.length; i++) {
                if (i != IDLE && i != IOWAIT) {
                    busy += ticks[i];
                }
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/stat", e);
        }
    }
}
