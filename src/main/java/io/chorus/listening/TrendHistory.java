package io.chorus.listening;

import io.chorus.model.TrendReport;
import java.util.ArrayList;
import java.util.List;

/** The latest trend reports of one community, newest last, for the trends API. */
public record TrendHistory(List<TrendReport> reports) {

    public TrendHistory {
        reports = reports == null ? List.of() : List.copyOf(reports);
    }

    TrendHistory with(TrendReport report, int keep) {
        List<TrendReport> next = new ArrayList<>(reports);
        next.removeIf(r -> r.windowStart().equals(report.windowStart()));
        next.add(report);
        next.sort(java.util.Comparator.comparing(TrendReport::windowStart));
        while (next.size() > keep) {
            next.remove(0);
        }
        return new TrendHistory(next);
    }
}
