package io.chorus.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.chorus.model.Follow;
import io.chorus.model.Profile;
import io.chorus.serde.ErrorReason;
import io.chorus.serde.InvalidRecordException;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.MockStores;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves {@link RememberFollows} alone on a mock context: what a follow adds to the memory, the cap, and the follows it refuses. */
class RememberFollowsTest {

    private static final String STORE = "author-memory";

    private KeyValueStore<String, AuthorMemory> memory;
    private RememberFollows processor;

    @BeforeEach
    void setUp() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        memory = MockStores.keyValue(context, STORE, JsonSerde.of(AuthorMemory.class));
        processor = new RememberFollows(STORE);
        processor.init(context);
    }

    private static Follow follow(String follower, String userId, String name, String bio) {
        return new Follow(1, follower, new Profile(1, userId, name, null, bio, null, null));
    }

    private void process(String key, Follow follow) {
        processor.process(new Record<>(key, follow, 1_000L));
    }

    private List<String> followsOf(String user) {
        AuthorMemory m = memory.get(user);
        return m == null ? List.of() : m.follows();
    }

    private ErrorReason refusal(String key, Follow follow) {
        return catchThrowableOfType(InvalidRecordException.class, () -> process(key, follow)).reason();
    }

    @Test
    void filesAFollowUnderTheFollowerAsNameAndBio() {
        process("u1", follow("u1", "u2", "Bob", "rides bikes"));
        assertThat(followsOf("u1")).containsExactly("Bob (rides bikes)");
    }

    @Test
    void describesAnAccountWithoutANameByItsUserId() {
        process("u1", follow("u1", "u2", null, "rides bikes"));
        assertThat(followsOf("u1")).containsExactly("u2 (rides bikes)");
    }

    @Test
    void leavesOutABlankBio() {
        process("u1", follow("u1", "u2", "Bob", "  "));
        assertThat(followsOf("u1")).containsExactly("Bob");
    }

    @Test
    void addsLaterFollowsAfterEarlierOnes() {
        process("u1", follow("u1", "u2", "Bob", null));
        process("u1", follow("u1", "u3", "Cat", null));
        assertThat(followsOf("u1")).containsExactly("Bob", "Cat");
    }

    @Test
    void keepsTheTenLatestFollows() {
        IntStream.rangeClosed(1, 12).forEach(i -> process("u1", follow("u1", "f" + i, "F" + i, null)));
        assertThat(followsOf("u1")).hasSize(10).startsWith("F3").endsWith("F12");
    }

    @Test
    void keepsARepeatedFollowOnce() {
        process("u1", follow("u1", "u2", "Bob", null));
        process("u1", follow("u1", "u2", "Bob", null));
        assertThat(followsOf("u1")).containsExactly("Bob");
    }

    @Test
    void keepsTheRecentPostsAlreadyInTheMemory() {
        memory.put("u1", AuthorMemory.empty().withPost("first post", 5));
        process("u1", follow("u1", "u2", "Bob", null));
        assertThat(memory.get("u1").recentPosts()).containsExactly("first post");
    }

    @Test
    void keepsEachFollowersMemoryApart() {
        process("u1", follow("u1", "u2", "Bob", null));
        process("u9", follow("u9", "u3", "Cat", null));
        assertThat(followsOf("u1")).containsExactly("Bob");
    }

    @Test
    void refusesAFollowWithoutValueAsNullValue() {
        assertThat(refusal("u1", null)).isEqualTo(ErrorReason.NULL_VALUE);
    }

    @Test
    void refusesAFollowWithoutKeyAsMissingField() {
        assertThat(refusal(null, follow("u1", "u2", "Bob", null))).isEqualTo(ErrorReason.MISSING_FIELD);
    }

    @Test
    void refusesAFollowWithABlankKey() {
        assertThat(refusal(" ", follow("u1", "u2", "Bob", null))).isEqualTo(ErrorReason.MISSING_FIELD);
    }

    @Test
    void refusesAFollowerIdThatIsNotTheKeyAsKeyMismatch() {
        assertThat(refusal("u1", follow("u7", "u2", "Bob", null))).isEqualTo(ErrorReason.KEY_MISMATCH);
    }

    @Test
    void filesAMismatchedFollowUnderNeitherId() {
        refusal("u1", follow("u7", "u2", "Bob", null));
        assertThat(memory.get("u1")).isNull();
        assertThat(memory.get("u7")).isNull();
    }

    @Test
    void refusesAFollowWithoutTheFollowedAccountAsMissingField() {
        assertThat(refusal("u1", new Follow(1, "u1", null))).isEqualTo(ErrorReason.MISSING_FIELD);
    }
}
