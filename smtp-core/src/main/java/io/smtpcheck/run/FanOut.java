package io.smtpcheck.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How many sessions a run opens at once, and how long the whole run may take.
 *
 * @param maxSessions    sessions open at once over the whole run
 * @param perDestination sessions open at once to one host (an IP literal, or a name as the target gives it)
 * @param runDeadline    the whole run, or null for none: once it passes, checks not yet started end as timeouts
 *                       without a session, and each check started before it gets at most the time left as its
 *                       own deadline, so it ends as a classified timeout too
 */
public record FanOut(int maxSessions, int perDestination, Duration runDeadline) {

    /**
     * Sessions to one host at once. Listeners cap how many one client may open, and answer a client over the cap
     * with a 421 that a check would report as the listener's failure: Postfix's smtpd allows 50 per client
     * ({@code smtpd_client_connection_count_limit}), Exchange's receive connectors 20 per source, appliances
     * often 10 or fewer ({@code 421 #4.4.5 Too many connections from your host}). MTAs delivering to one host keep
     * to a few too (Postfix starts at 5, {@code initial_destination_concurrency}, and stops at 20). 8 stays under the
     * common caps with room for the listener's other clients behind the same address; the fleets this is for are
     * many hosts, where it costs nothing. A stricter listener needs a lower value, never a retry.
     */
    public static final int DEFAULT_PER_DESTINATION = 8;

    /**
     * Sessions per core, at most, on virtual threads (JDK 24+). A session waits on the network nearly all of its life
     * and costs 0.3–0.8 ms of CPU (docs/performance.md), so two cores serve some 2,500 probes a second: at 250 ms a
     * probe that is about 600 sessions in flight, more at longer round trips. Beyond this the run is CPU-bound and
     * more sessions only hold more memory.
     */
    static final int VIRTUAL_SESSIONS_PER_CORE = 1024;

    /**
     * Sessions per core, at most, on platform threads (before JDK 24). Each costs about 110 KiB of native memory
     * besides its heap (stack pages the JVM touches, its thread structures; measured, docs/performance.md), which
     * no {@code -Xmx} bounds: this keeps 1,000 sessions' worth of threads, some 110 MiB, from the process.
     */
    static final int PLATFORM_SESSIONS_PER_CORE = 256;

    /**
     * Heap a session in flight holds, an upper estimate: Commons Net's reader and writer buffers (about 48 KiB),
     * the transcript and the request (measured at about 70 KiB allocated per probe, most of it live until QUIT).
     */
    static final long HEAP_PER_SESSION = 96 * 1024;

    /** Descriptors kept free for everything that is not a session socket: jars, reports, DNS, the JVM's own. */
    static final int FD_RESERVE = 64;

    public FanOut {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, was " + maxSessions);
        }
        if (perDestination < 1) {
            throw new IllegalArgumentException("perDestination must be at least 1, was " + perDestination);
        }
        if (runDeadline != null && (runDeadline.isZero() || runDeadline.isNegative())) {
            throw new IllegalArgumentException("runDeadline must be positive, was " + runDeadline);
        }
    }

    /**
     * As many sessions as this machine allows ({@link #machineLimit()}), at most {@code upperBound} (a user's
     * {@code --parallel}), {@link #DEFAULT_PER_DESTINATION} to one host, no run deadline.
     *
     * @throws io.smtpcheck.request.InvalidRequestException naming {@code parallel} when {@code upperBound} is below 1
     */
    public static FanOut auto(int upperBound) {
        return new FanOut(Math.min(CheckRunner.parallelism(upperBound), machineLimit()), DEFAULT_PER_DESTINATION, null);
    }

    public FanOut withRunDeadline(Duration deadline) {
        return new FanOut(maxSessions, perDestination, deadline);
    }

    public FanOut withPerDestination(int sessions) {
        return new FanOut(maxSessions, sessions, runDeadline);
    }

    /**
     * The sessions this JVM can hold open at once: the least of what its file descriptors (one socket a session,
     * {@link #FD_RESERVE} and a tenth of the limit kept free), its free heap (half of it, at
     * {@link #HEAP_PER_SESSION} a session) and its cores ({@link #VIRTUAL_SESSIONS_PER_CORE} a core on virtual threads,
     * {@link #PLATFORM_SESSIONS_PER_CORE} on platform threads) allow; at least 1.
     */
    public static int machineLimit() {
        Runtime runtime = Runtime.getRuntime();
        long freeHeap = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        int perCore = SessionScheduler.virtualThreads() ? VIRTUAL_SESSIONS_PER_CORE : PLATFORM_SESSIONS_PER_CORE;
        return limit(fileDescriptors(), freeHeap, runtime.availableProcessors(), perCore);
    }

    /** @param descriptors the soft limit and the descriptors open now, or null where the JVM does not say (not Unix) */
    static int limit(long[] descriptors, long freeHeap, int cores, int perCore) {
        long byCpu = (long) perCore * Math.max(1, cores);
        long byHeap = freeHeap / 2 / HEAP_PER_SESSION;
        long byFds = Long.MAX_VALUE;
        if (descriptors != null) {
            long max = descriptors[0];
            long open = descriptors[1];
            byFds = max - open - FD_RESERVE - max / 10;
        }
        return (int) Math.max(1, Math.min(byCpu, Math.min(byHeap, byFds)));
    }

    /**
     * The soft RLIMIT_NOFILE as the JVM runs with it (HotSpot raises the soft limit to the hard one at start on
     * Linux, {@code -XX:+MaxFDLimit}) and the descriptors open now; null off Unix. On Linux read from /proc: the
     * management bean gives the same two numbers, but loading it costs a one-probe command some 50 ms (JMX's classes),
     * before any session can start.
     */
    static long[] fileDescriptors() {
        long[] fromProc = procDescriptors();
        if (fromProc != null) {
            return fromProc;
        }
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return new long[] {unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount()};
        }
        return null;
    }

    private static long[] procDescriptors() {
        Path fds = Path.of("/proc/self/fd");
        Path limits = Path.of("/proc/self/limits");
        if (!Files.isDirectory(fds) || !Files.isReadable(limits)) {
            return null;
        }
        try (DirectoryStream<Path> open = Files.newDirectoryStream(fds)) {
            long soft = softOpenFilesLimit(Files.readAllLines(limits));
            if (soft < 0) {
                return null;
            }
            long count = 0;
            for (Path ignored : open) {
                count++;
            }
            return new long[] {soft, count};
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /**
     * The soft limit of the "Max open files" line of /proc/self/limits ({@code Max open files  20000  20000  files});
     * {@link Long#MAX_VALUE} for unlimited, -1 when the line is missing or unreadable.
     */
    static long softOpenFilesLimit(List<String> limits) {
        for (String line : limits) {
            if (line.startsWith("Max open files")) {
                String[] values = line.substring("Max open files".length()).trim().split("\\s+");
                if (values[0].equals("unlimited")) {
                    return Long.MAX_VALUE;
                }
                try {
                    return Long.parseLong(values[0]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
