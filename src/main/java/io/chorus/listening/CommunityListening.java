package io.chorus.listening;

import io.chorus.model.EnrichedPost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the listening processor remembers about one community (one changelogged store entry): its event-time clock,
 * the windows still open, the late posts it refused, the shift detector's baseline and the term baseline.
 * A window {@code [start, start + size)} closes once the community's clock passes {@code start + size + grace}.
 */
public final class CommunityListening {

    static final int EXAMPLES = 3;

    public String communityLabel;
    /** Latest event time seen (epoch ms). */
    public long clockMs = Long.MIN_VALUE;
    /** Every window ending at or before this instant (epoch ms) is closed; posts for it are late. */
    public long closedUntilMs = Long.MIN_VALUE;
    public long lateRecords;
    public List<Bucket> open = new ArrayList<>();
    public ShiftDetector.DetectorState detector = new ShiftDetector.DetectorState();
    public TrendFinder.TermBaseline terms = new TrendFinder.TermBaseline();

    /** One open window of one community. */
    public static final class Bucket {
        public long startMs;
        public long count;
        public double sum;
        public double sumSquares;
        public List<Example> lowest = new ArrayList<>();
        public List<Example> highest = new ArrayList<>();
        public HeavyHitters terms;

        public Bucket() {
        }

        Bucket(long startMs, int sketchCapacity) {
            this.startMs = startMs;
            this.terms = new HeavyHitters(sketchCapacity);
        }

        void add(EnrichedPost post) {
            double score = post.scored().score();
            count++;
            sum += score;
            sumSquares += score * score;
            Example example = new Example(post.postId(), score);
            keep(lowest, example, Comparator.comparingDouble(Example::score).thenComparing(Example::postId));
            keep(highest, example, Comparator.comparingDouble((Example x) -> -x.score()).thenComparing(Example::postId));
            TermExtractor.terms(post.scored().post() == null ? null : post.scored().post().text()).keySet().forEach(terms::add);
        }

        double mean() {
            return count == 0 ? Double.NaN : sum / count;
        }

        double stdDev() {
            if (count < 2) {
                return 0;
            }
            double mean = mean();
            return Math.sqrt(Math.max(0, (sumSquares - count * mean * mean) / (count - 1)));
        }

        private static void keep(List<Example> list, Example example, Comparator<Example> order) {
            list.add(example);
            list.sort(order);
            if (list.size() > EXAMPLES) {
                list.remove(list.size() - 1);
            }
        }
    }

    /** A post kept as evidence. */
    public record Example(String postId, double score) {
    }

    Bucket bucketFor(long startMs, int sketchCapacity) {
        for (Bucket b : open) {
            if (b.startMs == startMs) {
                return b;
            }
        }
        Bucket b = new Bucket(startMs, sketchCapacity);
        open.add(b);
        open.sort(Comparator.comparingLong(x -> x.startMs));
        return b;
    }
}
