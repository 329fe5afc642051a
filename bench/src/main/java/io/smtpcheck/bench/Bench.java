package io.smtpcheck.bench;

import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Target;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs the three measurements of issue 5 against one loopback Postfix and prints one Markdown table with ratios:
 * warm probe latency next to check_smtp and smtpping, a fan-out of N probes next to a shell loop of check_smtp,
 * and CLI cold start next to swaks and check_smtp. Every loop is bounded in count and in time. {@code bench/run.sh}
 * sets up Postfix and the tools, builds, and runs this.
 */
public final class Bench {

    private static final String HOST = "127.0.0.1";
    private static final int PORT = 25;
    /** Postfix listeners of .ci/postfix-setup.sh that accept RCPT TO a local user in plain text (not 2526, 2531..2533). */
    private static final List<Integer> FAN_OUT_PORTS = List.of(25, 2525, 2527, 2528, 2529, 2530);
    private static final String MAIL_FROM = "sender@example.com";
    private static final String RECIPIENT = "smtpcheck@localhost";
    /** As smtp-cli/src/main/sh/smtp-check runs the CLI: C1 only, serial GC. */
    private static final List<String> LAUNCHER_JVM_SETTINGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Options options;
    private final Anchors anchors = new Anchors(HOST, MAIL_FROM, RECIPIENT);
    private final List<String> rows = new ArrayList<>();

    private Bench(Options options) {
        this.options = options;
    }

    /**
     * {@code --cli DIR} (where smtp-check.jar and the smtp-check launcher are), {@code --probes}, {@code --warmup},
     * {@code --parallel}, {@code --runs}, {@code --out FILE}, {@code --fleet 10,100,...} (the fleet sizes),
     * {@code --cli24 DIR} and {@code --java24 JAVA_HOME} (the launcher packaged by a JDK 24+, and that JDK, for its
     * rows), and {@code --only latency|fanout|fleet|cold} to run one part.
     */
    record Options(Path cliDir, int probes, int warmup, int parallelism, int runs, Path out, String only,
                   List<Integer> fleet, Path cli24Dir, String java24Home) {
        static Options parse(String[] args) {
            Map<String, String> given = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                given.put(args[i], args[i + 1]);
            }
            return new Options(Path.of(given.getOrDefault("--cli", "smtp-cli/target")),
                    Integer.parseInt(given.getOrDefault("--probes", "1000")),
                    Integer.parseInt(given.getOrDefault("--warmup", "2000")),
                    Integer.parseInt(given.getOrDefault("--parallel", "8")),
                    Integer.parseInt(given.getOrDefault("--runs", "20")),
                    Path.of(given.getOrDefault("--out", "bench/target/results.md")),
                    given.getOrDefault("--only", "all"),
                    java.util.Arrays.stream(given.getOrDefault("--fleet", "10,100,1000,10000").split(",")).map(Integer::valueOf).toList(),
                    given.containsKey("--cli24") ? Path.of(given.get("--cli24")) : null,
                    given.get("--java24"));
        }

        boolean runs(String part) {
            return only.equals("all") || only.equals(part);
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        new Bench(Options.parse(args)).run();
    }

    private void run() throws IOException, InterruptedException {
        StringBuilder report = new StringBuilder();
        report.append(machine()).append('\n');
        if (options.runs("latency")) {
            latency();
        }
        if (options.runs("fanout")) {
            fanOut();
        }
        String fleetTable = options.runs("fleet") ? fleet() : "";
        if (options.runs("cold")) {
            coldStart();
        }
        report.append("| measurement | smtp-check | anchor | ratio | target | met |\n");
        report.append("|---|---:|---:|---:|---|---|\n");
        rows.forEach(r -> report.append(r).append('\n'));
        report.append(fleetTable);
        System.out.print(report);
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        Files.writeString(options.out(), report);
        System.out.println("\n(written to " + options.out() + ")");
    }

    // --- 1. warm probe latency ---------------------------------------------------------------------------

    private void latency() throws IOException, InterruptedException {
        int n = options.probes();
        progress("latency: %d warm-up + %d measured in-process probes, alternating with bare-socket probes", options.warmup(), n);
        CheckRequest request = Probes.requestFor(MAIL_FROM, RECIPIENT).apply(new Target(HOST, PORT, false));
        RawProbe raw = new RawProbe(new InetSocketAddress(HOST, PORT), MAIL_FROM, RECIPIENT);
        Latency.Result core = Latency.measure(request, raw, options.warmup(), n, Duration.ofMinutes(3));
        requireNone(core.failures(), "in-process probes did not pass");

        progress("latency: %d check_smtp runs", n);
        long[] checkSmtp = new long[n];
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (int i = 0; i < n; i++) {
            requireBefore(end, "check_smtp runs");
            Processes.Ran ran = Processes.run(anchors.checkSmtp(PORT), Duration.ofSeconds(15));
            require(ran.ok(), "check_smtp failed: " + ran.output());
            checkSmtp[i] = Anchors.checkSmtpNanos(ran.output());
        }
        Stats anchor = Stats.of(checkSmtp);

        progress("latency: smtpping -c %d", n);
        Processes.Ran ping = Processes.run(anchors.smtpping(PORT, n), Duration.ofMinutes(3));
        long[] rcpt = Anchors.smtppingRcptNanos(ping.output());
        require(ping.ok() && rcpt.length == n, "smtpping gave " + rcpt.length + " of " + n + " times, exit " + ping.exit() + ": "
                + tail(ping.output()));
        Stats smtpping = Stats.of(rcpt);
        waitForMailQueue();

        String probe = "probe latency, warm, banner→QUIT (" + n + " probes)";
        rows.add(row(probe + " p50", ms(core.core().p50()), "check_smtp " + ms(anchor.p50()), ratio(core.core().p50(), anchor.p50()),
                "≤ 1× check_smtp", core.core().p50() <= anchor.p50()));
        rows.add(row(probe + " p99", ms(core.core().p99()), "check_smtp " + ms(anchor.p99()), ratio(core.core().p99(), anchor.p99()),
                "≤ 1× check_smtp", core.core().p99() <= anchor.p99()));
        rows.add(row("connect→RCPT answered, smtpping's rcptto p50 / p99", "", "smtpping " + ms(smtpping.p50()) + " / " + ms(smtpping.p99()),
                "", "context", null));
        rows.add(row("bare Java socket, same exchange, p50 / p99 (the floor)", ms(core.floor().p50()) + " / " + ms(core.floor().p99()), "",
                ratio(core.core().p50(), core.floor().p50()) + " core/floor at p50", "context", null));
        StringBuilder steps = new StringBuilder();
        for (int s = 0; s < RawProbe.STEPS.length; s++) {
            steps.append(s == 0 ? "" : ", ").append(RawProbe.STEPS[s]).append(' ').append(String.format(Locale.ROOT, "%.3f", core.floorSteps()[s] / 1e6));
        }
        rows.add(row("floor by step, mean ms", steps.toString(), "", "", "context", null));
        rows.add(row("CPU per probe, probing thread: in-process / bare socket", ms(core.coreCpu()) + " / " + ms(core.floorCpu()), "",
                "", "context", null));
        rows.add(row("allocated per in-process probe (probing thread)", core.allocatedPerProbe() < 0 ? "n/a"
                : String.format(Locale.ROOT, "%.1f KiB", core.allocatedPerProbe() / 1024.0), "", "", "context", null));
    }

    // --- 2. fan-out ----------------------------------------------------------------------------------------

    private void fanOut() {
        int n = options.probes();
        int p = options.parallelism();
        String listeners = FAN_OUT_PORTS.stream().map(port -> HOST + ":" + port).collect(Collectors.joining(","));
        progress("fan-out: %d probes over %s, parallelism %d, in a JVM with -Xmx64m and the launcher's settings", n, listeners, p);
        List<String> command = concat(List.of(java(), "-Xmx64m"), LAUNCHER_JVM_SETTINGS);
        command = concat(command, List.of("-cp", benchJar().toString(), FanOut.class.getName(),
                listeners, Integer.toString(n), Integer.toString(p), MAIL_FROM, RECIPIENT));
        long busyBefore = MachineCpu.busyNanos();
        Processes.Ran child = Processes.run(command, Duration.ofMinutes(3));
        long machineBusy = MachineCpu.busyNanos() - busyBefore;
        require(child.ok(), "fan-out JVM exited " + child.exit() + ": " + tail(child.output()));
        Map<String, String> result = keyValues(child.output());
        require("0".equals(result.get("failed")), "fan-out probes failed: " + result);

        String ports = FAN_OUT_PORTS.stream().map(String::valueOf).collect(Collectors.joining(" "));
        String loop = "ports=(" + ports + "); fails=0; for ((i = 0; i < " + n + "; i++)); do p=${ports[i % " + FAN_OUT_PORTS.size()
                + "]}; " + anchors.checkSmtpShell("$p") + " >/dev/null || fails=$((fails + 1)); done; echo fails=$fails";
        progress("fan-out: the same %d probes as a shell loop of check_smtp", n);
        Processes.Ran shell = Processes.bash(loop, Duration.ofMinutes(5));
        require(shell.ok() && shell.output().contains("fails=0"), "check_smtp loop: " + tail(shell.output()));
        String xargs = "for ((i = 0; i < " + n + "; i++)); do echo ${ports[i % " + FAN_OUT_PORTS.size() + "]}; done | xargs -P " + p
                + " -I{} " + anchors.checkSmtpShell("{}") + " >/dev/null";
        progress("fan-out: the same %d probes with xargs -P %d check_smtp", n, p);
        Processes.Ran parallelShell = Processes.bash("ports=(" + ports + "); " + xargs, Duration.ofMinutes(5));
        require(parallelShell.ok(), "xargs check_smtp: " + tail(parallelShell.output()));

        long process = child.nanos();
        long runOnly = Long.parseLong(result.get("runNanos"));
        String what = n + " probes over " + FAN_OUT_PORTS.size() + " listeners, parallel " + p;
        rows.add(row("fan-out " + what + ": wall, whole JVM process", ms(process), "check_smtp loop " + ms(shell.nanos()),
                speedUp(shell.nanos(), process), "≥ 5× faster", shell.nanos() >= 5 * process));
        rows.add(row("fan-out " + what + ": wall, CheckRunner.run only", ms(runOnly), "xargs -P " + p + " check_smtp " + ms(parallelShell.nanos()),
                speedUp(parallelShell.nanos(), process) + " (process vs xargs)", "context", null));
        long heap = Long.parseLong(result.get("heapPeakBytes"));
        long jvmCpu = Long.parseLong(result.get("cpuNanos"));
        rows.add(row("fan-out CPU time: the JVM / the rest of the machine (Postfix, kernel)", ms(jvmCpu), ms(machineBusy - jvmCpu),
                "", "context", null));
        rows.add(row("fan-out peak heap (Σ heap pool peaks, -Xmx64m, " + result.get("gcCount") + " GCs)", mib(heap),
                "peak RSS " + Long.parseLong(result.get("rssPeakKiB")) / 1024 + " MiB", "", "< 64 MiB", heap < 64L * 1024 * 1024));
    }

    // --- 3. a fleet of delayed listeners (issue 14) ---------------------------------------------------------

    /** Runs the scale curve, adds the target rows, and returns the curve as a table of its own. */
    private String fleet() throws IOException {
        Path launcher24 = options.cli24Dir() == null ? null : options.cli24Dir().resolve("smtp-check");
        Fleet fleet = new Fleet(options.cliDir().resolve("smtp-check"), launcher24, options.java24Home(), java24Label(), MAIL_FROM, RECIPIENT);
        fleet.run(options.fleet());
        List<Fleet.Measured> all = fleet.measured();
        StringBuilder table = new StringBuilder("\nFleet of listeners answering each command after " + FleetServer.DELAY.toMillis()
                + " ms, each probed once to RCPT TO and QUIT (five replies); CPU is user + system of the process and its "
                + "children (of the median run), peak RSS the largest single process in any run (GNU time):\n\n");
        table.append("| listeners | tool | wall (median run) | runs: wall range | CPU | peak RSS | xargs -P 64 wall / this wall |\n"
                + "|---:|---|---:|---:|---:|---:|---:|\n");
        for (Fleet.Measured m : all) {
            Fleet.Measured p64 = find(all, m.listeners(), "check_smtp, xargs -P 64");
            table.append("| ").append(m.listeners()).append(" | ").append(m.tool()).append(" | ").append(ms(m.wallNanos())).append(" | ")
                    .append(m.runs() == 1 ? "1" : m.runs() + ": " + ms(m.minWallNanos()) + "–" + ms(m.maxWallNanos())).append(" | ")
                    .append(ms(m.cpuNanos())).append(" | ").append(mb(m.maxRssKiB())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f", (double) p64.wallNanos() / m.wallNanos())).append(" |\n");
        }
        if (options.fleet().contains(1000)) {
            Fleet.Measured p64 = find(all, 1000, "check_smtp, xargs -P 64");
            String jdk = "JDK " + Runtime.version().feature();
            Fleet.Measured ours = find(all, 1000, "smtp-check, launcher, " + jdk);
            fleetTargetRows(jdk, ours, find(all, 1000, "floor: bare sockets, platform threads, " + jdk), p64);
            Fleet.Measured p8 = find(all, 1000, "check_smtp, xargs -P 8");
            rows.add(row("fleet 1000, " + jdk + ": wall against xargs -P 8 check_smtp", ms(ours.wallNanos()), "xargs -P 8 " + ms(p8.wallNanos()),
                    speedUp(p8.wallNanos(), ours.wallNanos()), "context", null));
            if (options.java24Home() != null) {
                String label = java24Label();
                fleetTargetRows(label, find(all, 1000, "smtp-check, launcher, " + label), find(all, 1000, "floor: bare sockets, virtual threads, " + label), p64);
            }
        }
        int largest = options.fleet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (largest >= 1000) {
            Map<String, String> streamed = fleet.streamed(largest, concat(List.of(java()), LAUNCHER_JVM_SETTINGS));
            long heap = Long.parseLong(streamed.get("heapPeakBytes"));
            rows.add(row("fleet " + largest + ", the core alone, results streamed to a file: peak heap (Σ heap pool peaks, -Xmx64m, "
                    + streamed.get("gcCount") + " GCs)", mib(heap), "wall " + ms(Long.parseLong(streamed.get("wallNanos"))) + ", CPU "
                    + ms(Long.parseLong(streamed.get("cpuTotalNanos"))) + ", peak RSS " + mb(Long.parseLong(streamed.get("maxRssKiB"))),
                    "", "≤ 64 MiB", heap <= 64L * 1024 * 1024));
        }
        return table.toString();
    }

    /** Issue 14's targets for 1,000 listeners on one JDK (wall, against check_smtp, RSS) and the floor beside them. */
    private void fleetTargetRows(String jdk, Fleet.Measured ours, Fleet.Measured floor, Fleet.Measured p64) {
        rows.add(row("fleet 1000 delayed listeners, defaults, " + jdk + ": wall, median of " + ours.runs() + " runs (range)",
                ms(ours.wallNanos()) + " (" + ms(ours.minWallNanos()) + "–" + ms(ours.maxWallNanos()) + ")", "", "", "≤ 1.2 s",
                ours.wallNanos() <= 1_200_000_000L));
        rows.add(row("fleet 1000, " + jdk + ": wall against xargs -P 64 check_smtp", ms(ours.wallNanos()), "xargs -P 64 " + ms(p64.wallNanos()),
                speedUp(p64.wallNanos(), ours.wallNanos()), "≥ 4× faster", p64.wallNanos() >= 4 * ours.wallNanos()));
        rows.add(row("fleet 1000, " + jdk + ": peak RSS", mb(ours.maxRssKiB()), "", "", "≤ 192 MB", ours.maxRssKiB() * 1024 <= 192_000_000L));
        rows.add(row("fleet 1000, " + jdk + ": the floor, bare sockets on as many threads", ms(floor.wallNanos()), "smtp-check " + ms(ours.wallNanos()),
                overFloor(ours.wallNanos(), floor.wallNanos()), "context", null));
    }

    private static Fleet.Measured find(List<Fleet.Measured> all, int listeners, String tool) {
        return all.stream().filter(m -> m.listeners() == listeners && m.tool().equals(tool)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no run of " + tool + " over " + listeners + " listeners"));
    }

    /** The JDK 24+ as its release file names it, e.g. "JDK 25.0.3 (Temurin-25.0.3+9)". */
    private String java24Label() throws IOException {
        if (options.java24Home() == null) {
            return null;
        }
        Map<String, String> release = new HashMap<>();
        for (String line : Files.readAllLines(Path.of(options.java24Home(), "release"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                release.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", ""));
            }
        }
        return "JDK " + release.getOrDefault("JAVA_VERSION", "?") + " (" + release.getOrDefault("IMPLEMENTOR_VERSION", "?") + ")";
    }

    // --- 4. CLI cold start ---------------------------------------------------------------------------------

    private void coldStart() throws IOException {
        Path jar = options.cliDir().resolve("smtp-check.jar");
        Path launcher = options.cliDir().resolve("smtp-check");
        List<String> args = List.of(HOST + ":" + PORT, "--tls-level", "none", "--helo", Probes.HELO, "--from", MAIL_FROM, "--to", RECIPIENT);
        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("java -jar smtp-check.jar", concat(List.of(java(), "-jar", jar.toString()), args));
        commands.put("smtp-check launcher (AppCDS)", concat(List.of(launcher.toString()), args));
        String aot = null;
        if (options.cli24Dir() != null) {
            // Through env(1), which costs its own exec (about a millisecond), so that the launcher sees JAVA_HOME.
            aot = "smtp-check launcher on " + java24Label() + " (AOT cache)";
            commands.put(aot, concat(List.of("env", "JAVA_HOME=" + options.java24Home(), options.cli24Dir().resolve("smtp-check").toString()), args));
        }
        // The same probe over STARTTLS, as most listeners offer it: smtp-check at its default level (may) against swaks --tls.
        List<String> startTls = args.subList(3, args.size());
        String launcherTls = "smtp-check launcher (AppCDS), STARTTLS";
        commands.put(launcherTls, concat(List.of(launcher.toString(), HOST + ":" + PORT), startTls));
        String aotTls = null;
        if (options.cli24Dir() != null) {
            aotTls = "smtp-check launcher on " + java24Label() + " (AOT cache), STARTTLS";
            commands.put(aotTls, concat(List.of("env", "JAVA_HOME=" + options.java24Home(), options.cli24Dir().resolve("smtp-check").toString(),
                    HOST + ":" + PORT), startTls));
        }
        commands.put("swaks", anchors.swaks(PORT));
        commands.put("swaks --tls", anchors.swaksStartTls(PORT));
        commands.put("check_smtp", anchors.checkSmtp(PORT));
        progress("cold start: %d rounds of %s", options.runs(), commands.keySet());
        Map<String, Stats> stats = ColdStart.measure(commands, 3, options.runs());
        Stats swaks = stats.get("swaks");
        Stats checkSmtp = stats.get("check_smtp");
        List<String> ours = new ArrayList<>(List.of("java -jar smtp-check.jar", "smtp-check launcher (AppCDS)"));
        if (aot != null) {
            ours.add(aot);
        }
        for (String tool : ours) {
            Stats s = stats.get(tool);
            rows.add(row("CLI cold start, one probe, median of " + options.runs() + " (p90): " + tool, ms(s.p50()) + " (" + ms(s.p90()) + ")",
                    "swaks " + ms(swaks.p50()) + " (" + ms(swaks.p90()) + ")", ratio(s.p50(), swaks.p50()), "≤ 1× swaks", s.p50() <= swaks.p50()));
        }
        Stats swaksTls = stats.get("swaks --tls");
        for (String tool : aotTls == null ? List.of(launcherTls) : List.of(launcherTls, aotTls)) {
            Stats s = stats.get(tool);
            rows.add(row("CLI cold start, one probe over STARTTLS, median of " + options.runs() + " (p90): " + tool, ms(s.p50()) + " (" + ms(s.p90()) + ")",
                    "swaks --tls " + ms(swaksTls.p50()) + " (" + ms(swaksTls.p90()) + ")", ratio(s.p50(), swaksTls.p50()), "measured against swaks", null));
        }
        rows.add(row("CLI cold start, one probe: check_smtp", "", "check_smtp " + ms(checkSmtp.p50()) + " (" + ms(checkSmtp.p90()) + ")",
                ratio(stats.get("smtp-check launcher (AppCDS)").p50(), checkSmtp.p50()) + " launcher/check_smtp", "context", null));
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static String machine() {
        String cpu = Processes.bash("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2", Duration.ofSeconds(5)).output().strip();
        String postfix = Processes.bash("postconf -h mail_version", Duration.ofSeconds(5)).output().strip();
        String load = Processes.bash("cut -d' ' -f1-3 /proc/loadavg", Duration.ofSeconds(5)).output().strip();
        return String.format(Locale.ROOT, "machine: %d cores (%s), Java %s (%s), Postfix %s, %s; load average at start %s%n",
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"), postfix, System.getProperty("os.name") + " " + System.getProperty("os.version"), load);
    }

    /** smtpping delivers what it sends; the fan-out must not share the machine with Postfix's local delivery. */
    private static void waitForMailQueue() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (Processes.bash("postqueue -j", Duration.ofSeconds(10)).output().isBlank()) {
                return;
            }
            Thread.sleep(500);
        }
        progress("mail queue not empty after 60 s; going on");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Map<String, String> keyValues(String output) {
        Map<String, String> values = new LinkedHashMap<>();
        output.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return values;
    }

    /** This harness's own jar, the class path of the JVMs it starts to run its own classes (fan-out, floor). */
    static Path benchJar() {
        try {
            return Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("where the bench jar is: " + e.getMessage(), e);
        }
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String row(String what, String ours, String anchor, String ratio, String target, Boolean met) {
        return "| " + what + " | " + ours + " | " + anchor + " | " + ratio + " | " + target + " | " + (met == null ? "" : met ? "yes" : "**no**") + " |";
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, nanos < 10_000_000 ? "%.3f ms" : "%.0f ms", Stats.millis(nanos));
    }

    /** Megabytes (10^6 bytes) of a size in KiB, as the issue's targets are written. */
    private static String mb(long kib) {
        return String.format(Locale.ROOT, "%.0f MB", kib * 1024 / 1e6);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String ratio(long ours, long theirs) {
        return String.format(Locale.ROOT, "%.2f×", (double) ours / theirs);
    }

    private static String speedUp(long theirs, long ours) {
        return String.format(Locale.ROOT, "%.1f× faster", (double) theirs / ours);
    }

    /** How many times the floor's wall smtp-check's is. */
    private static String overFloor(long ours, long floor) {
        return String.format(Locale.ROOT, "smtp-check %.2f× the floor", (double) ours / floor);
    }

    private static String tail(String output) {
        String s = output.strip();
        return s.length() <= 600 ? s : "..." + s.substring(s.length() - 600);
    }

    static void progress(String format, Object... args) {
        System.err.printf("bench: " + format + "%n", args);
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static void requireNone(int count, String what) {
        require(count == 0, count + " " + what);
    }

    private static void requireBefore(long endNanos, String what) {
        require(System.nanoTime() < endNanos, what + " did not finish in time");
    }
}
