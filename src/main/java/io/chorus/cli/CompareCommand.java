package io.chorus.cli;

import io.chorus.config.ChorusConfig;
import io.chorus.replay.Compare;
import io.chorus.replay.CompareReport;
import io.chorus.replay.Comparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chorus compare A B}: two runs side by side, with significance tests. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two runs over the same input, side by side, with significance tests.",
                "A and B are experiment names or 'production'. Over the posts both runs scored it compares counts, the sentiment distributions of inputs and of generated content, per-post label agreement (and Cohen's kappa), generated-text length, model calls, cache hits, tokens, cost and latency.",
                "Each distribution is tested (Mann-Whitney U and Kolmogorov-Smirnov for scores, lengths and latencies; chi-square, or Fisher's exact test for small 2x2 tables, for labels) and the p-values are adjusted together with Benjamini-Hochberg, so 'real' marks differences unlikely to be chance."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus compare production vader",
                "  chorus compare production vader --format html --out vader.html"})
public final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "A", description = "First run: an experiment name or 'production'.")
    String runA;

    @Parameters(index = "1", paramLabel = "B", description = "Second run: an experiment name or 'production'.")
    String runB;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "markdown",
            description = "markdown, json or html (html includes charts). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path outFile;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.05",
            description = "False discovery rate under which an adjusted p-value marks a real difference. Default: ${DEFAULT-VALUE}.")
    double alpha;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CompareReport.Format f;
        try {
            f = CompareReport.Format.valueOf(format.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--format: '" + format + "' is not one of markdown, json, html");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new UserError("--alpha: " + alpha + " must be between 0 and 1");
        }
        ChorusConfig base = configOptions.load();
        Comparison comparison;
        try {
            comparison = Compare.compare(Compare.read(base, runA), Compare.read(base, runB), alpha);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        String report = CompareReport.render(comparison, f);
        if (outFile != null) {
            Files.writeString(outFile, report, StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("Wrote " + outFile);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(report);
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
