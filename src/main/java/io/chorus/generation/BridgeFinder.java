package io.chorus.generation;

import io.chorus.community.ProfileEmbedder;
import io.chorus.model.Campaign;
import io.chorus.model.Persona;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the bridge locally, as the course does with a model (taxes -> stress -> chocolate): the concept from a
 * vocabulary that is close to both the person (bio, recent posts, follows) and the campaign topic, by embedding
 * similarity: the concept maximising min(cos(person, concept), cos(topic, concept)). Concepts that merely repeat the
 * topic are skipped.
 */
public final class BridgeFinder {

    private final ProfileEmbedder embedder;
    private final List<String> concepts;
    private final float[][] conceptVectors;

    public BridgeFinder(ProfileEmbedder embedder, List<String> concepts) {
        this.embedder = embedder;
        this.concepts = List.copyOf(concepts);
        this.conceptVectors = embedder.embed(this.concepts);
    }

    /** The bundled vocabulary ({@code generation/concepts.txt}). */
    public static List<String> bundledConcepts() {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                BridgeFinder.class.getResourceAsStream("/generation/concepts.txt"), StandardCharsets.UTF_8))) {
            r.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public String find(Persona persona, Campaign campaign) {
        String personText = String.join(". ", nonBlank(persona.bio(), String.join(" ", persona.recentPosts()),
                String.join(" ", persona.follows()), persona.communityLabel()));
        String topicText = campaign.topic() + (campaign.stance() == null ? "" : ". " + campaign.stance());
        float[][] v = embedder.embed(List.of(personText.isBlank() ? "someone" : personText, topicText));
        String topicLower = topicText.toLowerCase(Locale.ROOT);
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < concepts.size(); i++) {
            if (topicLower.contains(concepts.get(i).toLowerCase(Locale.ROOT))) {
                continue;
            }
            double score = Math.min(dot(v[0], conceptVectors[i]), dot(v[1], conceptVectors[i]));
            if (score > bestScore) {
                bestScore = score;
                best = concepts.get(i);
            }
        }
        return best;
    }

    private static List<String> nonBlank(String... parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                out.add(p);
            }
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
