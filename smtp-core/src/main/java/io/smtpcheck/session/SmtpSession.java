package io.smtpcheck.session;

import io.smtpcheck.catalog.DiagnosisCatalog;
import io.smtpcheck.classify.Classifier;
import io.smtpcheck.classify.Outcome;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;

import java.io.IOException;
import java.util.List;

/**
 * The staged exchange, in the order an administrator types it into telnet (see {@link #STAGES}); QUIT closes every
 * session that got that far. Each stage either lets the next one start or ends the check with an {@link Outcome}:
 * whatever the server or the network does is classified, and only that. Any other exception is a fault of
 * smtp-check and ends the check as an {@link InternalCheckError}, never as a verdict. Immutable; one serves many checks.
 */
public final class SmtpSession {

    /** The stages of every check, in order; each decides by {@link Step#wanted} whether this check goes through it. */
    static final List<Step> STAGES = List.of(
            new Connect(),            // telnet host 25 ... Connected (and, for implicit TLS, the handshake)
            new Banner(),             // 220 mail.example.com ESMTP
            new Greeting(),           // EHLO, or HELO
            new StartTls(),           // STARTTLS, then EHLO again
            new ServerExpectations(), // the EHLO keywords and certificate days the request expects
            new Authenticate(),       // AUTH
            new MailFrom(),           // MAIL FROM:<...>
            new RcptTo(),             // RCPT TO:<...>, every recipient
            new Data());              // DATA, the test message, "."

    /**
     * What {@link #check(CheckRequest)} runs: the stages above and the shipped catalog. Package-private and replaceable
     * only so that a test can put a faulty stage into the front ends (which check through it) and see an internal error.
     */
    static volatile SmtpSession standard = new SmtpSession(new Classifier(DiagnosisCatalog.standard()), STAGES);

    private final Classifier classifier;
    private final List<Step> stages;

    public SmtpSession(Classifier classifier) {
        this(classifier, STAGES);
    }

    SmtpSession(Classifier classifier, List<Step> stages) {
        this.classifier = classifier;
        this.stages = List.copyOf(stages);
    }

    /** The session with the standard stages and the shipped catalog. */
    public static SmtpSession standard() {
        return standard;
    }

    /** Runs the check with the standard session; see {@link #run(CheckRequest)}. */
    public static CheckResult check(CheckRequest request) {
        return standard.run(request);
    }

    public Classifier classifier() {
        return classifier;
    }

    /**
     * Runs the check. Returns a classified result for anything the server or network does.
     *
     * @throws InternalCheckError when smtp-check itself fails: then there is no verdict to return
     */
    public CheckResult run(CheckRequest request) {
        Exchange x = new Exchange(request, classifier);
        try {
            return run(x);
        } catch (RuntimeException e) {
            Quit.disconnect(x);
            throw new InternalCheckError(request.address(), x.clock().current(), e, x.transcript()::scrub);
        }
    }

    private CheckResult run(Exchange x) {
        Outcome outcome;
        boolean conversational = true;
        try {
            outcome = through(x);
        } catch (Stop stop) {
            outcome = stop.outcome();
        } catch (IOException e) {
            // Commons Net, the JDK's sockets and TLS, and our own guards (deadline, limits) all report the server's doing so.
            outcome = WireFailure.outcome(x, e);
            // After an I/O error the stream is in an unknown state: close without QUIT.
            conversational = false;
        }
        x.clock().ended(outcome.stage());
        Quit.close(x, outcome, conversational);
        return x.result(outcome);
    }

    private Outcome through(Exchange x) throws IOException, Stop {
        Reply reply = null;
        for (Step stage : stages) {
            if (stage.wanted(x.request())) {
                reply = stage.run(x, reply);
            }
        }
        return classifier.passed(x.clock().lastCompleted(x.request().stopAfter()), reply, x.request());
    }
}
