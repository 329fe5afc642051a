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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code smtp-check [options] TARGET...}: checks each listener and exits with the verdict.
 *
 * <p>The command and its options are a programmatic picocli model ({@link #model}), not annotations: picocli
 * reads annotations through reflection and run-time generated proxy classes, which a class-data archive
 * cannot keep: about 20 ms of a one-probe command (docs/performance.md). {@code demo} and {@code serve}, which
 * only run now and then, keep their annotations.
 */
public final class SmtpCheckCommand implements Callable<Integer> {

    private final CommandSpec spec = model(this);

    private static CommandSpec model(SmtpCheckCommand command) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("smtp-check").versionProvider(new Version());
        spec.usageMessage().sortOptions(false)
                .description("Tests SMTP listeners the way a mail administrator does with telnet, and turns the answer into a verdict.",
                        "TARGET is host, host:port, [ipv6]:port or mx:domain (the domain's MX hosts).")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodes("0", "every listener passed", "1", "a transient failure (4xx), unless --transient=fail",
                        "2", "a permanent failure (5xx), TLS, protocol, network or expectation failure",
                        "3", "bad usage, or an internal error (nothing was decided)"));
        spec.addPositional(PositionalParamSpec.builder().paramLabel("TARGET").arity("0..*").type(List.class).auxiliaryTypes(String.class)
                .description("Listener(s) to check.").build());
        List.of(
                option(int.class, "-p", "--port").paramLabel("<port>").defaultValue("25").description("Port when TARGET gives none (default ${DEFAULT-VALUE})."),
                option(String.class, "--security").paramLabel("MODE").defaultValue("starttls")
                        .description("none, starttls (when offered), require-starttls, implicit-tls (default ${DEFAULT-VALUE})."),
                option(String.class, "--helo").paramLabel("NAME").description("Name sent with EHLO/HELO (default: this machine's name)."),
                option(String.class, "--from").paramLabel("ADDRESS").description("MAIL FROM address (default: the null sender <>)."),
                list("--to").paramLabel("ADDRESS").description("RCPT TO address; repeat or separate with commas."),
                option(String.class, "--stop-after").paramLabel("STAGE")
                        .description("connect, banner, ehlo, tls, auth, mail, rcpt or data (default: rcpt with --to, else tls/auth/ehlo). Only data sends a message."),
                option(String.class, "--subject").paramLabel("<subject>").description("Subject of the test message sent with --stop-after data."),
                option(String.class, "--body").paramLabel("<body>").description("Body of the test message."),
                option(String.class, "--user").paramLabel("NAME")
                        .description("AUTH user name. The secret comes from --password-env or --password-file, never the command line."),
                option(String.class, "--password-env").paramLabel("VAR").defaultValue("SMTP_CHECK_PASSWORD")
                        .description("Environment variable holding the password or OAuth token (default ${DEFAULT-VALUE})."),
                option(Path.class, "--password-file").paramLabel("FILE").description("File whose first line is the password or token."),
                option(String.class, "--auth-mechanism").paramLabel("MECH").description("PLAIN, LOGIN, CRAM-MD5 or XOAUTH2 (default: best offered)."),
                flag("--allow-plaintext-auth").description("Allow AUTH without TLS (sends the password in clear)."),
                option(String.class, "--expect-banner").paramLabel("REGEX").description("The 220 banner must contain a match."),
                list("--expect-ehlo").paramLabel("KEYWORD").description("EHLO keyword that must be offered (STARTTLS, SIZE, ...)."),
                option(int.class, "--min-cert-days").paramLabel("DAYS").defaultValue("0").description("The certificate must stay valid this many more days."),
                option(String.class, "--trust-file").paramLabel("PEM").description("CA certificates to trust instead of the JVM's."),
                flag("--insecure").description("Accept any certificate (still reported)."),
                flag("--no-verify-hostname").description("Do not require the certificate to name the host."),
                option(String.class, "--connect-timeout").paramLabel("DURATION").defaultValue("10s").description("Per TCP connect (default ${DEFAULT-VALUE})."),
                option(String.class, "--reply-timeout").paramLabel("DURATION").defaultValue("30s")
                        .description("Silence allowed while waiting for a reply (default ${DEFAULT-VALUE})."),
                option(String.class, "--timeout").paramLabel("DURATION").defaultValue("60s")
                        .description("Deadline for a whole check, DNS to QUIT (default ${DEFAULT-VALUE})."),
                option(int.class, "--parallel").paramLabel("N").defaultValue("4").description("Targets checked at once (default ${DEFAULT-VALUE})."),
                option(String.class, "--dns-server").paramLabel("HOST:PORT").description("DNS server for mx: targets (default: the system's)."),
                option(Format.class, "--format").paramLabel("<format>").defaultValue("text").description("text, json, junit or nagios (default ${DEFAULT-VALUE})."),
                flag("--no-transcript").description("Text format: verdicts only."),
                option(Path.class, "--json-file").paramLabel("FILE").description("Also write the JSON report here."),
                option(Path.class, "--junit-file").paramLabel("FILE").description("Also write the JUnit XML report here."),
                option(String.class, "--transient").paramLabel("POLICY").defaultValue("warn")
                        .description("warn: a 4xx exits 1; fail: a 4xx exits 2 like a 5xx (default ${DEFAULT-VALUE})."),
                option(String.class, "--lang").paramLabel("LANG").defaultValue("en").description("Diagnosis language: en, fr, ru, ja, ar (default ${DEFAULT-VALUE})."),
                flag("-h", "--help").usageHelp(true).description("Show this help message and exit."),
                flag("-V", "--version").versionHelp(true).description("Print version information and exit.")
        ).forEach(option -> spec.addOption(option.build()));
        return spec;
    }

    private static OptionSpec.Builder option(Class<?> type, String... names) {
        return OptionSpec.builder(names).type(type);
    }

    /** An option without a value: false unless given. */
    private static OptionSpec.Builder flag(String... names) {
        return option(boolean.class, names).initialValue(false);
    }

    /** An option that may be repeated and takes comma-separated values. */
    private static OptionSpec.Builder list(String name) {
        return option(List.class, name).auxiliaryTypes(String.class).splitRegex(",");
    }

    private static Map<String, String> exitCodes(String... codeThenMeaning) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (int i = 0; i < codeThenMeaning.length; i += 2) {
            codes.put(codeThenMeaning[i], codeThenMeaning[i + 1]);
        }
        return codes;
    }

    /** The value of an option after parsing: what was given, else its default, else null. */
    private <T> T value(String option) {
        return spec.findOption(option).getValue();
    }

    private List<String> values(String listOption) {
        List<String> values = value(listOption);
        return values == null ? List.of() : values;
    }

    public static void main(String[] args) {
        // Every CommandLine registers converters for the java.sql and java.time types by reflection, which sets up
        // DateTimeFormatter's formats; no option here has such a type (a few ms of a one-probe command).
        System.getProperties().putIfAbsent("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8), new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs the command with the given streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SmtpCheckCommand().spec);
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
        List<String> targets = spec.positionalParameters().get(0).getValue();
        if (targets == null || targets.isEmpty()) {
            // Not picocli's required arity: that would also demand a TARGET before the demo and serve subcommands.
            throw usage("give at least one TARGET (host, host:port or mx:domain), or run 'smtp-check demo'");
        }
        String transientPolicy = value("--transient");
        BuildPolicy policy = switch (transientPolicy.toLowerCase(Locale.ROOT)) {
            case "warn" -> new BuildPolicy(false, true);
            case "fail" -> BuildPolicy.STRICT;
            default -> throw usage("--transient must be warn or fail, not '" + transientPolicy + "'");
        };
        int parallel = value("--parallel");
        if (parallel < 1) {
            throw usage("--parallel must be at least 1");
        }
        Function<Target, CheckRequest> requestFor = requestFactory();
        Path jsonFile = value("--json-file");
        Path junitFile = value("--junit-file");
        requireWritableDirectory("--json-file", jsonFile);
        requireWritableDirectory("--junit-file", junitFile);
        List<Target> parsed = targets.stream().map(Target::parse).toList();
        String dnsServer = value("--dns-server");
        CheckRunner runner = new CheckRunner(dnsServer == null ? JndiMxResolver.system() : new JndiMxResolver(dnsServer, Duration.ofSeconds(3)), parallel);
        List<CheckResult> results = runner.run(parsed, requestFor);
        Format format = value("--format");
        boolean noTranscript = value("--no-transcript");
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
        boolean noVerifyHostname = value("--no-verify-hostname");
        CheckOptions options = CheckOptions.builder()
                .port(value("--port")).security(value("--security")).helo(value("--helo")).from(value("--from"))
                .to(values("--to")).stopAfter(value("--stop-after")).subject(value("--subject")).body(value("--body"))
                .authMechanism(value("--auth-mechanism")).allowPlaintextAuth(value("--allow-plaintext-auth"))
                .expectBanner(value("--expect-banner")).expectEhlo(values("--expect-ehlo")).minCertDays(value("--min-cert-days"))
                .trustFile(value("--trust-file")).insecure(value("--insecure")).verifyHostname(!noVerifyHostname)
                .connectTimeout(value("--connect-timeout")).replyTimeout(value("--reply-timeout")).timeout(value("--timeout"))
                .lang(value("--lang"))
                .build();
        String user = value("--user");
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
        Path passwordFile = value("--password-file");
        String passwordEnv = value("--password-env");
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
