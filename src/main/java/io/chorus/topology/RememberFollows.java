package io.chorus.topology;

import io.chorus.model.Follow;
import io.chorus.model.Profile;
import io.chorus.serde.ErrorReason;
import io.chorus.serde.InvalidRecordException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps, per follower, short descriptions of the accounts they follow (a persona source), in the author memory store.
 * The record key is the follower: it decides the partition and so the task whose store holds the memory, so a follow
 * is filed under its key. A follow that cannot be filed (no key, no value, a {@code followerId} naming someone else
 * than the key) throws an {@link InvalidRecordException}, which the processing handler dead-letters with its reason.
 */
final class RememberFollows implements Processor<String, Follow, Void, Void> {

    private static final int KEEP = 10;

    private final String memoryStore;
    private KeyValueStore<String, AuthorMemory> memory;

    RememberFollows(String memoryStore) {
        this.memoryStore = memoryStore;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        memory = context.getStateStore(memoryStore);
    }

    @Override
    public void process(Record<String, Follow> record) {
        String follower = followerOf(record);
        Profile followed = record.value().followed();
        if (followed == null) {
            throw new InvalidRecordException(ErrorReason.MISSING_FIELD, "required field 'followed' is missing");
        }
        String description = (followed.name() == null ? followed.userId() : followed.name())
                + (followed.bio() == null || followed.bio().isBlank() ? "" : " (" + followed.bio() + ")");
        AuthorMemory current = memory.get(follower);
        memory.put(follower, (current == null ? AuthorMemory.empty() : current).withFollow(description, KEEP));
    }

    private static String followerOf(Record<String, Follow> record) {
        Follow f = record.value();
        if (f == null) {
            throw new InvalidRecordException(ErrorReason.NULL_VALUE, "a follow record has no value (null); it needs one");
        }
        if (record.key() == null || record.key().isBlank()) {
            throw new InvalidRecordException(ErrorReason.MISSING_FIELD,
                    "a follow record has no key; the key must be the follower's user id (it places the follow in its partition)");
        }
        if (f.followerId() != null && !f.followerId().equals(record.key())) {
            throw new InvalidRecordException(ErrorReason.KEY_MISMATCH, "a follow keyed by '" + record.key()
                    + "' names follower '" + f.followerId() + "'; key it by the follower's user id");
        }
        return record.key();
    }
}
