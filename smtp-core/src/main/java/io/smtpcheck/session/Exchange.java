package io.smtpcheck.session;

import io.smtpcheck.classify.Classifier;
import io.smtpcheck.classify.Outcome;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.EhloName;
import io.smtpcheck.text.Texts;
import io.smtpcheck.tls.ChainEvaluator;
import io.smtpcheck.tls.PeerChainRecorder;
import io.smtpcheck.tls.TlsResult;

import java.io.IOException;
import java.time.Instant;

/** The state one check shares between its stages: the request, the client, the transcript, the clock and the findings. */
final class Exchange {

    private final CheckRequest request;
    private final Classifier classifier;
    private final Instant startedAt = Instant.now();
    private final TranscriptRecorder transcript = new TranscriptRecorder();
    private final PeerChainRecorder peerChain = new PeerChainRecorder();
    private final StageClock clock = new StageClock();
    private final Findings found = new Findings();
    private final Deadline deadline;
    private final GuardedSocketFactory sockets;
    private ProbeClient client;
    private ReplyReader replies;
    private TestMessage message;
    private String ehloName;
    private ChainEvaluator evaluator;

    Exchange(CheckRequest request, Classifier classifier) {
        this.request = request;
        this.classifier = classifier;
        this.deadline = new Deadline(request.limits().deadline());
        this.sockets = new GuardedSocketFactory(request.limits(), deadline);
        if (request.credentials() != null) {
            transcript.secret(request.credentials().username(), request.credentials().secret());
        }
    }

    CheckRequest request() {
        return request;
    }

    Classifier classifier() {
        return classifier;
    }

    /** The words of the transcript notes and expectations, in the request's language. */
    Texts texts() {
        return Texts.of(request.locale());
    }

    TranscriptRecorder transcript() {
        return transcript;
    }

    PeerChainRecorder peerChain() {
        return peerChain;
    }

    StageClock clock() {
        return clock;
    }

    Findings found() {
        return found;
    }

    Deadline deadline() {
        return deadline;
    }

    GuardedSocketFactory sockets() {
        return sockets;
    }

    /** The SMTP client, or null before the connect stage made one (and in a port-only check). */
    ProbeClient client() {
        return client;
    }

    void client(ProbeClient connecting) {
        client = connecting;
        connecting.mask(transcript.mask());
        replies = new ReplyReader(connecting, transcript);
    }

    /** The message DATA sends, the same one whose size MAIL FROM declares. */
    TestMessage message() {
        if (message == null) {
            message = TestMessage.of(request, ehloName());
        }
        return message;
    }

    /**
     * The EHLO argument, the same before and after STARTTLS: the request's, else the default of {@link EhloName}, which
     * needs the connection's local address and so is chosen here, once connected.
     */
    String ehloName() {
        if (ehloName == null) {
            ehloName = request.heloName() != null ? request.heloName() : EhloName.forConnection(client.getLocalAddress());
        }
        return ehloName;
    }

    /** The trust anchors the presented chain is judged against; read only when a session gets a handshake done. */
    ChainEvaluator evaluator() {
        if (evaluator == null) {
            evaluator = ChainEvaluator.of(request.tls().trustFile(), request.tls().trustedCertificates());
        }
        return evaluator;
    }

    Reply lastReply() throws IOException {
        return replies.last();
    }

    /** Ends the check at the current stage unless the reply is 2xx. */
    void requirePositive(Reply reply) throws Stop {
        if (reply.codeClass() != 2) {
            throw refused(reply);
        }
    }

    /** The reply that ends the check at the current stage. */
    Stop refused(Reply reply) {
        return new Stop(classifier.reply(clock.current(), reply, request));
    }

    CheckResult result(Outcome outcome) {
        TlsResult tls = found.tls() == null && found.tlsFallback() == null ? null
                : new TlsResult(request.tlsPolicy().level(), request.tlsPolicy().transport(), found.tls(), found.tlsLogLine(), found.tlsFallback());
        return new CheckResult(request.address(), found.address(), request.stopAfter(), request.plannedStages(), outcome, found.warnings(),
                clock.timings(), found.capabilities().lines(), tls, found.recipients(), transcript.transcript(), startedAt, transcript.elapsedMillis(), request.locale());
    }
}
