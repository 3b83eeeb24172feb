package io.chorus.cli;

import io.chorus.config.ChorusConfig;
import io.chorus.llm.stub.StubLlmServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chorus stub-llm}: an OpenAI-compatible stub model server for demos and benchmarks without a key. */
@Command(name = "stub-llm", mixinStandardHelpOptions = true,
        description = {"Run a stub OpenAI-compatible chat-completions server on 127.0.0.1 until Ctrl-C, for demos and benchmarks without a key.",
                "Latency and faults are optional: 429 with Retry-After, 500, malformed JSON, hangs. Answers are deterministic: sentiment prompts get a stable number 0..100 from a hash of the post.",
                "It also serves /v1/images/generations (a PNG seeded by the prompt) and /v1/audio/speech (a WAV), for media.image.model=llm and media.speech.enabled=true."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus stub-llm --port 8099",
                "  chorus stub-llm --port 8099 --latency 200ms --error-rate 0.05"})
public final class StubLlmCommand implements Callable<Integer> {

    @Option(names = {"-p", "--port"}, defaultValue = "8099", description = "Port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--latency", defaultValue = "0ms", paramLabel = "DURATION",
            description = "Delay before every answer, e.g. 250ms or 2s. Default: ${DEFAULT-VALUE}.")
    String latency;

    @Option(names = "--error-rate", defaultValue = "0", paramLabel = "FRACTION",
            description = "Fraction of requests failing with 429, 500 or a malformed body (a third each). Default: ${DEFAULT-VALUE}.")
    double errorRate;

    @Option(names = "--hang-rate", defaultValue = "0", paramLabel = "FRACTION",
            description = "Fraction of requests never answered (until the client's timeout). Default: ${DEFAULT-VALUE}.")
    double hangRate;

    @Option(names = "--retry-after", defaultValue = "1s", paramLabel = "DURATION",
            description = "Retry-After sent with 429 answers. Default: ${DEFAULT-VALUE}.")
    String retryAfter;

    @Option(names = "--request-limit", defaultValue = "0", paramLabel = "N",
            description = "Requests allowed per --limit-window; more get 429 with Retry-After, and every answer carries "
                    + "x-ratelimit-*-requests headers (0: no limit). Default: ${DEFAULT-VALUE}.")
    int requestLimit;

    @Option(names = "--limit-window", defaultValue = "1m", paramLabel = "DURATION",
            description = "Window of --request-limit. Default: ${DEFAULT-VALUE}.")
    String limitWindow;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random faults. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Duration delay = Durations.parse("--latency", latency);
        Duration retry = Durations.parse("--retry-after", retryAfter);
        checkRate("--error-rate", errorRate);
        checkRate("--hang-rate", hangRate);
        if (requestLimit < 0) {
            throw new UserError("--request-limit must be >= 0 (0: no limit), was " + requestLimit);
        }
        if (errorRate + hangRate > 1.0) {
            throw new UserError("--error-rate plus --hang-rate must be at most 1, was " + (errorRate + hangRate));
        }
        try (UntilStopped stop = new UntilStopped("chorus-stub-llm");
             StubLlmServer stub = StubLlmServer.builder()
                .port(port)
                .latency(delay)
                .errorRate(errorRate)
                .hangRate(hangRate)
                .retryAfter(retry)
                .seed(seed)
                .requestLimit(requestLimit, Durations.parse("--limit-window", limitWindow))
                .recordRequests(false) // runs for hours in benchmarks: count requests, keep none
                .start()) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("Stub LLM (OpenAI-compatible) ready: " + stub.baseUrl());
            out.println("  latency " + delay.toMillis() + "ms, error rate " + errorRate + " (429/500/malformed), hang rate "
                    + hangRate + ", seed " + seed);
            out.println("  point Chorus at it: --set " + ChorusConfig.LLM_BASE_URL + "=" + stub.baseUrl()
                    + " --set " + ChorusConfig.SENTIMENT_SCORER + "=llm");
            out.println("  try:  curl -s " + stub.baseUrl() + "/chat/completions -H 'Content-Type: application/json' "
                    + "-d '{\"model\":\"stub-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}'");
            out.println("Press Ctrl-C to stop.");
            out.flush();
            stop.await();
            out.println("Stub LLM stopped after " + stub.requestCount() + " requests; served " + stub.stats()
                    + " (also at " + stub.baseUrl() + "/stats while running).");
            out.flush();
        } catch (BindException e) {
            throw new UserError("--port " + port + " is in use; pick another port, or 0 for a free one");
        }
        return ExitCodes.OK;
    }

    private static void checkRate(String option, double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new UserError(option + " must be a fraction from 0 to 1, e.g. 0.05; was " + rate);
        }
    }
}
