package io.smtpcheck.cli;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DemoAndServeTest {

    @Test
    void demoReplaysTheSeedSessionsWithTheirVerdicts() {
        Cli cli = Cli.run("demo");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains(
                "<- 220 my_esa.local ESMTP", "<- 250 ok: Message 214 accepted", "PASS ",
                "421 #4.4.5 Too many connections from your host  [enhanced 4.4.5, ESA #4.4.5]",
                "452 #4.5.3 Too many recipients",
                "530 #5.7.0 Must issue a STARTTLS command first",
                "demo: 4 scenarios, 4 as expected");
    }

    @Test
    void serveRehearsesAScriptedFailureForARealCheck() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CompletableFuture<Cli> serve = CompletableFuture.supplyAsync(() -> Cli.run("serve", "--port", Integer.toString(port),
                "--on", "RCPT=452 #4.5.3 Too many recipients", "--sessions", "1"));
        Cli check = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            check = Cli.run("127.0.0.1:" + port, "--to", "user@other.com", "--no-transcript");
            if (!check.out().contains("REFUSED")) {
                break;
            }
            Thread.sleep(100);
        }

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).contains("452 #4.5.3 Too many recipients");
        Cli served = serve.get(10, TimeUnit.SECONDS);
        assertThat(served.exitCode()).isZero();
        assertThat(served.out()).contains("listening on 127.0.0.1:" + port, "RCPT TO:<user@other.com>");
    }

    @Test
    void serveRefusesNonLoopbackAddressesAndBadScripts() {
        assertThat(Cli.run("serve", "--bind", "0.0.0.0").exitCode()).isEqualTo(3);
        Cli bad = Cli.run("serve", "--on", "RCPT");
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.err()).contains("VERB=ACTION");
    }
}
