package io.chorus.stage;

/**
 * A typed name for something one stage publishes on the {@link StageContext} and later stages read: a stream, a
 * table, a store name. Compared by identity; declare each once as a constant.
 *
 * @param <T> what is published under it
 */
public final class Port<T> {
    private final String name;

    private Port(String name) {
        this.name = name;
    }

    public static <T> Port<T> named(String name) {
        return new Port<>(name);
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
