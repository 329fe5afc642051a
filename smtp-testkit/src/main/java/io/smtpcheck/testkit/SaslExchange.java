package io.smtpcheck.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of one {@code AUTH} command (RFC 4954): PLAIN, LOGIN, CRAM-MD5 and XOAUTH2, checked against a
 * single configured account. XOAUTH2 takes the account's password as the bearer token.
 */
final class SaslExchange {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String XOAUTH2_ERROR = Base64.getEncoder().encodeToString(
            "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://mail.google.com/\"}"
                    .getBytes(StandardCharsets.US_ASCII));

    /** Thrown inside an exchange to end it with a reply other than 535. */
    private static final class Abort extends Exception {
        private final String reply;

        Abort(String reply) {
            super(reply, null, false, false);
            this.reply = reply;
        }
    }

    private final SmtpConnection connection;
    private final String hostname;
    private final String user;
    private final String password;
    private final boolean alreadyAuthenticated;

    SaslExchange(SmtpConnection connection, String hostname, String user, String password,
                 boolean alreadyAuthenticated) {
        this.connection = connection;
        this.hostname = hostname;
        this.user = user;
        this.password = password;
        this.alreadyAuthenticated = alreadyAuthenticated;
    }

    /** Runs the exchange for the AUTH command line; returns whether the conversation goes on. */
    boolean run(String command) throws IOException, InterruptedException {
        if (user == null) {
            return reply("503 5.5.1 Error: authentication not enabled");
        }
        if (alreadyAuthenticated) {
            return reply("503 5.5.1 Error: already authenticated");
        }
        String[] words = command.trim().split(" +");
        if (words.length < 2 || words.length > 3) {
            return reply("501 5.5.4 Syntax: AUTH mechanism [initial-response]");
        }
        String initial = words.length == 3 ? words[2] : null;
        try {
            boolean ok;
            switch (words[1].toUpperCase(Locale.ROOT)) {
                case "PLAIN":
                    ok = plain(initial);
                    break;
                case "LOGIN":
                    ok = login(initial);
                    break;
                case "CRAM-MD5":
                    if (initial != null) {
                        return reply("501 5.5.4 CRAM-MD5 takes no initial response");
                    }
                    ok = cramMd5();
                    break;
                case "XOAUTH2":
                    ok = xoauth2(initial);
                    break;
                default:
                    return reply("504 5.5.4 Unrecognized authentication type");
            }
            if (ok) {
                connection.authenticated(user);
                return reply("235 2.7.0 Authentication successful");
            }
            return reply("535 5.7.8 Error: authentication failed: authentication credentials invalid");
        } catch (Abort abort) {
            return abort.reply == null ? false : reply(abort.reply);
        }
    }

    private boolean plain(String initial) throws IOException, InterruptedException, Abort {
        // authzid NUL authcid NUL passwd
        String[] parts = text(initial != null ? initial : challenge("")).split("\0", -1);
        return parts.length == 3 && parts[1].equals(user) && parts[2].equals(password);
    }

    private boolean login(String initial) throws IOException, InterruptedException, Abort {
        String name = text(initial != null ? initial : challenge("VXNlcm5hbWU6")); // "Username:"
        String secret = text(challenge("UGFzc3dvcmQ6")); // "Password:"
        return name.equals(user) && secret.equals(password);
    }

    private boolean cramMd5() throws IOException, InterruptedException, Abort {
        String nonce = "<" + Long.toUnsignedString(RANDOM.nextLong()) + "." + System.currentTimeMillis() + "@"
                + hostname + ">";
        String response = text(challenge(encode(nonce)));
        int space = response.lastIndexOf(' ');
        if (space < 0) {
            return false;
        }
        byte[] expected = hmacMd5Hex(nonce).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = response.substring(space + 1).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return response.substring(0, space).equals(user) && MessageDigest.isEqual(expected, actual);
    }

    private boolean xoauth2(String initial) throws IOException, InterruptedException, Abort {
        // "user=" user ^A "auth=Bearer " token ^A ^A
        String name = null;
        String token = null;
        for (String field : text(initial != null ? initial : challenge("")).split("\u0001")) {
            if (field.startsWith("user=")) {
                name = field.substring(5);
            } else if (field.regionMatches(true, 0, "auth=Bearer ", 0, 12)) {
                token = field.substring(12);
            }
        }
        if (user.equals(name) && password.equals(token)) {
            return true;
        }
        // As Gmail does: an error challenge, which the client acknowledges with an empty line, then 535.
        challenge(XOAUTH2_ERROR);
        return false;
    }

    /** Sends a 334 challenge and returns the client's response line; {@code *} cancels, end of stream aborts. */
    private String challenge(String base64) throws IOException, InterruptedException, Abort {
        connection.perform(Action.reply("334 " + base64));
        String line = connection.readLine();
        if (line == null) {
            throw new Abort(null);
        }
        connection.heard(line, false);
        if (line.equals("*")) {
            throw new Abort("501 5.7.0 Authentication aborted");
        }
        return line;
    }

    private static String text(String base64) throws Abort {
        if (base64.equals("=")) { // RFC 4954: an empty initial response
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Abort("501 5.5.2 Cannot decode response");
        }
    }

    private String hmacMd5Hex(String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            return HexFormat.of().formatHex(mac.doFinal(nonce.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 unavailable", e);
        }
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private boolean reply(String line) throws IOException, InterruptedException {
        return connection.perform(Action.reply(line));
    }
}
