package io.chorus.listening;

import io.chorus.model.SentimentAlert;
import io.chorus.model.TrendReport;

/** What the listening processor emits: an alert's change of state, or a window's trending terms. */
public sealed interface ListeningEvent {

    record Alert(SentimentAlert alert) implements ListeningEvent {
    }

    record Trends(TrendReport report) implements ListeningEvent {
    }
}
