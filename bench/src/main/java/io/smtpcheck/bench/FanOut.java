package io.smtpcheck.bench;

import io.smtpcheck.classify.Verdict;
import io.smtpcheck.report.BuildPolicy;
import io.smtpcheck.report.ReportFiles;
import io.smtpcheck.report.ReportWriter;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Target;
import io.smtpcheck.run.CheckRunner;
import io.smtpcheck.session.CheckResult;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The fan-out, in a JVM of its own started with {@code -Xmx64m}: N probes spread round-robin over the listeners,
 * run by {@link CheckRunner} with bounded parallelism. Prints {@code key=value} lines for {@link Bench}.
 *
 * <p>With {@code stream}, results are not kept (but failures, for the count): each goes to the JSON report file as its
 * check ends ({@link CheckRunner#run(List, Function, java.util.function.Consumer)}, {@link ReportFiles#open}), as the
 * command line writes {@code --json-file}.
 *
 * <p>Peak heap is the sum of each heap pool's peak usage as the JVM tracks it: an upper bound, since the pools do not
 * all peak at once. The process's peak resident set (VmHWM) is printed too.
 */
public final class FanOut {

    private FanOut() {
    }

    /**
     * {@code FanOut LISTENERS PROBES PARALLELISM MAIL_FROM RCPT [stream JSON_REPORT_FILE]}, LISTENERS as
     * {@code host:port,host:port} or {@code @file} (one a line), PARALLELISM a number or {@code auto} (no upper bound).
     */
    public static void main(String[] args) throws IOException {
        List<Target> listeners = (args[0].startsWith("@") ? Files.readAllLines(Path.of(args[0].substring(1)))
                : java.util.Arrays.asList(args[0].split(","))).stream().map(Target::parse).toList();
        int probes = Integer.parseInt(args[1]);
        int parallelism = args[2].equals("auto") ? Integer.MAX_VALUE : Integer.parseInt(args[2]);
        Function<Target, CheckRequest> requestFor = Probes.requestFor(args[3], args[4]);
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < probes; i++) {
            targets.add(listeners.get(i % listeners.size()));
        }
        CheckRunner runner = new CheckRunner(domain -> List.of(domain), parallelism);
        long start = System.nanoTime();
        List<CheckResult> results = new ArrayList<>();
        if (args.length > 6 && args[5].equals("stream")) {
            List<CheckResult> failures = results;
            // The JSON report, transcripts and all, as --json-file writes it: the heaviest per result.
            try (ReportWriter report = ReportFiles.of(Path.of(args[6]), null).open(BuildPolicy.STRICT)) {
                runner.run(targets, requestFor, done -> {
                    try {
                        report.add(done.index(), done.result());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    if (done.result().verdict() != Verdict.PASS) {
                        failures.add(done.result());
                    }
                });
                report.finish();
            }
        } else {
            results.addAll(runner.run(targets, requestFor));
        }
        long nanos = System.nanoTime() - start;
        long failed = results.stream().filter(r -> r.verdict() != Verdict.PASS).count();
        long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long gcs = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("probes", targets.size());
        out.put("failed", failed);
        out.put("runNanos", nanos);
        out.put("heapPeakBytes", heapPeak);
        out.put("heapMaxBytes", Runtime.getRuntime().maxMemory());
        out.put("gcCount", gcs);
        out.put("heapPools", String.join(" ", ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).map(n -> n.replace(' ', '_')).toList()));
        out.put("rssPeakKiB", peakRssKiB());
        out.put("cpuNanos", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
        if (failed > 0) {
            out.put("firstFailure", results.stream().filter(r -> r.verdict() != Verdict.PASS).findFirst().orElseThrow().outcome());
        }
        out.forEach((k, v) -> System.out.println(k + "=" + v));
    }

    /** VmHWM from /proc/self/status, or -1 off Linux. */
    private static long peakRssKiB() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1);
    }
}
