package io.chorus.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.config.ChorusConfig;
import io.chorus.topology.ChorusTopology;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Proves the replication Chorus asks for follows the cluster's size unless set, and reaches Kafka Streams' settings. */
class ReplicationTest {

    private static final ChorusConfig DEFAULTS = new ChorusConfig(Map.of());

    @Test
    void usesOneReplicaOnASingleBroker() {
        assertThat(Replication.forCluster(DEFAULTS, 1)).isEqualTo(new Replication(1, 1));
    }

    @Test
    void usesThreeReplicasAndTwoInSyncOnThreeOrMoreBrokers() {
        assertThat(Replication.forCluster(DEFAULTS, 3)).isEqualTo(new Replication(3, 2));
        assertThat(Replication.forCluster(DEFAULTS, 7)).isEqualTo(new Replication(3, 2));
    }

    @Test
    void usesEveryBrokerAndOneInSyncOnTwoBrokers() {
        assertThat(Replication.forCluster(DEFAULTS, 2)).isEqualTo(new Replication(2, 1));
    }

    @Test
    void explicitSettingsWinOverTheClusterSize() {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.TOPICS_REPLICATION_FACTOR, 5, ChorusConfig.TOPICS_MIN_INSYNC_REPLICAS, 3));
        assertThat(Replication.forCluster(config, 3)).isEqualTo(new Replication(5, 3));
    }

    @Test
    void refusesMinInsyncReplicasAboveTheReplicationFactorNamingTheKey() {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.TOPICS_MIN_INSYNC_REPLICAS, 2));
        assertThatThrownBy(() -> Replication.forCluster(config, 1)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ChorusConfig.TOPICS_MIN_INSYNC_REPLICAS);
    }

    @Test
    void refusesAZeroReplicationFactorAtStartUp() {
        assertThatThrownBy(() -> new ChorusConfig(Map.of(ChorusConfig.TOPICS_REPLICATION_FACTOR, 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ChorusConfig.TOPICS_REPLICATION_FACTOR);
    }

    @Test
    void streamsGetTheReplicationAcksAllAndStandbys() {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.TOPICS_REPLICATION_FACTOR, 3, ChorusConfig.TOPICS_MIN_INSYNC_REPLICAS, 2,
                ChorusConfig.NUM_STANDBY_REPLICAS, 1));
        Properties props = ChorusTopology.streamsProperties(config);
        assertThat(props).containsEntry("replication.factor", 3).containsEntry("topic.min.insync.replicas", "2")
                .containsEntry("producer.acks", "all").containsEntry("num.standby.replicas", 1);
    }

    @Test
    void streamsSettingsWithThePrefixWinOverTheDerivedOnes() {
        ChorusConfig config = new ChorusConfig(Map.of(ChorusConfig.TOPICS_REPLICATION_FACTOR, 3, "streams.replication.factor", "1"));
        assertThat(ChorusTopology.streamsProperties(config)).containsEntry("replication.factor", "1");
    }
}
