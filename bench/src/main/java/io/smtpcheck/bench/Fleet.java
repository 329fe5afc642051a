package io.smtpcheck.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 14's scale curve: a {@link FleetServer} of N delayed listeners, each probed once to RCPT TO by smtp-check at
 * its defaults (the launcher, every target on one command line) and by check_smtp under {@code xargs -P 8} and
 * {@code -P 64}, in the same run; wall, CPU (user + system of the process and its children) and peak RSS from
 * GNU time. Then the core alone over 10,000 listeners in a JVM capped at {@code -Xmx64m}, results streamed to a report
 * file as they come ({@link FanOut} {@code stream}). Every run has a time limit, and the fleet lives no longer than
 * the measurement.
 */
final class Fleet {

    static final int PORT = 2600;
    private static final String TIME = "/usr/bin/time";
    /** The launcher's JVM settings (smtp-cli/src/main/sh/smtp-check) but its archive, which only the jar can use. */
    private static final List<String> LAUNCHER_SETTINGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmn16m",
            "-Xms32m", "-Xmx256m", "-XX:-UsePerfData", "-XX:+UseTransparentHugePages");
    /** What the launcher adds on JDK 25 and later. */
    private static final List<String> LAUNCHER_SETTINGS_25 = List.of("-XX:UserThreadWaitAttemptsAtExit=0");

    /**
     * What GNU time said of a tool's runs: the median run's wall and user + system CPU, the range of the walls, and
     * the largest resident set of any one process in any run.
     */
    record Measured(String tool, int listeners, long wallNanos, long cpuNanos, long maxRssKiB, int runs, long minWallNanos,
                    long maxWallNanos) {

        /** One run of each, as taken; the median run of several, with their range and the largest resident set. */
        static Measured of(List<Measured> runs) {
            List<Measured> byWall = runs.stream().sorted(java.util.Comparator.comparingLong(Measured::wallNanos)).toList();
            Measured median = byWall.get(byWall.size() / 2);
            return new Measured(median.tool(), median.listeners(), median.wallNanos(), median.cpuNanos(),
                    runs.stream().mapToLong(Measured::maxRssKiB).max().orElseThrow(), runs.size(), byWall.get(0).wallNanos(),
                    byWall.get(byWall.size() - 1).wallNanos());
        }
    }

    /** A tool run in its own JVM, measured as one run. */
    @FunctionalInterface
    private interface JvmRun {
        Measured run() throws IOException;
    }

    private final Path launcher;
    private final Path launcher24;
    private final String java24Home;
    private final String java24Label;
    private final Anchors anchors;
    private final String mailFrom;
    private final String recipient;
    private final List<Measured> measured = new ArrayList<>();

    /**
     * @param launcher24 the launcher prepared with a JDK 24+ (AOT cache, virtual threads), or null when there is none
     * @param java24Home that JDK, run through {@code JAVA_HOME}; {@code java24Label} names it in the table
     */
    Fleet(Path launcher, Path launcher24, String java24Home, String java24Label, String mailFrom, String recipient) {
        this.launcher = launcher;
        this.launcher24 = launcher24;
        this.java24Home = java24Home;
        this.java24Label = java24Label;
        this.mailFrom = mailFrom;
        this.recipient = recipient;
        this.anchors = new Anchors("{}", mailFrom, recipient);
    }

    List<Measured> measured() {
        return List.copyOf(measured);
    }

    /** Runs every tool over a fleet of each size in turn. */
    void run(List<Integer> sizes) throws IOException {
        for (int n : sizes) {
            // Limits are upper bounds for a loaded machine, ten times a quiet run's (about 0.3 s a probe round).
            try (FleetServer fleet = new FleetServer(n, PORT, Duration.ofMinutes(40))) {
                List<String> targets = fleet.addresses().stream().map(a -> a + ":" + PORT).toList();
                Duration limit = Duration.ofSeconds(60 + n / 20);
                List<JvmRun> jvmRuns = new ArrayList<>();
                jvmRuns.add(() -> smtpCheck("smtp-check, launcher, JDK " + Runtime.version().feature(), launcher, null, targets, limit));
                if (launcher24 != null) {
                    jvmRuns.add(() -> smtpCheck("smtp-check, launcher, " + java24Label, launcher24, java24Home, targets, limit));
                }
                jvmRuns.add(() -> floor("floor: bare sockets, platform threads, JDK " + Runtime.version().feature(),
                        Path.of(System.getProperty("java.home")), "platform", LAUNCHER_SETTINGS, targets, limit));
                if (launcher24 != null) {
                    jvmRuns.add(() -> floor("floor: bare sockets, virtual threads, " + java24Label, Path.of(java24Home), "virtual",
                            Bench.concat(LAUNCHER_SETTINGS, LAUNCHER_SETTINGS_25), targets, limit));
                }
                // One run's spread here is some 15 % (the machine is slower at times), so the JVM tools run several
                // rounds, each round one run of each in turn, and the median run counts; check_smtp's runs take minutes.
                int rounds = n <= 1000 ? 5 : 3;
                List<List<Measured>> runs = new ArrayList<>();
                jvmRuns.forEach(r -> runs.add(new ArrayList<>()));
                for (int round = 1; round <= rounds; round++) {
                    Bench.progress("fleet %d: smtp-check and the floor, round %d of %d", n, round, rounds);
                    for (int i = 0; i < jvmRuns.size(); i++) {
                        runs.get(i).add(jvmRuns.get(i).run());
                    }
                }
                runs.forEach(r -> measured.add(Measured.of(r)));
                for (int p : List.of(8, 64)) {
                    Bench.progress("fleet %d: xargs -P %d check_smtp", n, p);
                    measured.add(Measured.of(List.of(xargs(p, fleet.addresses(), Duration.ofSeconds(60 + 3L * n / p)))));
                }
            }
        }
    }

    /** The core over {@code n} listeners in a JVM with {@code -Xmx64m}, results streamed; the child's key=value lines. */
    Map<String, String> streamed(int n, List<String> jvm) throws IOException {
        try (FleetServer fleet = new FleetServer(n, PORT, Duration.ofMinutes(10))) {
            Path list = Files.createTempFile("smtp-check-fleet", ".targets");
            Path report = Files.createTempFile("smtp-check-fleet", ".report");
            try {
                Files.write(list, fleet.addresses().stream().map(a -> a + ":" + PORT).toList());
                List<String> command = new ArrayList<>(List.of(TIME, "-f", "time=%e %U %S %M"));
                command.addAll(jvm);
                command.addAll(List.of("-Xmx64m", "-cp", Bench.benchJar().toString(), FanOut.class.getName(), "@" + list, Integer.toString(n),
                        "auto", mailFrom, recipient, "stream", report.toString()));
                Bench.progress("fleet %d: the core alone, -Xmx64m, results streamed to a report file", n);
                Processes.Ran ran = Processes.run(command, Duration.ofSeconds(60 + n / 20));
                Bench.require(ran.ok(), "streamed fan-out exited " + ran.exit() + ": " + ran.output());
                Map<String, String> values = Bench.keyValues(ran.output());
                Bench.require("0".equals(values.get("failed")), "streamed fan-out: probes failed: " + values);
                long written = results(report);
                Bench.require(written == n, "streamed report has " + written + " results for " + n + " listeners");
                String[] time = values.get("time").split(" ");
                values.put("maxRssKiB", time[3]);
                values.put("wallNanos", Long.toString(seconds(time[0])));
                values.put("cpuTotalNanos", Long.toString(seconds(time[1]) + seconds(time[2])));
                return values;
            } finally {
                Files.deleteIfExists(list);
                Files.deleteIfExists(report);
            }
        }
    }

    private Measured smtpCheck(String tool, Path command, String javaHome, List<String> targets, Duration limit) throws IOException {
        Path timing = Files.createTempFile("smtp-check-fleet", ".time");
        try {
            // Defaults: --parallel auto, --per-host 8, TLS level may (the fleet offers no STARTTLS), the text report with
            // transcripts on standard output; only what the probe says to the listener is given.
            List<String> line = new ArrayList<>(List.of(TIME, "-o", timing.toString(), "-f", "%e %U %S %M", command.toString(),
                    "--helo", Probes.HELO, "--from", mailFrom, "--to", recipient));
            line.addAll(targets);
            Processes.Ran ran = javaHome == null ? Processes.run(line, limit) : Processes.run(line, limit, Map.of("JAVA_HOME", javaHome));
            long passed = ran.output().lines().filter(l -> l.startsWith("PASS  ")).count();
            Bench.require(ran.ok() && passed == targets.size(), tool + " over " + targets.size() + " listeners exited " + ran.exit()
                    + " with " + passed + " PASS lines: " + head(ran.output()));
            return measuredFrom(tool, targets.size(), Files.readString(timing));
        } finally {
            Files.deleteIfExists(timing);
        }
    }

    /** {@link FleetFloor} over the targets, in its own JVM from {@code javaHome} with the launcher's settings. */
    private Measured floor(String tool, Path javaHome, String threads, List<String> settings, List<String> targets, Duration limit)
            throws IOException {
        Path timing = Files.createTempFile("smtp-check-fleet", ".time");
        Path list = Files.createTempFile("smtp-check-fleet", ".targets");
        try {
            Files.write(list, targets);
            List<String> command = new ArrayList<>(List.of(TIME, "-o", timing.toString(), "-f", "%e %U %S %M",
                    javaHome.resolve("bin").resolve("java").toString()));
            command.addAll(settings);
            command.addAll(List.of("-cp", Bench.benchJar().toString(), FleetFloor.class.getName(), "@" + list, threads, mailFrom, recipient));
            Processes.Ran ran = Processes.run(command, limit);
            Bench.require(ran.ok() && ran.output().contains("failed=0"), tool + " over " + targets.size() + " listeners exited "
                    + ran.exit() + ": " + head(ran.output()));
            return measuredFrom(tool, targets.size(), Files.readString(timing));
        } finally {
            Files.deleteIfExists(timing);
            Files.deleteIfExists(list);
        }
    }

    private Measured xargs(int parallel, List<String> addresses, Duration limit) throws IOException {
        Path timing = Files.createTempFile("smtp-check-fleet", ".time");
        Path list = Files.createTempFile("smtp-check-fleet", ".hosts");
        try {
            Files.write(list, addresses);
            String script = TIME + " -o " + timing + " -f '%e %U %S %M' xargs -P " + parallel + " -I{} "
                    + anchors.checkSmtpShell(Integer.toString(PORT)) + " < " + list + " > /dev/null";
            Processes.Ran ran = Processes.bash(script, limit);
            Bench.require(ran.ok(), "xargs -P " + parallel + " check_smtp over " + addresses.size() + " listeners: exit " + ran.exit()
                    + " (123: some check_smtp failed) " + head(ran.output()));
            return measuredFrom("check_smtp, xargs -P " + parallel, addresses.size(), Files.readString(timing));
        } finally {
            Files.deleteIfExists(timing);
            Files.deleteIfExists(list);
        }
    }

    /** GNU time's {@code %e %U %S %M}: seconds of wall, user and system time, and KiB of peak RSS. */
    private static Measured measuredFrom(String tool, int listeners, String timing) {
        String[] f = timing.strip().lines().reduce((a, b) -> b).orElseThrow().split(" ");
        long wall = seconds(f[0]);
        return new Measured(tool, listeners, wall, seconds(f[1]) + seconds(f[2]), Long.parseLong(f[3]), 1, wall, wall);
    }

    private static long seconds(String s) {
        return Math.round(Double.parseDouble(s) * 1e9);
    }

    /**
     * How many elements the JSON report's {@code results} array has, read as a stream: the whole tree of 10,000
     * results with their transcripts would cost this JVM hundreds of MB.
     */
    private static long results(Path report) throws IOException {
        try (JsonParser json = new JsonFactory().createParser(report.toFile())) {
            long count = 0;
            for (JsonToken token = json.nextToken(); token != null; token = json.nextToken()) {
                if (token == JsonToken.FIELD_NAME && json.getParsingContext().getParent().inRoot() && json.currentName().equals("results")) {
                    json.nextToken();
                    while (json.nextToken() == JsonToken.START_OBJECT) {
                        json.skipChildren();
                        count++;
                    }
                    return count;
                }
            }
            return count;
        }
    }

    private static String head(String output) {
        String s = output.strip();
        return s.length() <= 400 ? s : s.substring(0, 400) + "...";
    }
}
