package io.chorus.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.model.Post;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.MockFixedKeyProcessorContext;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.junit.jupiter.api.Test;

/**
 * Proves {@link EventTimeRange} alone on a mock context: a replay keeps posts whose event time is in [from, until),
 * either bound may be open, and with no bounds the topology gets no processor at all.
 */
class EventTimeRangeTest {

    private static final long FROM = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    private static final long UNTIL = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

    /** Event times (ms) of the posts {@code range} lets through, from posts at each of {@code times}. */
    private static List<Long> kept(EventTimeRange range, long... times) {
        MockFixedKeyProcessorContext<String, Post> context = new MockFixedKeyProcessorContext<>();
        range.init(context);
        for (long t : times) {
            Post post = new Post(1, "p" + t, "u1", "text", Instant.ofEpochMilli(t), "en", List.of(), null);
            range.process(MockFixedKeyProcessorContext.record("u1", post, t));
        }
        return context.forwarded().stream().map(f -> f.record().timestamp()).toList();
    }

    @Test
    void keepsAPostAtTheStartOfTheRange() {
        assertThat(kept(new EventTimeRange(FROM, UNTIL), FROM)).containsExactly(FROM);
    }

    @Test
    void dropsAPostBeforeTheRange() {
        assertThat(kept(new EventTimeRange(FROM, UNTIL), FROM - 1)).isEmpty();
    }

    @Test
    void keepsAPostJustBeforeTheEnd() {
        assertThat(kept(new EventTimeRange(FROM, UNTIL), UNTIL - 1)).containsExactly(UNTIL - 1);
    }

    @Test
    void dropsAPostAtTheEndOfTheRange() {
        assertThat(kept(new EventTimeRange(FROM, UNTIL), UNTIL)).isEmpty();
    }

    @Test
    void withoutAStartKeepsEverythingBeforeTheEnd() {
        assertThat(kept(new EventTimeRange(-1, UNTIL), 0, FROM - 1, UNTIL)).containsExactly(0L, FROM - 1);
    }

    @Test
    void withoutAnEndKeepsEverythingFromTheStart() {
        assertThat(kept(new EventTimeRange(FROM, -1), FROM - 1, FROM, Long.MAX_VALUE)).containsExactly(FROM, Long.MAX_VALUE);
    }

    @Test
    void withoutBoundsAddsNothingToTheTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Post> posts = builder.stream("posts", Consumed.with(Serdes.String(), JsonSerde.of(Post.class)));
        assertThat(EventTimeRange.applyTo(posts, -1, -1)).isSameAs(posts);
    }

    @Test
    void withABoundAddsTheNamedProcessor() {
        StreamsBuilder builder = new StreamsBuilder();
        EventTimeRange.applyTo(builder.stream("posts", Consumed.with(Serdes.String(), JsonSerde.of(Post.class))), FROM, -1)
                .foreach((k, v) -> { });
        assertThat(builder.build().describe().toString()).contains("replay-time-range");
    }
}
