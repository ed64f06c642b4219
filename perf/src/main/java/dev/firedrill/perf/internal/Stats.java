package dev.firedrill.perf.internal;

import java.util.Arrays;
import java.util.List;

/** Min, median and max of a few timings in milliseconds (the median of an even count is the mean of the middle two). */
public record Stats(double min, double median, double max) {

    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int mid = v.length / 2;
        double median = v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
        return new Stats(v[0], median, v[v.length - 1]);
    }
}
