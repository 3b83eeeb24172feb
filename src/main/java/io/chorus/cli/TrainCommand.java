package io.chorus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Parent of the training commands. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train Chorus's local models from labelled data."},
        footerHeading = "%nExamples:%n",
        footer = {"  chorus train sentiment --data semeval.jsonl --out models/"},
        subcommands = {TrainSentimentCommand.class})
public final class TrainCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
