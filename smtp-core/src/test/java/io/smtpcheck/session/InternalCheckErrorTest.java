package io.smtpcheck.session;

import io.smtpcheck.catalog.DiagnosisCatalog;
import io.smtpcheck.classify.Classifier;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Credentials;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.Target;
import io.smtpcheck.run.CheckRunner;
import io.smtpcheck.testkit.RecordedSession;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bug of smtp-check inside a stage ends the check as an internal error: never an outcome, never a verdict. */
class InternalCheckErrorTest {

    @RegisterExtension
    final StartedServers servers = new StartedServers();

    /** The standard stages, with one after {@code after} that fails. */
    static List<Step> faultAfter(Class<? extends Step> after) {
        List<Step> stages = new ArrayList<>();
        for (Step stage : SmtpSession.STAGES) {
            stages.add(stage);
            if (after.isInstance(stage)) {
                stages.add(failing(new NullPointerException("injected fault\nafter " + after.getSimpleName())));
            }
        }
        assertThat(stages).hasSize(SmtpSession.STAGES.size() + 1);
        return stages;
    }

    /** A stage that fails as a bug of ours would. */
    private static Step failing(RuntimeException fault) {
        return new Step() {
            @Override
            public boolean wanted(CheckRequest request) {
                return true;
            }

            @Override
            public Reply run(Exchange x, Reply previous) {
                throw fault;
            }
        };
    }

    private static CheckRequest request(ScriptedSmtpServer server) {
        return Fixtures.against(server).recipient("alice@example.test").build();
    }

    @Test
    void aFaultInAStageIsThrownWithTargetAndStageNotClassified() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder());
        SmtpSession faulty = new SmtpSession(new Classifier(DiagnosisCatalog.standard()), faultAfter(Greeting.class));

        assertThatThrownBy(() -> faulty.run(request(server)))
                .isInstanceOfSatisfying(InternalCheckError.class, e -> {
                    assertThat(e.target()).isEqualTo("127.0.0.1:" + server.port());
                    assertThat(e.stage()).isEqualTo(Stage.EHLO);
                    assertThat(e.getCause()).isInstanceOf(NullPointerException.class);
                    assertThat(e.getMessage()).as("one line")
                            .isEqualTo("checking 127.0.0.1:" + server.port() + " at EHLO/HELO: java.lang.NullPointerException: injected fault after Greeting");
                });
        // The connection is closed all the same, without going on to MAIL FROM.
        RecordedSession seen = server.awaitSessions(1, Duration.ofSeconds(5)).get(0);
        assertThat(seen.commands()).noneMatch(c -> c.startsWith("MAIL"));
    }

    @Test
    void theMessageOfAFaultShowsNeitherTheSecretNorARawControlCharacter() {
        ScriptedSmtpServer server = servers.start(ScriptedSmtpServer.builder());
        List<Step> stages = new ArrayList<>(SmtpSession.STAGES.subList(0, 3));
        // As a parser of ours might quote a server's line that echoed the password.
        stages.add(failing(new IllegalStateException("cannot read '\u001b[2J" + "Tr0ub4dor&3-xyzzy" + "\u009b'")));
        SmtpSession faulty = new SmtpSession(new Classifier(DiagnosisCatalog.standard()), stages);
        CheckRequest request = Fixtures.against(server).allowPlaintextAuth(true)
                .credentials(new Credentials("alice", "Tr0ub4dor&3-xyzzy", null)).build();

        assertThatThrownBy(() -> faulty.run(request)).isInstanceOfSatisfying(InternalCheckError.class, e -> assertThat(e.getMessage())
                .contains("cannot read '\\x1b[2J********\\x9b'").doesNotContain("Tr0ub4dor", "\u001b", "\u009b"));
    }

    @Test
    void theRunnerPassesTheInternalErrorOnAsItIsWhenChecksRunInParallel() {
        ScriptedSmtpServer a = servers.start(ScriptedSmtpServer.builder());
        ScriptedSmtpServer b = servers.start(ScriptedSmtpServer.builder());
        SmtpSession saved = SmtpSession.standard;
        SmtpSession.standard = new SmtpSession(saved.classifier(), faultAfter(MailFrom.class));
        try {
            List<Target> targets = List.of(new Target(a.host(), a.port(), false), new Target(b.host(), b.port(), false));
            CheckRunner runner = new CheckRunner(domain -> List.of(), 2);

            assertThatThrownBy(() -> runner.run(targets, t -> Fixtures.against(t).recipient("alice@example.test").build()))
                    .isInstanceOfSatisfying(InternalCheckError.class, e -> assertThat(e.stage()).isEqualTo(Stage.MAIL));
        } finally {
            SmtpSession.standard = saved;
        }
    }
}
