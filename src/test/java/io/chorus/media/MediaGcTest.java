package io.chorus.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.app.FeedProducer;
import io.chorus.config.ChorusConfig;
import io.chorus.llm.stub.StubMedia;
import io.chorus.testing.SharedBroker;
import io.chorus.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the orphan rule: only files older than the minimum age that no committed output record refers to are deleted
 * (with stale temporary files), a dry run deletes nothing, and the references are read from the output topics and
 * their experiment copies on the broker.
 */
class MediaGcTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @TempDir
    Path dir;

    private Path file(MediaStore store, String prompt, Instant modified) throws Exception {
        Path p = store.put(StubMedia.png(prompt, "200x200")).path();
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }

    @Test
    void deletesOldUnreferencedFilesAndStaleTemporariesOnly() throws Exception {
        MediaStore store = new MediaStore(dir, 1 << 20);
        Path referencedOld = file(store, "a", NOW.minus(Duration.ofDays(3)));
        Path orphanOld = file(store, "b", NOW.minus(Duration.ofDays(3)));
        Path orphanYoung = file(store, "c", NOW.minus(Duration.ofHours(1)));
        Path tempOld = dir.resolve(MediaStore.TEMP_PREFIX + "x-1");
        Files.write(tempOld, new byte[10]);
        Files.setLastModifiedTime(tempOld, FileTime.from(NOW.minus(Duration.ofDays(2))));
        String keep = referencedOld.getFileName().toString().substring(0, 64);

        MediaGc.Result dry = MediaGc.run(store, Set.of(keep), NOW, Duration.ofHours(24), true, List.of(), 0);
        assertThat(dry.deletedOrphans()).containsExactly(orphanOld);
        assertThat(dry.deletedTemporary()).containsExactly(tempOld);
        assertThat(Files.exists(orphanOld)).as("a dry run deletes nothing").isTrue();

        MediaGc.Result r = MediaGc.run(store, Set.of(keep), NOW, Duration.ofHours(24), false, List.of(), 0);
        assertThat(r.files()).isEqualTo(3);
        assertThat(r.referenced()).isEqualTo(1);
        assertThat(r.young()).isEqualTo(1);
        assertThat(Files.exists(referencedOld)).isTrue();
        assertThat(Files.exists(orphanYoung)).as("young files may belong to an open transaction").isTrue();
        assertThat(Files.exists(orphanOld)).isFalse();
        assertThat(Files.exists(tempOld)).isFalse();
        assertThat(r.bytesFreed()).isEqualTo(10 + StubMedia.png("b", "200x200").length);
    }

    @Test
    void readsReferencesFromTheOutputTopicsAndTheirExperimentCopies() throws Exception {
        ChorusConfig config = SharedBroker.isolatedConfig(Map.of());
        Topics topics = Topics.from(config);
        String exp = topics.captions.name() + ".exp.gc";
        try (Admin admin = Admin.create(config.kafkaClientProps())) {
            admin.createTopics(List.of(new NewTopic(topics.captions.name(), 2, (short) 1), new NewTopic(topics.replies.name(), 1, (short) 1),
                    new NewTopic(exp, 1, (short) 1))).all().get();
        }
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        try (Producer<byte[], byte[]> producer = FeedProducer.producer(config.kafkaClientProps())) {
            FeedProducer.produceOne(producer, topics.captions.name(), "p1", ("{\"postId\":\"p1\",\"media\":{\"sha256\":\"" + a + "\"}}")
                    .getBytes(StandardCharsets.UTF_8));
            FeedProducer.produceOne(producer, topics.replies.name(), "p2", "{\"postId\":\"p2\"}".getBytes(StandardCharsets.UTF_8));
            FeedProducer.produceOne(producer, exp, "p3", ("{\"media\":{\"sha256\":\"" + b + "\"}}").getBytes(StandardCharsets.UTF_8));
            FeedProducer.produceOne(producer, topics.captions.name(), "p4", "not json".getBytes(StandardCharsets.UTF_8));
        }
        MediaGc.Referenced refs = MediaGc.referenced(config.kafkaClientProps(), List.of(topics.captions.name(), topics.replies.name()),
                Duration.ofSeconds(60));
        assertThat(refs.hashes()).containsExactlyInAnyOrder(a, b);
        assertThat(refs.topics()).contains(topics.captions.name(), topics.replies.name(), exp);
        assertThat(refs.records()).isEqualTo(4);
    }
}
