package io.smtpcheck.session;

import io.smtpcheck.classify.DiagnosisIds;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;

import java.io.IOException;
import java.util.regex.Pattern;

/** The 220 greeting, which Commons Net read on connecting: it must be positive and match the expected pattern. */
final class Banner implements Step {

    @Override
    public boolean wanted(CheckRequest request) {
        return !Stage.BANNER.isAfter(request.stopAfter());
    }

    @Override
    public Reply run(Exchange x, Reply previous) throws IOException, Stop {
        Reply banner = x.lastReply();
        x.clock().completed(Stage.BANNER);
        x.requirePositive(banner);
        Pattern expected = x.request().expectations().bannerPattern();
        if (expected != null && !expected.matcher(banner.raw()).find()) {
            throw new Stop(x.classifier().expectation(Stage.BANNER, x.texts().get("expect.banner", expected.pattern()), banner.raw(), banner, x.request(),
                    DiagnosisIds.Expect.BANNER, expected.pattern(), banner.raw()));
        }
        return banner;
    }
}
