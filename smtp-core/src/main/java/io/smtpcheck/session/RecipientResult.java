package io.smtpcheck.session;

import io.smtpcheck.reply.Reply;

import java.io.Serializable;

/** The server's answer to one RCPT TO. */
public record RecipientResult(String address, Reply reply) implements Serializable {

    public boolean accepted() {
        return reply.codeClass() == 2;
    }
}
