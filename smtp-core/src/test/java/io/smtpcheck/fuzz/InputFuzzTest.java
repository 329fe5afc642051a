package io.smtpcheck.fuzz;

import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Durations;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.Limits;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.Target;
import io.smtpcheck.session.SmtpSession;
import io.smtpcheck.testkit.InputMutator;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.text.Printable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of the option values a user gives (target, HELO, sender, recipient, three timeouts), mutated as
 * careless users and hostile inputs write them, through the same parsing and building as every front end. A refused
 * input must be refused with an {@link InvalidRequestException} (no other exception, a message without raw control
 * characters) and open no connection; an accepted one must satisfy the grammar, checked here independently.
 * Replay with {@code -Dsmtpcheck.fuzz.seed=<seed>}.
 */
class InputFuzzTest {

    private static final long SEED = Long.getLong("smtpcheck.fuzz.seed", new Random().nextLong());
    private static final int CASES = Integer.getInteger("smtpcheck.fuzz.inputs", 2000);

    private static final Pattern ASCII_HELO = Pattern.compile("\\[[0-9A-Fa-f:.IPv]+\\]|[A-Za-z0-9.-]{1,255}");

    private final List<String> failures = new ArrayList<>();
    private final Random random = new Random(SEED);
    private final InputMutator mutator = new InputMutator(random);

    @Test
    @Timeout(120)
    void refusedInputNeverConnectsAndAcceptedInputKeepsTheGrammar() {
        int refused = 0;
        int accepted = 0;
        int ran = 0;
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            String target = "127.0.0.1:" + server.port();
            for (int i = 0; i < CASES; i++) {
                String spec = mutate(target);
                String helo = mutate("client.example.com");
                String from = mutate("sender@example.org");
                String to = mutate("rcpt@example.org");
                String timeout = mutate(random.nextBoolean() ? "10s" : "500ms");
                String replay = "#" + i + " " + List.of(spec, helo, from, to, timeout).stream().map(Printable::escape).toList() + ": ";
                int before = server.connectionCount();
                CheckRequest request;
                try {
                    Duration d = Durations.parse("timeout", timeout, Duration.ofSeconds(10));
                    request = CheckRequest.builder(null).target(Target.parse(spec)).heloName(helo).mailFrom(from).recipient(to)
                            .limits(Limits.DEFAULT.withTimeouts(d, d, d)).stopAfter(Stage.CONNECT).build();
                } catch (InvalidRequestException e) {
                    refused++;
                    if (Printable.firstUnsafe(e.getMessage()) >= 0) {
                        failures.add(replay + "raw control character in the message " + Printable.escape(e.getMessage()));
                    }
                    if (server.connectionCount() != before) {
                        failures.add(replay + "refused input connected");
                    }
                    continue;
                } catch (RuntimeException e) {
                    failures.add(replay + "not an InvalidRequestException: " + e);
                    continue;
                }
                accepted++;
                checkGrammar(replay, request, timeout);
                // Only the unmutated target is ours to connect to; any other accepted one could reach a real host.
                if (spec.equals(target)) {
                    SmtpSession.check(request);
                    ran++;
                    // The server counts a connection on its own thread: wait (bounded) until it has seen this one end.
                    server.awaitSessions(ran, Duration.ofSeconds(10));
                    if (server.connectionCount() != before + 1) {
                        failures.add(replay + "an accepted check did not connect exactly once");
                    }
                }
            }
            System.out.printf("input fuzz: seed %d, %d inputs, %d refused, %d accepted (%d of them run), %d failures%n", SEED, CASES, refused,
                    accepted, ran, failures.size());
            assertThat(failures).as("input fuzz failures; replay with -Dsmtpcheck.fuzz.seed=" + SEED).isEmpty();
            assertThat(server.connectionCount()).isEqualTo(ran);
            assertThat(refused).isPositive();
            assertThat(ran).isPositive();
        }
    }

    /** The grammar of an accepted request, written apart from the validation under test. */
    private void checkGrammar(String replay, CheckRequest r, String timeout) {
        if (!ASCII_HELO.matcher(r.heloName()).matches() || r.heloName().split("\\.").length == 0
                || java.util.Arrays.stream(r.heloName().split("\\.")).anyMatch(l -> l.length() > 63 || l.startsWith("-") || l.endsWith("-"))) {
            failures.add(replay + "accepted HELO " + Printable.escape(r.heloName()));
        }
        List<String> boxes = new ArrayList<>(r.recipients());
        if (!r.mailFrom().isEmpty()) {
            boxes.add(r.mailFrom());
        }
        for (String box : boxes) {
            int at = box.startsWith("\"") ? box.indexOf("\"@", 1) + 1 : box.indexOf('@');
            boolean ok = at > 0 && box.indexOf('@', at + 1) < 0 && Printable.firstUnsafe(box) < 0 && box.indexOf('\ufffd') < 0
                    && box.substring(0, at).getBytes(StandardCharsets.UTF_8).length <= 64
                    && box.substring(at + 1).chars().allMatch(c -> c < 0x80) && box.substring(at + 1).length() <= 255
                    && (box.startsWith("\"") || box.substring(0, at).chars().noneMatch(Character::isWhitespace));
            if (!ok && !box.equalsIgnoreCase("postmaster")) {
                failures.add(replay + "accepted mailbox " + Printable.escape(box));
            }
        }
        if (r.port() < 1 || r.port() > 65535) {
            failures.add(replay + "accepted port " + r.port());
        }
        if (r.limits().deadline().compareTo(Duration.ofHours(24)) > 0 || !timeout.strip().chars().allMatch(c -> c < 0x80)) {
            failures.add(replay + "accepted timeout " + Printable.escape(timeout));
        }
    }

    /** Half the values stay as they are, so both verdicts occur; the rest get one to three mutations. */
    private String mutate(String value) {
        return random.nextBoolean() ? value : mutator.mutate(value);
    }
}
