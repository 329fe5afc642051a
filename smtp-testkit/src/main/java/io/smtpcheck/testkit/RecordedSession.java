package io.smtpcheck.testkit;

import java.util.List;
import java.util.Optional;

/**
 * What happened on one connection to a {@link ScriptedSmtpServer}, as a snapshot.
 *
 * @param number            1-based connection number, in accept order
 * @param commands          the command lines the client sent (not DATA body lines, not SASL responses)
 * @param lines             every line the client sent on this connection, CRLF stripped
 * @param messages          the message bodies received via DATA, dot-unstuffed, lines joined with CRLF
 * @param tls               whether the connection ran TLS (implicit, or upgraded by STARTTLS)
 * @param sniHostname       the server name the client asked for in its TLS handshake, if any
 * @param authenticatedUser the user that authenticated successfully, if any
 * @param bytesWritten      bytes the server wrote on this connection (before TLS encryption)
 * @param finished          whether the connection has ended
 */
public record RecordedSession(int number, List<String> commands, List<String> lines, List<String> messages,
                              boolean tls, Optional<String> sniHostname, Optional<String> authenticatedUser,
                              long bytesWritten, boolean finished) {

    /** Copies the lists so a snapshot never changes. */
    public RecordedSession {
        commands = List.copyOf(commands);
        lines = List.copyOf(lines);
        messages = List.copyOf(messages);
    }
}
