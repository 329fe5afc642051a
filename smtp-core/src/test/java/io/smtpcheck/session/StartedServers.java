package io.smtpcheck.session;

import io.smtpcheck.testkit.ScriptedSmtpServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/** Starts testkit listeners for one test and closes them all after it, whatever the test did. */
final class StartedServers implements AfterEachCallback {

    private final List<ScriptedSmtpServer> servers = new ArrayList<>();

    ScriptedSmtpServer start(ScriptedSmtpServer.Builder builder) {
        ScriptedSmtpServer server = builder.start();
        servers.add(server);
        return server;
    }

    /** Closes every listener started so far, for a test that measures what remains after them. */
    void closeAll() {
        servers.forEach(ScriptedSmtpServer::close);
        servers.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeAll();
    }
}
