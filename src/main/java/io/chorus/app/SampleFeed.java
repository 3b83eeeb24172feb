package io.chorus.app;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** The bundled sample feed (see {@code src/sample/README.md}): profiles, posts, campaigns and follows as JSON lines. */
public final class SampleFeed {

    public static final String PROFILES = "profiles.jsonl";
    public static final String POSTS = "posts.jsonl";
    public static final String CAMPAIGNS = "campaigns.jsonl";
    public static final String FOLLOWS = "follows.jsonl";

    private SampleFeed() {
    }

    public static BufferedReader open(String file) {
        InputStream in = SampleFeed.class.getResourceAsStream("/sample/" + file);
        if (in == null) {
            throw new IllegalStateException("sample file /sample/" + file + " is missing from the classpath");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Number of non-blank lines in a sample file. */
    public static int lineCount(String file) {
        try (BufferedReader r = open(file)) {
            return (int) r.lines().filter(l -> !l.isBlank()).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
