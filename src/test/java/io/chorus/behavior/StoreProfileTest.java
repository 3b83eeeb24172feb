package io.chorus.behavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.chorus.model.BehaviorProfile;
import io.chorus.serde.JsonSerde;
import io.chorus.testing.MockFixedKeyProcessorContext;
import io.chorus.testing.MockStores;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves {@code behavior-store-profile} ({@link BehaviorStage.StoreProfile}) alone on a mock context: the stored
 * profile becomes the next one's {@code previous}, the store keeps the latest, and an older or repeated version is
 * dropped so the store only moves forward.
 */
class StoreProfileTest {

    private static final String STORE = "behavior-profiles";
    private static final Instant BUILT = Instant.parse("2026-11-01T10:00:00Z");

    private final MockFixedKeyProcessorContext<String, BehaviorProfile> context = new MockFixedKeyProcessorContext<>();
    private KeyValueStore<String, BehaviorProfile> store;
    private BehaviorStage.StoreProfile processor;

    @BeforeEach
    void setUp() {
        store = MockStores.keyValue(context, STORE, JsonSerde.of(BehaviorProfile.class));
        processor = new BehaviorStage.StoreProfile(STORE);
        processor.init(context);
    }

    private static BehaviorProfile profile(String user, long version, double anxiety, double valenceMean) {
        return new BehaviorProfile(BehaviorProfile.SCHEMA_VERSION, user, version, Map.of("anxiety", anxiety), Map.of("anxiety", "a reason"),
                new BehaviorProfile.ValenceStats(3, valenceMean, 1.0, valenceMean - 1, valenceMean + 1, "ngram"), 2.0, "c1",
                List.of("p" + version), "fake-model", "behavior-v2", false, null, BUILT.plusSeconds(version), null);
    }

    private void process(BehaviorProfile profile) {
        processor.process(MockFixedKeyProcessorContext.record(profile.userId(), profile, BUILT.toEpochMilli()));
    }

    private List<BehaviorProfile> forwarded() {
        return context.forwarded().stream().map(f -> (BehaviorProfile) f.record().value()).toList();
    }

    @Test
    void forwardsTheFirstProfileWithoutAPrevious() {
        process(profile("u1", 1, 40, 55));
        assertThat(forwarded()).singleElement().satisfies(p -> {
            assertThat(p.version()).isEqualTo(1);
            assertThat(p.previous()).isNull();
        });
    }

    @Test
    void attachesTheStoredProfileAsThePreviousOfTheNext() {
        process(profile("u1", 1, 40, 55));
        process(profile("u1", 2, 70, 30));
        assertThat(forwarded().get(1).previous()).isEqualTo(new BehaviorProfile.Previous(1, Map.of("anxiety", 40.0), 55.0, BUILT.plusSeconds(1)));
    }

    @Test
    void keepsTheLatestProfileWithItsPreviousInTheStore() {
        process(profile("u1", 1, 40, 55));
        process(profile("u1", 2, 70, 30));
        assertThat(store.get("u1")).isEqualTo(forwarded().get(1));
    }

    @Test
    void forwardsTheProfileUnderItsKeyAndTimestamp() {
        process(profile("u1", 1, 40, 55));
        assertThat(context.forwarded()).singleElement().satisfies(f -> {
            assertThat(f.record().key()).isEqualTo("u1");
            assertThat(f.record().timestamp()).isEqualTo(BUILT.toEpochMilli());
        });
    }

    @Test
    void dropsAProfileOlderThanTheStoredOne() {
        process(profile("u1", 2, 70, 30));
        process(profile("u1", 1, 40, 55));
        assertThat(forwarded()).extracting(BehaviorProfile::version).containsExactly(2L);
        assertThat(store.get("u1").version()).isEqualTo(2);
    }

    @Test
    void dropsAVersionThatIsAlreadyStored() {
        process(profile("u1", 1, 40, 55));
        process(profile("u1", 1, 99, 10));
        assertThat(forwarded()).hasSize(1);
        assertThat(store.get("u1").features()).containsEntry("anxiety", 40.0);
    }

    @Test
    void keepsEachAuthorsProfilesApart() {
        process(profile("u1", 3, 40, 55));
        process(profile("u2", 1, 70, 30));
        assertThat(forwarded()).extracting(BehaviorProfile::userId, BehaviorProfile::version)
                .containsExactly(tuple("u1", 3L), tuple("u2", 1L));
        assertThat(forwarded().get(1).previous()).isNull();
    }
}
