import NetsightModel

extension ProbeResult {
    /// The value a reaction on `metric` sees, in the units people write thresholds in:
    /// milliseconds for times, percent for loss, days for certificates. nil when this run
    /// has no such number (no RTT when nothing came back, no MOS outside UDP jitter), so a
    /// reaction neither raises nor clears on it.
    public func value(of metric: ProbeMetric) -> Double? {
        switch metric {
        case .failed: success ? 0 : 1
        case .rttAverage: rtt.map { $0.meanMicros / 1000 }
        case .rttMedian: rtt.map { $0.medianMicros / 1000 }
        case .rttMax: rtt.map { $0.maxMicros / 1000 }
        case .lossPercent: sent == 0 ? nil : lossPercent
        case .jitter:
            if let jitter {
                max(jitter.sourceToDestination.jitterMicros, jitter.destinationToSource.jitterMicros) / 1000
            } else {
                rtt.map { $0.stddevMicros / 1000 }
            }
        case .mos: jitter.map(\.mos)
        case .icpif: jitter.map(\.icpif)
        case .certificateDays: http?.tls?.daysLeft
        }
    }
}
