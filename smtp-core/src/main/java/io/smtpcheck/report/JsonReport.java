package io.smtpcheck.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smtpcheck.classify.Outcome;
import io.smtpcheck.classify.Verdict;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.RecipientResult;
import io.smtpcheck.session.StageTiming;
import io.smtpcheck.session.Transcript;
import io.smtpcheck.classify.Warning;
import io.smtpcheck.tls.CertificateInfo;
import io.smtpcheck.tls.TlsReport;
import io.smtpcheck.tls.TlsResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * The machine report. The schema is written out field by field rather than derived from the Java types,
 * so it stays stable for scripts when the code changes: see docs/reports.md.
 */
public final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Writes a result as an element of the {@code results} array, indented as the document around it. */
    private static final ObjectWriter ELEMENT = MAPPER.writer(new InResults());

    private JsonReport() {
    }

    public static String render(List<CheckResult> results) {
        return InTargetOrder.render(results, JsonReport::writer);
    }

    /**
     * The report written as results come: {@code tool}, then each element of {@code results} as soon as the results
     * before it are written, then the run's {@code verdict}, which only the last result can settle.
     */
    public static ReportWriter writer(Writer out) {
        return new InTargetOrder<>(new Document(out));
    }

    /** A result as its JSON text, and its verdict for the run's. */
    private record Element(String json, Verdict verdict) {
    }

    private static final class Document implements InTargetOrder.Format<Element> {
        private final Writer out;
        private JsonGenerator json;
        private Verdict verdict = Verdict.PASS;

        Document(Writer out) {
            this.out = out;
        }

        @Override
        public Element piece(CheckResult result) {
            try {
                return new Element(ELEMENT.writeValueAsString(result(result)), result.verdict());
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void write(Element element) throws IOException {
            start();
            json.writeRawValue(element.json());
            // Into the Writer, so the element is out as soon as the caller flushes it.
            json.flush();
            verdict = Verdicts.worse(verdict, element.verdict());
        }

        @Override
        public void finish() throws IOException {
            start();
            json.writeEndArray();
            json.writeStringField("verdict", verdict.name());
            json.writeEndObject();
            json.writeRaw('\n');
            json.close();
        }

        /** The document's start, with its first element or its end: a run refused before any check leaves its output empty. */
        private void start() throws IOException {
            if (json != null) {
                return;
            }
            json = MAPPER.getFactory().createGenerator(out)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM)
                    .useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("tool", "smtp-check");
            json.writeArrayFieldStart("results");
        }
    }

    /** The document's pretty printer one level deep, where the elements of {@code results} are. */
    private static final class InResults extends DefaultPrettyPrinter {
        InResults() {
            _nesting = 1;
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new InResults();
        }
    }

    private static ObjectNode result(CheckResult r) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("target", r.target());
        node.put("address", r.address());
        node.put("verdict", r.verdict().name());
        node.put("stopAfter", r.stopAfter().name());
        ArrayNode planned = node.putArray("plannedStages");
        r.plannedStages().forEach(s -> planned.add(s.name()));
        node.set("outcome", outcome(r.outcome(), r.locale()));
        ArrayNode warnings = node.putArray("warnings");
        for (Warning w : r.warnings()) {
            ObjectNode wn = warnings.addObject();
            wn.put("id", w.diagnosis().id());
            wn.put("summary", w.diagnosis().summary());
            wn.put("explanation", w.diagnosis().explanation());
            wn.put("remedy", w.diagnosis().remedy());
            wn.put("detail", w.detail());
        }
        ObjectNode timings = node.putObject("timingsMillis");
        for (StageTiming t : r.timings()) {
            timings.put(t.stage().name(), t.millis());
        }
        node.put("elapsedMillis", r.elapsedMillis());
        node.put("startedAt", r.startedAt().toString());
        ArrayNode caps = node.putArray("capabilities");
        r.capabilities().forEach(caps::add);
        if (r.tls() != null) {
            node.set("tls", tls(r.tls()));
        }
        ArrayNode rcpts = node.putArray("recipients");
        for (RecipientResult rr : r.recipients()) {
            ObjectNode rn = rcpts.addObject();
            rn.put("address", rr.address());
            rn.put("accepted", rr.accepted());
            rn.set("reply", reply(rr.reply()));
        }
        ArrayNode transcript = node.putArray("transcript");
        for (Transcript.Line line : r.transcript().lines()) {
            ObjectNode ln = transcript.addObject();
            ln.put("atMillis", line.atMillis());
            ln.put("direction", line.direction().arrow());
            ln.put("text", line.text());
        }
        return node;
    }

    private static ObjectNode outcome(Outcome o, Locale locale) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("kind", o.kind());
        node.put("stage", o.stage().name());
        node.put("headline", o.headline(locale));
        if (o instanceof Outcome.NetworkFailure n) {
            node.put("networkKind", n.networkKind().name());
            node.put("detail", n.detail());
        } else if (o instanceof Outcome.TlsFailure t) {
            node.put("detail", t.detail());
        } else if (o instanceof Outcome.ProtocolViolation p) {
            node.put("detail", p.detail());
        } else if (o instanceof Outcome.ExpectationFailed e) {
            node.put("expected", e.expectation());
            node.put("found", e.actual());
        }
        if (o.reply() != null) {
            node.set("reply", reply(o.reply()));
        }
        ObjectNode diagnosis = node.putObject("diagnosis");
        diagnosis.put("id", o.diagnosis().id());
        diagnosis.put("summary", o.diagnosis().summary());
        diagnosis.put("explanation", o.diagnosis().explanation());
        diagnosis.put("remedy", o.diagnosis().remedy());
        return node;
    }

    private static ObjectNode reply(Reply reply) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("code", reply.code());
        reply.enhancedCode().ifPresent(c -> {
            node.put("enhancedCode", c.toString());
            // Only for a server that writes Cisco ESA's form: an administrator of any other searches its logs for 4.4.5.
            if (reply.usesEsaForm()) {
                node.put("esaCode", c.esaForm());
            }
        });
        node.put("text", reply.text());
        ArrayNode lines = node.putArray("lines");
        reply.lines().forEach(lines::add);
        return node;
    }

    private static ObjectNode tls(TlsResult tls) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("level", tls.level().optionName());
        node.put("transport", tls.transport().optionName());
        node.put("fallback", tls.fallback());
        TlsReport report = tls.report();
        if (report == null) {
            return node;
        }
        node.put("trust", report.trust().word());
        node.put("postfix", tls.postfixTrust().word());
        node.put("logLine", tls.logLine());
        node.put("protocol", report.protocol());
        node.put("cipherSuite", report.cipherSuite());
        ArrayNode problems = node.putArray("problems");
        report.problems().forEach(problems::add);
        ArrayNode wanted = node.putArray("wantedNames");
        report.wantedNames().forEach(wanted::add);
        ArrayNode names = node.putArray("certificateNames");
        report.certificateNames().forEach(names::add);
        node.put("matchedName", report.matchedName());
        node.put("trustSource", report.trustSource());
        ArrayNode chain = node.putArray("chain");
        for (CertificateInfo c : report.chain()) {
            ObjectNode cn = chain.addObject();
            cn.put("depth", c.depth());
            cn.put("subject", c.subject());
            cn.put("issuer", c.issuer());
            cn.put("notBefore", c.notBefore().toString());
            cn.put("notAfter", c.notAfter().toString());
        }
        return node;
    }
}
