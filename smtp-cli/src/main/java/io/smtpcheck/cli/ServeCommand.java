package io.smtpcheck.cli;

import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.TlsIdentity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code smtp-check serve}: a scripted listener on loopback, so a team can rehearse how its pipeline
 * reacts to a given failure (421 at the banner, 452 at RCPT, a server that never answers...).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a scripted SMTP listener on loopback until interrupted (or --sessions are done).",
                "ACTION: a reply such as '452 #4.5.3 Too many recipients' (lines separated by |), or close, silence,",
                "drip:2s:220 slow, delay:5s:250 ok, reply-close:421 bye, endless-line, endless-multiline, garbage, http, starttls-garbage."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = {"-p", "--port"}, defaultValue = "2525", description = "Port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Loopback address to bind: 127.0.0.1 or ::1 (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--hostname", defaultValue = "localhost", description = "Name in the default replies (default ${DEFAULT-VALUE}).")
    String hostname;

    @Option(names = "--banner", paramLabel = "ACTION", description = "What a connection gets first; repeat for the 2nd, 3rd... connection.")
    List<String> banner = new ArrayList<>();

    @Option(names = "--on", paramLabel = "VERB=ACTION",
            description = "Script a command (EHLO, MAIL, RCPT, DATA-START, DATA, STARTTLS, AUTH...); repeat a verb for its 2nd, 3rd... use.")
    List<String> on = new ArrayList<>();

    @Option(names = "--starttls", description = "Offer STARTTLS with a generated self-signed certificate.")
    boolean starttls;

    @Option(names = "--implicit-tls", description = "TLS from the first byte (like port 465), generated certificate.")
    boolean implicitTls;

    @Option(names = "--cert-out", paramLabel = "PEM", defaultValue = "smtp-check-serve.pem",
            description = "Where to write the generated certificate, for the client's --trust-file (default ${DEFAULT-VALUE}).")
    Path certOut;

    @Option(names = "--auth-user", paramLabel = "NAME", description = "Offer AUTH and accept this user.")
    String authUser;

    @Option(names = "--auth-password-env", paramLabel = "VAR", defaultValue = "SMTP_CHECK_PASSWORD",
            description = "Environment variable with the password the listener accepts (default ${DEFAULT-VALUE}).")
    String authPasswordEnv;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "0", description = "Stop after N sessions ended (default: run until interrupted).")
    int sessions;

    @Option(names = "--quiet", description = "Do not print the sessions.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        InetAddress address = InetAddress.getByName(bind);
        if (!address.isLoopbackAddress()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bind must be a loopback address (127.0.0.1 or ::1): this listener is for rehearsals only");
        }
        ScriptedSmtpServer.Builder builder = ScriptedSmtpServer.builder().hostname(hostname).bindAddress(address).port(port);
        if (!banner.isEmpty()) {
            builder.banner(banner.stream().map(this::action).toArray(Action[]::new));
        }
        scripts().forEach((verb, actions) -> builder.on(verb, actions.toArray(Action[]::new)));
        if (starttls || implicitTls) {
            TlsIdentity identity = TlsIdentity.selfSigned(hostname, Duration.ofDays(30));
            identity.writePem(certOut);
            if (implicitTls) {
                builder.implicitTls(identity);
            } else {
                builder.starttls(identity);
            }
            out.println("certificate for " + hostname + " written to " + certOut + " (give it to the client as --trust-file)");
        }
        if (authUser != null) {
            String password = System.getenv(authPasswordEnv);
            if (password == null || password.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--auth-user needs the password in the environment variable " + authPasswordEnv);
            }
            builder.auth(authUser, password);
        }
        if (!quiet) {
            builder.transcript(line -> {
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            });
        }
        try (ScriptedSmtpServer server = builder.start()) {
            out.println("listening on " + server.host() + ":" + server.port() + (sessions > 0 ? " for " + sessions + " session(s)" : "; Ctrl-C stops"));
            out.flush();
            if (sessions > 0) {
                server.awaitSessions(sessions, Duration.ofDays(365));
            } else {
                Thread.currentThread().join();
            }
        }
        return ExitCode.PASS.code;
    }

    private Map<String, List<Action>> scripts() {
        Map<String, List<Action>> byVerb = new LinkedHashMap<>();
        for (String entry : on) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--on takes VERB=ACTION, for example --on 'RCPT=452 #4.5.3 Too many recipients'; not '" + entry + "'");
            }
            byVerb.computeIfAbsent(entry.substring(0, eq).strip().toUpperCase(Locale.ROOT), v -> new ArrayList<>()).add(action(entry.substring(eq + 1)));
        }
        return byVerb;
    }

    private Action action(String spec) {
        try {
            return Action.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(this.spec.commandLine(), e.getMessage());
        }
    }
}
