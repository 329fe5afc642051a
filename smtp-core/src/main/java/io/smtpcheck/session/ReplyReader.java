package io.smtpcheck.session;

import io.smtpcheck.classify.LimitExceededException;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.Limits;
import org.apache.commons.net.MalformedServerReplyException;

import java.io.IOException;
import java.util.Arrays;

/**
 * The reply Commons Net last read, as the session judges it: a code from 100 to 599, within the limits, and with any
 * secret the server echoed masked as in the transcript.
 */
final class ReplyReader {

    private final ProbeClient client;
    private final Limits limits;
    private final TranscriptRecorder transcript;

    ReplyReader(ProbeClient client, Limits limits, TranscriptRecorder transcript) {
        this.client = client;
        this.limits = limits;
        this.transcript = transcript;
    }

    Reply last() throws IOException {
        String[] lines = client.getReplyStrings();
        Reply reply = toReply(client.getReplyCode(), lines, transcript);
        if (reply == null) {
            throw new MalformedServerReplyException("Server Reply: " + String.join(" ", lines));
        }
        if (lines.length > limits.maxReplyLines()) {
            throw new LimitExceededException(LimitExceededException.Limit.REPLY_LINES, limits.maxReplyLines());
        }
        for (String line : lines) {
            if (line.length() > limits.maxLineLength()) {
                throw new LimitExceededException(LimitExceededException.Limit.LINE_LENGTH, limits.maxLineLength());
            }
        }
        return reply;
    }

    /** The reply as the result keeps it, or null when the code is not an SMTP reply code. */
    static Reply toReply(int code, String[] lines, TranscriptRecorder transcript) {
        return code < 100 || code > 599 || lines.length == 0 ? null
                : new Reply(code, Arrays.stream(lines).map(transcript::scrub).toList());
    }
}
