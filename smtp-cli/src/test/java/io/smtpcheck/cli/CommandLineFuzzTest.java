package io.smtpcheck.cli;

import io.smtpcheck.testkit.InputMutator;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.text.Printable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of whole command lines, run in-process as a user runs them: options from the table with valid values
 * and with values mutated as careless users and hostile inputs write them (control characters, digits that are not
 * ASCII, overlong names, {@code @file}s, overflowing durations). A refused command line exits 3 with a one-line
 * message without raw control characters, and the listener counts no connection; an accepted one connects at most
 * once and exits with a verdict; none is an internal error. Replay with {@code -Dsmtpcheck.fuzz.seed=<seed>}.
 */
class CommandLineFuzzTest {

    private static final long SEED = Long.getLong("smtpcheck.fuzz.seed", new Random().nextLong());
    private static final int CASES = Integer.getInteger("smtpcheck.fuzz.commands", 400);

    /** Inserted into the target only: each makes it unparsable, so a target mutated this way never reaches another host. */
    private static final String[] BREAKS_TARGET = {"\u001b", "\r", "\n", "\u0000", "\u0085", "\u3000", "２", "٢", " ", "\u202e"};

    private final Random random = new Random(SEED);
    private final InputMutator mutator = new InputMutator(random);
    private final List<String> failures = new ArrayList<>();

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void refusedCommandLinesNeverConnectAndSayWhyInOneLine() throws IOException {
        Path heloFile = Files.writeString(dir.resolve("helo"), "relay.example.org\n");
        int refused = 0;
        int ran = 0;
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            String target = server.host() + ":" + server.port();
            for (int i = 0; i < CASES; i++) {
                List<String> args = commandLine(target, heloFile);
                String replay = "#" + i + " " + args.stream().map(Printable::escape).toList() + ": ";
                int before = server.connectionCount();
                Cli cli = Cli.run(args.toArray(String[]::new));
                int connections = server.connectionCount() - before;
                if (cli.err().contains("internal error") || cli.err().contains("\tat ") || cli.err().contains("Exception")) {
                    failures.add(replay + "internal error or trace: " + Printable.escape(cli.err()));
                } else if (cli.exitCode() == 3) {
                    refused++;
                    String[] lines = cli.err().split("\n");
                    if (connections != 0) {
                        failures.add(replay + "refused, yet connected " + connections + " time(s)");
                    }
                    if (!lines[0].startsWith("smtp-check: ") || lines.length > 2) {
                        failures.add(replay + "not a one-line message: " + Printable.escape(cli.err()));
                    }
                    if (Printable.firstUnsafe(cli.err().replace("\n", "")) >= 0) {
                        failures.add(replay + "raw control character on stderr: " + Printable.escape(cli.err()));
                    }
                } else if (cli.exitCode() < 0 || cli.exitCode() > 2) {
                    failures.add(replay + "exit " + cli.exitCode());
                } else {
                    ran++;
                    if (connections > 1) {
                        failures.add(replay + "accepted, and connected " + connections + " times");
                    }
                    if (!args.contains("json") && !args.contains("junit")) {
                        for (String line : cli.out().split("\n")) {
                            if (Printable.firstUnsafe(line) >= 0) {
                                failures.add(replay + "raw control character in the report: " + Printable.escape(line));
                            }
                        }
                    }
                }
            }
        }
        System.out.printf("command-line fuzz: seed %d, %d command lines, %d refused, %d ran, %d failures%n", SEED, CASES, refused, ran,
                failures.size());
        assertThat(failures).as("command-line fuzz failures; replay with -Dsmtpcheck.fuzz.seed=" + SEED).isEmpty();
        assertThat(refused).isPositive();
        assertThat(ran).isPositive();
    }

    /** The target (now and then broken), then one to five options, each with a valid value or a mutated one. */
    private List<String> commandLine(String target, Path heloFile) {
        List<String> args = new ArrayList<>();
        if (random.nextInt(5) == 0) {
            StringBuilder broken = new StringBuilder(target);
            broken.insert(random.nextInt(broken.length() + 1), BREAKS_TARGET[random.nextInt(BREAKS_TARGET.length)]);
            args.add(broken.toString());
        } else {
            args.add(target);
        }
        String[][] options = {
                {"--helo", "client.example.com"}, {"--helo", "@" + heloFile}, {"--from", "sender@example.org"}, {"--to", "rcpt@example.org"},
                {"--timeout", "5s"}, {"--reply-timeout", "3s"}, {"--connect-timeout", "2s"}, {"--subject", "probe"}, {"--body", "hello"},
                {"--expect-banner", "ESMTP"}, {"--min-cert-days", "0"}, {"--lang", "fr"}, {"--format", "nagios"}, {"--format", "json"},
                {"--stop-after", "ehlo"}, {"--stop-after", "rcpt"}, {"--tls-level", "none"}, {"--transient", "warn"}, {"--parallel", "2"},
                {"--port", "25"}, {"--expect-ehlo", "PIPELINING"}};
        for (int n = 1 + random.nextInt(5); n > 0; n--) {
            String[] option = options[random.nextInt(options.length)];
            args.add(option[0]);
            args.add(random.nextInt(3) > 0 ? option[1] : mutator.mutate(option[1]));
        }
        return args;
    }
}
