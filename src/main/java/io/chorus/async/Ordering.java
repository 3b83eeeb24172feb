package io.chorus.async;

/** How an async processor emits results. */
public enum Ordering {
    /** Results for the same key leave in input order (different keys may overtake each other). */
    ORDERED,
    /** Results leave as soon as they finish. */
    UNORDERED
}
