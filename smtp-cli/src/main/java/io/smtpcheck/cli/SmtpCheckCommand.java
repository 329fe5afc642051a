package io.smtpcheck.cli;

import io.smtpcheck.mx.JndiMxResolver;
import io.smtpcheck.report.JsonReport;
import io.smtpcheck.report.JunitXmlReport;
import io.smtpcheck.report.BuildPolicy;
import io.smtpcheck.request.CheckOptions;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.Target;
import io.smtpcheck.run.CheckRunner;
import io.smtpcheck.session.CheckResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code smtp-check [options] TARGET...}: checks each listener and exits with the verdict. */
// demo and serve are not in subcommands = {...}: run() adds them only when the arguments or the usage help need them.
@Command(name = "smtp-check", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"Tests SMTP listeners the way a mail administrator does with telnet, and turns the answer into a verdict.",
                "TARGET is host, host:port, [ipv6]:port or mx:domain (the domain's MX hosts)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every listener passed", "1:a transient failure (4xx), unless --transient=fail",
                "2:a permanent failure (5xx), TLS, protocol, network or expectation failure", "3:bad usage, or an internal error (nothing was decided)"})
public final class SmtpCheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Listener(s) to check.")
    List<String> targets = new ArrayList<>();

    @Option(names = {"-p", "--port"}, defaultValue = "25", description = "Port when TARGET gives none (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--security", defaultValue = "starttls", paramLabel = "MODE",
            description = "none, starttls (when offered), require-starttls, implicit-tls (default ${DEFAULT-VALUE}).")
    String security;

    @Option(names = "--helo", paramLabel = "NAME", description = "Name sent with EHLO/HELO (default: this machine's name).")
    String helo;

    @Option(names = "--from", paramLabel = "ADDRESS", description = "MAIL FROM address (default: the null sender <>).")
    String from;

    @Option(names = "--to", paramLabel = "ADDRESS", split = ",", description = "RCPT TO address; repeat or separate with commas.")
    List<String> to = new ArrayList<>();

    @Option(names = "--stop-after", paramLabel = "STAGE",
            description = "connect, banner, ehlo, tls, auth, mail, rcpt or data (default: rcpt with --to, else tls/auth/ehlo). Only data sends a message.")
    String stopAfter;

    @Option(names = "--subject", description = "Subject of the test message sent with --stop-after data.")
    String subject;

    @Option(names = "--body", description = "Body of the test message.")
    String body;

    @Option(names = "--user", paramLabel = "NAME", description = "AUTH user name. The secret comes from --password-env or --password-file, never the command line.")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "SMTP_CHECK_PASSWORD",
            description = "Environment variable holding the password or OAuth token (default ${DEFAULT-VALUE}).")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the password or token.")
    Path passwordFile;

    @Option(names = "--auth-mechanism", paramLabel = "MECH", description = "PLAIN, LOGIN, CRAM-MD5 or XOAUTH2 (default: best offered).")
    String authMechanism;

    @Option(names = "--allow-plaintext-auth", description = "Allow AUTH without TLS (sends the password in clear).")
    boolean allowPlaintextAuth;

    @Option(names = "--expect-banner", paramLabel = "REGEX", description = "The 220 banner must contain a match.")
    String expectBanner;

    @Option(names = "--expect-ehlo", paramLabel = "KEYWORD", split = ",", description = "EHLO keyword that must be offered (STARTTLS, SIZE, ...).")
    List<String> expectEhlo = new ArrayList<>();

    @Option(names = "--min-cert-days", paramLabel = "DAYS", defaultValue = "0", description = "The certificate must stay valid this many more days.")
    int minCertDays;

    @Option(names = "--trust-file", paramLabel = "PEM", description = "CA certificates to trust instead of the JVM's.")
    String trustFile;

    @Option(names = "--insecure", description = "Accept any certificate (still reported).")
    boolean insecure;

    @Option(names = "--no-verify-hostname", negatable = false, description = "Do not require the certificate to name the host.")
    boolean noVerifyHostname;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "Per TCP connect (default ${DEFAULT-VALUE}).")
    String connectTimeout;

    @Option(names = "--reply-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Silence allowed while waiting for a reply (default ${DEFAULT-VALUE}).")
    String replyTimeout;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "Deadline for a whole check, DNS to QUIT (default ${DEFAULT-VALUE}).")
    String deadline;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4", description = "Targets checked at once (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--dns-server", paramLabel = "HOST:PORT", description = "DNS server for mx: targets (default: the system's).")
    String dnsServer;

    @Option(names = "--format", defaultValue = "text", description = "text, json, junit or nagios (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--no-transcript", negatable = false, description = "Text format: verdicts only.")
    boolean noTranscript;

    @Option(names = "--json-file", paramLabel = "FILE", description = "Also write the JSON report here.")
    Path jsonFile;

    @Option(names = "--junit-file", paramLabel = "FILE", description = "Also write the JUnit XML report here.")
    Path junitFile;

    @Option(names = "--transient", paramLabel = "POLICY", defaultValue = "warn",
            description = "warn: a 4xx exits 1; fail: a 4xx exits 2 like a 5xx (default ${DEFAULT-VALUE}).")
    String transientPolicy;

    @Option(names = "--lang", paramLabel = "LANG", defaultValue = "en", description = "Diagnosis language: en, fr, ru, ja, ar (default ${DEFAULT-VALUE}).")
    String lang;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Every CommandLine registers converters for the java.sql and java.time types by reflection, which sets up
        // DateTimeFormatter's formats; no option here has such a type (a few ms of a one-probe command).
        System.getProperties().putIfAbsent("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8), new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs the command with the given streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SmtpCheckCommand());
        // Before the settings below: picocli applies them to the subcommands present when they are made.
        boolean subcommands = mayNameASubcommand(args);
        if (subcommands) {
            addSubcommands(cli);
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(e -> ExitCode.USAGE.code);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("smtp-check: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try 'smtp-check --help'.");
            return ExitCode.USAGE.code;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // Users get a sentence, not a stack trace: bad settings and unwritable report files are their input.
            if (ex instanceof InvalidRequestException invalid && commandLine.getCommandSpec().findOption("--" + invalid.field()) != null) {
                commandLine.getErr().println("smtp-check: --" + invalid.field() + ": " + invalid.problem());
            } else if (ex instanceof InvalidRequestException || ex instanceof CommandLine.ParameterException) {
                commandLine.getErr().println("smtp-check: " + ex.getMessage());
            } else if (ex instanceof IOException io) {
                commandLine.getErr().println("smtp-check: cannot read or write " + io.getMessage() + " (" + io.getClass().getSimpleName() + ")");
            } else {
                // A bug of ours, not the server's: exit UNKNOWN (3) rather than a code a monitor reads as a verdict.
                commandLine.getErr().println("smtp-check: internal error: " + ex + ". Please report it; SMTP_CHECK_DEBUG=1 shows the stack trace.");
                if (System.getenv("SMTP_CHECK_DEBUG") != null) {
                    ex.printStackTrace(commandLine.getErr());
                }
            }
            return ExitCode.USAGE.code;
        });
        if (!subcommands) {
            cli.setExecutionStrategy(parseResult -> {
                // The usage help lists demo and serve; it only needs their names and descriptions.
                if (parseResult.isUsageHelpRequested()) {
                    addSubcommands(cli);
                }
                return new CommandLine.RunLast().execute(parseResult);
            });
        }
        return cli.execute(args);
    }

    /**
     * Whether picocli could read an argument as the name of a subcommand: one is the name, or comes from an
     * {@code @file}. Otherwise the parse is the same with or without them, and a check does not pay for picocli
     * reflecting over two more commands and for loading the testkit they run (about 15 ms of a one-probe
     * {@code java -jar}, a few through the launcher, whose archive holds the testkit; docs/performance.md).
     */
    private static boolean mayNameASubcommand(String[] args) {
        for (String arg : args) {
            if (arg.equals("demo") || arg.equals("serve") || arg.startsWith("@")) {
                return true;
            }
        }
        return false;
    }

    private static void addSubcommands(CommandLine cli) {
        cli.addSubcommand(new DemoCommand());
        cli.addSubcommand(new ServeCommand());
    }

    @Override
    public Integer call() throws IOException {
        if (targets.isEmpty()) {
            // Not picocli's required arity: that would also demand a TARGET before the demo and serve subcommands.
            throw usage("give at least one TARGET (host, host:port or mx:domain), or run 'smtp-check demo'");
        }
        BuildPolicy policy = switch (transientPolicy.toLowerCase(Locale.ROOT)) {
            case "warn" -> new BuildPolicy(false, true);
            case "fail" -> BuildPolicy.STRICT;
            default -> throw usage("--transient must be warn or fail, not '" + transientPolicy + "'");
        };
        Function<Target, CheckRequest> requestFor = requestFactory();
        requireWritableDirectory("--json-file", jsonFile);
        requireWritableDirectory("--junit-file", junitFile);
        List<Target> parsed = targets.stream().map(Target::parse).toList();
        // Validate every target before the first connection, so a typo in the third one sends nothing at all.
        parsed.forEach(requestFor::apply);
        CheckRunner runner = new CheckRunner(dnsServer == null ? JndiMxResolver.system() : new JndiMxResolver(dnsServer, Duration.ofSeconds(3)), parallel);
        List<CheckResult> results = runner.run(parsed, requestFor);
        spec.commandLine().getOut().print(format.render(results, !noTranscript, policy.failOnTransient()));
        spec.commandLine().getOut().flush();
        if (jsonFile != null) {
            Files.writeString(jsonFile, JsonReport.render(results));
        }
        if (junitFile != null) {
            Files.writeString(junitFile, JunitXmlReport.render(results, !policy.failOnTransient()));
        }
        // The exit codes are the Nagios plugin statuses (0 OK, 1 WARNING, 2 CRITICAL): one mapping serves both.
        return policy.decide(results).nagiosStatus();
    }

    /** Reads and checks the options once; the function then builds one request per target. */
    private Function<Target, CheckRequest> requestFactory() throws IOException {
        if (parallel < 1) {
            throw usage("--parallel must be at least 1");
        }
        CheckOptions options = CheckOptions.builder()
                .port(port).security(security).helo(helo).from(from).to(to).stopAfter(stopAfter)
                .subject(subject).body(body).authMechanism(authMechanism).allowPlaintextAuth(allowPlaintextAuth)
                .expectBanner(expectBanner).expectEhlo(expectEhlo).minCertDays(minCertDays)
                .trustFile(trustFile).insecure(insecure).verifyHostname(!noVerifyHostname)
                .connectTimeout(connectTimeout).replyTimeout(replyTimeout).timeout(deadline).lang(lang)
                .build();
        return options.requests(user, user == null ? null : secret());
    }

    /** Checked up front: a report that cannot be written must not cost a check that then reports nothing. */
    private void requireWritableDirectory(String option, Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw usage(option + " " + file + ": the directory " + dir + " does not exist or is not writable");
        }
    }

    private String secret() throws IOException {
        if (passwordFile != null) {
            List<String> lines = Files.readAllLines(passwordFile);
            return lines.isEmpty() ? "" : lines.get(0);
        }
        String secret = System.getenv(passwordEnv);
        if (secret == null) {
            throw usage("--user needs a password: set the environment variable " + passwordEnv + " or give --password-file");
        }
        return secret;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
