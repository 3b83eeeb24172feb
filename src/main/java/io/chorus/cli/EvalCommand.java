package io.chorus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Parent of the evaluation commands. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measure Chorus's local judgements against your own labelled data."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus eval sentiment --in labelled.jsonl --scorer ngram",
                "  chorus eval communities --in profiles.jsonl"},
        subcommands = {EvalSentimentCommand.class, EvalCommunitiesCommand.class})
public final class EvalCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
