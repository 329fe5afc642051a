package io.smtpcheck.session;

import io.smtpcheck.classify.DiagnosisIds;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.AuthMechanism;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Credentials;
import io.smtpcheck.request.Stage;
import io.smtpcheck.tls.TlsDecisions;
import io.smtpcheck.tls.TlsReport;
import io.smtpcheck.tls.TlsStep;
import org.apache.commons.net.MalformedServerReplyException;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * AUTH with the request's credentials, by the mechanism asked for or the first common one; the secret stays masked.
 * Credentials go only over Verified TLS, or with an explicit opt-in over TLS that is not, or without TLS.
 */
final class Authenticate implements Step {

    private static final List<AuthMechanism> AUTO_MECHANISMS = List.of(AuthMechanism.PLAIN, AuthMechanism.LOGIN, AuthMechanism.CRAM_MD5);

    @Override
    public boolean wanted(CheckRequest request) {
        return request.credentials() != null && !Stage.AUTH.isAfter(request.stopAfter());
    }

    @Override
    public Reply run(Exchange x, Reply previous) throws IOException, Stop {
        CheckRequest request = x.request();
        Credentials credentials = request.credentials();
        TlsReport tls = x.found().tls();
        if (TlsDecisions.beforeAuth(tls, request.auth()) instanceof TlsStep.Stop stop) {
            // Before any AUTH command: the credentials rule holds whatever the level.
            throw new Stop(x.classifier().tlsFailure(tls == null ? Stage.AUTH : Stage.TLS, stop.problem(), null, request));
        }
        x.clock().begin(Stage.AUTH);
        Set<String> offered = x.found().capabilities().authMechanisms();
        if (offered.isEmpty()) {
            throw new Stop(x.classifier().expectation(Stage.AUTH, "AUTH advertised", "no AUTH in EHLO", null, request, DiagnosisIds.Auth.NOT_OFFERED));
        }
        AuthMechanism mechanism = credentials.mechanism() != null
                ? (offered.contains(credentials.mechanism().saslName()) ? credentials.mechanism() : null)
                : AUTO_MECHANISMS.stream().filter(m -> offered.contains(m.saslName())).findFirst().orElse(null);
        if (mechanism == null) {
            throw new Stop(x.classifier().expectation(Stage.AUTH, "a common AUTH mechanism", String.join(" ", offered), null, request,
                    DiagnosisIds.Auth.NO_COMMON_MECHANISM, String.join(" ", offered)));
        }
        x.transcript().maskClientArguments(true);
        boolean accepted;
        try {
            accepted = mechanism == AuthMechanism.XOAUTH2 ? xoauth2(x.client(), credentials) : saslByCommonsNet(x.client(), mechanism, credentials);
        } finally {
            x.transcript().maskClientArguments(false);
        }
        Reply reply = x.lastReply();
        x.clock().completed(Stage.AUTH);
        if (!accepted) {
            throw x.refused(reply);
        }
        return reply;
    }

    private static boolean saslByCommonsNet(ProbeClient client, AuthMechanism mechanism, Credentials credentials) throws IOException {
        try {
            return client.auth(AuthenticatingSMTPClient.AUTH_METHOD.valueOf(mechanism.name()), credentials.username(), credentials.secret());
        } catch (GeneralSecurityException e) {
            throw new IOException("the JVM cannot compute " + mechanism.saslName() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // Commons Net decodes the CRAM-MD5 challenge with Base64.getDecoder(), which throws this for a challenge that is not base64.
            if (mechanism == AuthMechanism.CRAM_MD5 && client.getReplyCode() == 334) {
                throw new MalformedServerReplyException("CRAM-MD5 challenge is not base64: " + client.getReplyString().strip());
            }
            throw e;
        }
    }

    /**
     * XOAUTH2 as Gmail and Outlook speak it: the whole {@code user=...^Aauth=Bearer ...^A^A} string as the initial
     * response. Commons Net would send only the user name and count the server's 334 error challenge as success.
     * A failed token gets a 334 error challenge first, which the client acknowledges with an empty line.
     */
    private static boolean xoauth2(ProbeClient client, Credentials credentials) throws IOException {
        String response = Base64.getEncoder().encodeToString(("user=" + credentials.username() + "\u0001auth=Bearer "
                + credentials.secret() + "\u0001\u0001").getBytes(StandardCharsets.UTF_8));
        int code = client.sendCommand("AUTH", AuthMechanism.XOAUTH2.saslName() + " " + response);
        if (code == 334) {
            code = client.sendCommand("");
        }
        return code / 100 == 2;
    }
}
