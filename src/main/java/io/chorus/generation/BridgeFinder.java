package io.chorus.generation;

import io.chorus.community.ProfileEmbedder;
import io.chorus.model.Campaign;
import io.chorus.model.ImageRef;
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
 * similarity. Similarities are standardised per query (each concept's cosine minus the mean over all concepts, over
 * their standard deviation) before taking min(z(person, concept), z(topic, concept)): raw cosines favour the few
 * concepts that are central to everything, which gave every person the same bridge; standardised ones favour the
 * concept that is distinctively close to this person and still close to the topic. For images the person side is the
 * alt text ({@link #findForImages}), so the bridge fits what the picture shows. Concepts that merely repeat the topic
 * are skipped.
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
        return best(personText.isBlank() ? "someone" : personText, campaign);
    }

    /** The bridge for a caption or narration: from what the images show (their alt text), else from the persona. */
    public String findForImages(List<ImageRef> images, Persona persona, Campaign campaign) {
        List<String> alts = new ArrayList<>();
        for (ImageRef image : images) {
            if (image.altText() != null && !image.altText().isBlank()) {
                alts.add(image.altText().strip());
            }
        }
        return alts.isEmpty() ? find(persona, campaign) : best(String.join(". ", alts), campaign);
    }

    private String best(String sideText, Campaign campaign) {
        String topicText = campaign.topic() + (campaign.stance() == null ? "" : ". " + campaign.stance());
        float[][] v = embedder.embed(List.of(sideText, topicText));
        double[] side = standardised(v[0]);
        double[] topic = standardised(v[1]);
        String topicLower = topicText.toLowerCase(Locale.ROOT);
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < concepts.size(); i++) {
            if (topicLower.contains(concepts.get(i).toLowerCase(Locale.ROOT))) {
                continue;
            }
            double score = Math.min(side[i], topic[i]);
            if (score > bestScore) {
                bestScore = score;
                best = concepts.get(i);
            }
        }
        return best;
    }

    /** z-scores of the query's cosine with every concept. */
    private double[] standardised(float[] query) {
        double[] z = new double[concepts.size()];
        double mean = 0;
        for (int i = 0; i < z.length; i++) {
            z[i] = dot(query, conceptVectors[i]);
            mean += z[i];
        }
        mean /= Math.max(1, z.length);
        double var = 0;
        for (double x : z) {
            var += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(var / Math.max(1, z.length));
        for (int i = 0; i < z.length; i++) {
            z[i] = sd == 0 ? 0 : (z[i] - mean) / sd;
        }
        return z;
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
