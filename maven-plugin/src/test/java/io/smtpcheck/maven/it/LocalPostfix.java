package io.smtpcheck.maven.it;

import io.smtpcheck.option.CheckOptions;
import io.smtpcheck.option.Option;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Target;
import io.smtpcheck.session.SmtpSession;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * For the selector scripts of the invoker ITs that need the loopback Postfix of {@code .ci/postfix-setup.sh}:
 * without it such an IT is skipped with the command that starts it, and under CI=true the build fails instead,
 * so CI cannot pass without running them (as smtp-core's PostfixIT does).
 */
public final class LocalPostfix {

    private LocalPostfix() {
    }

    /** True when Postfix answers on 127.0.0.1:25; false (skip) with a message otherwise; throws under CI=true. */
    public static boolean requiredBy(String it) {
        String banner = banner();
        if (banner != null && banner.contains("Postfix")) {
            return true;
        }
        String why = "no Postfix answers on 127.0.0.1:25" + (banner == null ? "" : " (it said: " + banner + ")")
                + ". Start it with: sudo .ci/postfix-setup.sh";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("IT " + it + ": " + why + " - CI must run this IT, so this is a failure, not a skip.");
        }
        String line = "[smtp-check] Maven plugin IT " + it + " SKIPPED: " + why;
        System.err.println(line);
        // Invoker sends a script's System.err to the IT's build.log; the reason of a skip belongs on the console too.
        // Not closed: that would close the process's stderr.
        PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        console.println(line);
        return false;
    }

    /** Asked with the check itself: a banner-only session, as a mail administrator's first look. */
    private static String banner() {
        CheckRequest request = CheckOptions.of(Map.of(Option.TLS_LEVEL, "none", Option.STOP_AFTER, "banner", Option.CONNECT_TIMEOUT, "2s",
                Option.TIMEOUT, "5s")).requests(null, null).apply(new Target("127.0.0.1", 25, false));
        Reply reply = SmtpSession.check(request).outcome().reply();
        return reply == null ? null : reply.raw();
    }
}
