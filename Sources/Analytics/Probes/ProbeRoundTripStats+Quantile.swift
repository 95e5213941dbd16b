extension ProbeRoundTripStats {
    /// The `p` quantile of the round-trip times by linear interpolation between closest
    /// ranks: h = (n − 1)·p, value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
    ///
    /// This is Hyndman–Fan type 7, the default of R, NumPy and Python's
    /// `statistics.quantiles(method: "inclusive")`, so the numbers can be checked there;
    /// p = 0.5 is the ordinary median. `p` is clamped to 0...1 so a caller's rounding
    /// cannot index out of range. `nil` when nothing came back.
    public func quantileMicros(_ p: Double) -> Double? {
        let xs = sortedRoundTripMicros
        guard !xs.isEmpty else { return nil }
        let clamped = min(max(p, 0), 1)
        let h = Double(xs.count - 1) * clamped
        let lower = Int(h.rounded(.down))
        let upper = min(lower + 1, xs.count - 1)
        let fraction = h - Double(lower)
        return Double(xs[lower]) + fraction * Double(xs[upper] - xs[lower])
    }

    /// Fixed quantiles for a Smokeping-style chart when a burst is too large to draw every
    /// reply: for `bands` = k, the quantiles i/(2k) and 1 − i/(2k) for i = 0..<k, as
    /// (low, high) pairs from the outermost (min, max) inwards. Smokeping shades between
    /// sorted replies pairwise from the outside in, which these pairs reproduce.
    /// Empty when nothing came back or `bands` < 1.
    public func smokeBands(_ bands: Int) -> [(lowMicros: Double, highMicros: Double)] {
        guard bands >= 1, !sortedRoundTripMicros.isEmpty else { return [] }
        return (0..<bands).compactMap { i -> (lowMicros: Double, highMicros: Double)? in
            let p = Double(i) / Double(2 * bands)
            guard let low = quantileMicros(p), let high = quantileMicros(1 - p) else { return nil }
            return (low, high)
        }
    }
}
