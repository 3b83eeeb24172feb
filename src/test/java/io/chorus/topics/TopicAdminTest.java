package io.chorus.topics;

import io.chorus.config.TopicId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.app.ChorusApp;
import io.chorus.config.ChorusConfig;
import io.chorus.testing.SharedBroker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** Proves topic creation from topics/ is idempotent and that a topic contradicting its spec is an error naming it. */
class TopicAdminTest {

    @Test
    void createsEveryTopicOnceThenFindsThemMatching() {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of());
        Map<String, TopicAdmin.Outcome> first = ChorusApp.ensureTopics(config);
        Map<String, TopicAdmin.Outcome> second = ChorusApp.ensureTopics(config);

        assertThat(first).hasSize(TopicId.values().length).containsValue(TopicAdmin.Outcome.CREATED).doesNotContainValue(TopicAdmin.Outcome.EXISTS_OK);
        assertThat(second.values()).containsOnly(TopicAdmin.Outcome.EXISTS_OK);
    }

    @Test
    void refusesATopicWithTheWrongPartitionCountNamingIt() throws Exception {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of());
        String posts = Topics.from(config).name(TopicId.POSTS);
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            admin.createTopics(List.of(new NewTopic(posts, Optional.of(1), Optional.empty()))).all().get();
        }
        assertThatThrownBy(() -> ChorusApp.ensureTopics(config))
                .isInstanceOf(TopicAdmin.TopicMismatchException.class)
                .hasMessageContaining(posts).hasMessageContaining("1 partitions").hasMessageContaining("says 3");
    }

    @Test
    void refusesATopicWithTheWrongCleanupPolicyNamingIt() throws Exception {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of());
        String profiles = Topics.from(config).name(TopicId.PROFILES);
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            admin.createTopics(List.of(new NewTopic(profiles, Optional.of(3), Optional.empty())
                    .configs(Map.of("cleanup.policy", "delete")))).all().get();
        }
        assertThatThrownBy(() -> ChorusApp.ensureTopics(config))
                .isInstanceOf(TopicAdmin.TopicMismatchException.class)
                .hasMessageContaining(profiles).hasMessageContaining("cleanup.policy=delete");
    }

    @Test
    void everyTopicHasASpecWithAValueSchema() {
        TopicSpecs specs = TopicSpecs.load("");
        for (TopicId id : TopicId.values()) {
            assertThat(specs.get(id).name()).isEqualTo(id.defaultName());
            assertThat(specs.get(id).valueSchema()).as(id.id()).isNotNull();
        }
    }
}
