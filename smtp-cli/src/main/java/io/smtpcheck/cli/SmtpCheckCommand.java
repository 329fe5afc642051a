package io.smtpcheck.cli;

import io.smtpcheck.option.CheckOptions;
import io.smtpcheck.option.Kind;
import io.smtpcheck.option.Option;
import io.smtpcheck.option.OptionValues;
import io.smtpcheck.option.Shell;
import io.smtpcheck.report.BuildPolicy;
import io.smtpcheck.report.ReportFiles;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.SecretFile;
import io.smtpcheck.request.Target;
import io.smtpcheck.run.CheckRunner;
import io.smtpcheck.text.Printable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
        for (Option<?> option : Option.in(Shell.CLI)) {
            spec.addOption(option(option));
        }
        spec.addOption(OptionSpec.builder("-h", "--help").type(boolean.class).usageHelp(true).description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").type(boolean.class).versionHelp(true).description("Print version information and exit.").build());
        return spec;
    }

    /**
     * The flag of one option of the table. Values stay text (a list for a list option), read by core with the
     * option's own rules, so the command line refuses what the Maven goal and the Jenkins step refuse, in the same words.
     */
    private static OptionSpec option(Option<?> option) {
        String[] names = option.cliNames().toArray(String[]::new);
        if (option.cliFlag()) {
            return OptionSpec.builder(names).type(boolean.class).initialValue(false).description(sentence(option.cliHelp())).build();
        }
        OptionSpec.Builder spec = OptionSpec.builder(names).paramLabel(option.label());
        if (option.kind() == Kind.LIST) {
            spec.type(List.class).auxiliaryTypes(String.class).splitRegex(",");
        } else {
            spec.type(String.class);
        }
        String defaultValue = option.defaultIn(Shell.CLI);
        if (defaultValue != null) {
            spec.defaultValue(defaultValue);
        }
        String shown = defaultValue != null ? " (default " + defaultValue + ")" : option.note() != null ? " (default: " + option.note() + ")" : "";
        return spec.description(sentence(option.cliHelp() + shown)).build();
    }

    /** The table's help as a line of the usage help; not capitalised, as it may start with a value (none; ...). */
    private static String sentence(String help) {
        return help + ".";
    }

    private static Map<String, String> exitCodes(String... codeThenMeaning) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (int i = 0; i < codeThenMeaning.length; i += 2) {
            codes.put(codeThenMeaning[i], codeThenMeaning[i + 1]);
        }
        return codes;
    }

    /** The options as given, or their defaults, for core to read. */
    private OptionValues values() {
        return option -> option.offeredBy(Shell.CLI) ? option.fromCli(spec.findOption(option.cliName()).getValue()) : null;
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
        // No @file expansion: "--helo @name" would send the file's content as the HELO name, and a password file's
        // lines as arguments. Every value is taken as written and checked by core's grammar.
        cli.setExpandAtFiles(false);
        cli.setExitCodeExceptionMapper(e -> ExitCode.USAGE.code);
        cli.setParameterExceptionHandler((ex, a) -> {
            // picocli quotes the value it refused as given: a user's ESC must not reach the terminal raw either.
            ex.getCommandLine().getErr().println("smtp-check: " + Printable.escape(ex.getMessage()));
            ex.getCommandLine().getErr().println("Try 'smtp-check --help'.");
            return ExitCode.USAGE.code;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // Users get a sentence, not a stack trace: bad settings and unwritable report files are their input.
            if (ex instanceof InvalidRequestException invalid && commandLine.getCommandSpec().findOption("--" + invalid.field()) != null) {
                commandLine.getErr().println("smtp-check: --" + invalid.field() + ": " + Printable.escape(invalid.problem()));
            } else if (ex instanceof InvalidRequestException || ex instanceof CommandLine.ParameterException) {
                commandLine.getErr().println("smtp-check: " + Printable.escape(ex.getMessage()));
            } else if (ex instanceof IOException io) {
                commandLine.getErr().println("smtp-check: cannot read or write " + Printable.escape(io.getMessage()) + " (" + io.getClass().getSimpleName() + ")");
            } else {
                // A bug of ours, not the server's: exit UNKNOWN (3) rather than a code a monitor reads as a verdict.
                commandLine.getErr().println("smtp-check: internal error: " + Printable.escape(String.valueOf(ex))
                        + ". Please report it; SMTP_CHECK_DEBUG=1 shows the stack trace.");
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
     * Whether picocli could read an argument as the name of a subcommand. Otherwise the parse is the same with or without them, and a check does not pay for picocli
     * reflecting over two more commands and for loading the testkit they run (about 15 ms of a one-probe
     * {@code java -jar}, a few through the launcher, whose archive holds the testkit; docs/performance.md).
     */
    private static boolean mayNameASubcommand(String[] args) {
        for (String arg : args) {
            if (arg.equals("demo") || arg.equals("serve")) {
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
        CheckOptions options = CheckOptions.of(values());
        BuildPolicy policy = options.policy();
        CheckRunner runner = options.runner();
        Format format = Format.valueOf(options.get(Option.FORMAT));
        String user = options.get(Option.USER);
        Function<Target, CheckRequest> requestFor = options.requests(user, user == null ? null : secret(options));
        ReportFiles files = ReportFiles.of(path(options.get(Option.JSON_FILE)), path(options.get(Option.JUNIT_FILE)));
        List<Target> parsed = targets.stream().map(Target::parse).toList();
        PrintWriter out = spec.commandLine().getOut();
        try (RunReports reports = RunReports.open(format.writer(out, !options.get(Option.NO_TRANSCRIPT), policy), out, files, policy)) {
            // The exit codes are the Nagios plugin statuses (0 OK, 1 WARNING, 2 CRITICAL): one mapping serves both.
            return reports.run(runner, parsed, requestFor).nagiosStatus();
        }
    }

    private static Path path(String file) {
        return file == null ? null : Path.of(file);
    }

    private String secret(CheckOptions options) {
        Path passwordFile = path(options.get(Option.PASSWORD_FILE));
        String passwordEnv = options.get(Option.PASSWORD_ENV);
        if (passwordFile != null) {
            return SecretFile.read(Option.PASSWORD_FILE.field(), passwordFile);
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
