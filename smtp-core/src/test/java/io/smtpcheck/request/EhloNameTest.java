package io.smtpcheck.request;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The default EHLO name, chosen from injected machine names and local addresses. */
class EhloNameTest {

    private static final InetAddress V4 = address("127.0.0.1");
    private static final InetAddress V6 = address("::1");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theFullyQualifiedNameWinsOverTheShortOne() {
        assertThat(EhloName.choose(List.of("vm", "vm.example.net"), V4)).isEqualTo("vm.example.net");
        assertThat(EhloName.choose(List.of("mx-client.example.net", "mx-client"), V6)).isEqualTo("mx-client.example.net");
    }

    @Test
    void aShortNameAloneGivesTheLiteralOfTheLocalAddress() {
        assertThat(EhloName.choose(List.of("vm", "vm"), V4)).isEqualTo("[127.0.0.1]");
        assertThat(EhloName.choose(List.of("vm"), V6)).isEqualTo("[IPv6:::1]");
        assertThat(EhloName.choose(List.of(), V4)).as("no name at all (getLocalHost failed)").isEqualTo("[127.0.0.1]");
    }

    @Test
    void localhostAnAddressAsTextAndAnInvalidNameAreNotNames() {
        assertThat(EhloName.choose(List.of("localhost", "LOCALHOST.localdomain", "127.0.1.1", "bad_name.example", "vm"), V4))
                .isEqualTo("[127.0.0.1]");
    }

    @ParameterizedTest
    @CsvSource({
            "192.0.2.25,                [192.0.2.25]",
            "::1,                       [IPv6:::1]",
            "::,                        [IPv6:::]",
            "2001:db8:0:0:1:0:0:1,      [IPv6:2001:db8::1:0:0:1]",
            "2001:db8::,                [IPv6:2001:db8::]",
            "2001:db8:1:2:3:4:5:6,      [IPv6:2001:db8:1:2:3:4:5:6]",
            "1:0:2:0:3:0:4:0,           [IPv6:1:0:2:0:3:0:4:0]",
            "fe80::1%1,                 [IPv6:fe80::1]"})
    void theLiteralIsRfc5321sWithTheShortestIpv6Form(String address, String literal) {
        String written = EhloName.literal(address(address));
        assertThat(written).isEqualTo(literal);
        assertThat(Validation.isAddressLiteral(written)).as("a valid RFC 5321 address literal").isTrue();
        assertThat(Validation.helo(written)).as("accepted as an explicit --helo too").isEqualTo(written);
    }

    @Test
    void withoutAnExplicitNameTheRequestLeavesTheChoiceToTheSession() {
        assertThat(CheckRequest.builder("mail.example.com").build().heloName()).isNull();
        assertThat(CheckRequest.builder("mail.example.com").heloName("  ").build().heloName()).isNull();
        assertThat(CheckRequest.builder("mail.example.com").heloName("vm").build().heloName()).as("the user's own choice, kept").isEqualTo("vm");
    }
}
