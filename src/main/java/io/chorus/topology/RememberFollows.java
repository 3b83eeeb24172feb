package io.chorus.topology;

import io.chorus.model.Follow;
import io.chorus.model.Profile;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps, per follower, short descriptions of the accounts they follow (a persona source), in the author memory store. */
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
        Follow f = record.value();
        if (f == null || f.followerId() == null) {
            return;
        }
        Profile followed = f.followed();
        String description = (followed.name() == null ? followed.userId() : followed.name())
                + (followed.bio() == null || followed.bio().isBlank() ? "" : " (" + followed.bio() + ")");
        AuthorMemory current = memory.get(f.followerId());
        memory.put(f.followerId(), (current == null ? AuthorMemory.empty() : current).withFollow(description, KEEP));
    }
}
