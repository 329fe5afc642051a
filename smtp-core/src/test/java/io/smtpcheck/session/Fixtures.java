package io.smtpcheck.session;

import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Limits;
import io.smtpcheck.request.Target;
import io.smtpcheck.testkit.ScriptedSmtpServer;

import java.time.Duration;

/** The request every test that checks a testkit listener starts from. */
public final class Fixtures {

    /** Loopback answers at once: 2 s to connect, 3 s a reply, 10 s in all keep a failing test short. */
    public static final Limits FAST = Limits.DEFAULT.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(10));

    private Fixtures() {
    }

    /** A request to the listener as client.smtpcheck.test, from test@test.com, with {@link #FAST} limits. */
    public static CheckRequest.Builder against(ScriptedSmtpServer server) {
        return against(new Target(server.host(), server.port(), false));
    }

    public static CheckRequest.Builder against(Target target) {
        return CheckRequest.builder(target.host()).port(target.port()).heloName("client.smtpcheck.test").mailFrom("test@test.com").limits(FAST);
    }
}
