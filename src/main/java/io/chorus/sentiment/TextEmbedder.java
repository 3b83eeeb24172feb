package io.chorus.sentiment;

import java.util.List;

/** Turns texts into unit-length vectors, in order; one call per batch. Implementations are thread-safe. */
public interface TextEmbedder {

    float[][] embed(List<String> texts);

    /** Names the model, so a head trained on one model's vectors is never used with another's. */
    String model();
}
