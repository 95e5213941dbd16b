import NetsightModel

/// Turns `RecordValues` into a `FlowRecord`: identity, ICMP, times, sampling. The cache
/// lookups that do not depend on the record are done once per set, here in `init`.
struct RecordResolver {
    let context: DataSetContext
    let samplerRates: [SamplerKey: UInt32]
    let perRecordSampling: Bool
    let setRate: UInt32
    let systemInitMillis: UInt64?

    init(context: DataSetContext, cache: TemplateCache, plan: FieldPlan) {
        self.context = context
        self.samplerRates = cache.samplerRates
        self.setRate = context.samplingOverride ?? cache.defaultRates[context.domain] ?? 1
        // The override wins over everything, so per-record lookups are pointless with it.
        self.perRecordSampling = plan.hasPerRecordSampling && context.samplingOverride == nil
        self.systemInitMillis = cache.systemInitMillis[context.domain]
    }

    @inline(__always)
    func finish(_ v: inout RecordValues) -> FlowRecord {
        v.flow.exporter = context.domain.exporter
        v.flow.observationDomain = context.domain.domain
        v.flow.source = context.source
        if v.seen.contains(.icmp) { v.flow.dstPort = v.icmp }
        resolveTimes(&v)
        var rate = setRate
        if perRecordSampling {
            if let announced = v.announcedRate {
                rate = announced
            } else if v.seen.contains(.samplerID),
                let known = samplerRates[SamplerKey(domain: context.domain, samplerID: v.samplerID)]
            {
                rate = known
            }
        }
        v.flow.setCounters(rawBytes: v.rawBytes, rawPackets: v.rawPackets, samplingRate: rate)
        return v.flow
    }

    /// Absolute times first (IE 150-157), then uptime-relative (IE 21/22), then deltas
    /// before export (IE 158/159); a missing end takes the start and vice versa, and a
    /// record with no time at all gets the export time.
    @inline(__always)
    private func resolveTimes(_ v: inout RecordValues) {
        var start: UInt64?
        var end: UInt64?
        if v.seen.contains(.startAbsolute) { start = v.startMillis }
        if v.seen.contains(.endAbsolute) { end = v.endMillis }
        if start == nil || end == nil, !v.seen.isDisjoint(with: [.startSysUp, .endSysUp]) {
            let (s, e) = uptimeTimes(v)
            start = start ?? s
            end = end ?? e
        }
        if start == nil, v.seen.contains(.startDelta) { start = context.exportMillis &- v.startDeltaMicros / 1000 }
        if end == nil, v.seen.contains(.endDelta) { end = context.exportMillis &- v.endDeltaMicros / 1000 }
        let s = start ?? end ?? context.exportMillis
        v.flow.startMillis = s
        v.flow.endMillis = end ?? s
    }

    private func uptimeTimes(_ v: RecordValues) -> (UInt64?, UInt64?) {
        let hasStart = v.seen.contains(.startSysUp)
        let hasEnd = v.seen.contains(.endSysUp)
        if let sysUptime = context.sysUptimeMillis {
            // NetFlow v9: age relative to the header's uptime. The signed difference keeps
            // flows that started before a 49.7-day uptime wrap in the past, not the future.
            func absolute(_ t: UInt32) -> UInt64 {
                let age = Int64(Int32(bitPattern: sysUptime &- t))
                return UInt64(clamping: Int64(clamping: context.exportMillis) - age)
            }
            return (hasStart ? absolute(v.startSysUp) : nil, hasEnd ? absolute(v.endSysUp) : nil)
        }
        if let initMillis = v.seen.contains(.systemInit) ? v.systemInitMillis : systemInitMillis {
            return (hasStart ? initMillis &+ UInt64(v.startSysUp) : nil, hasEnd ? initMillis &+ UInt64(v.endSysUp) : nil)
        }
        // IPFIX without a known init time: anchor the end at export time, keep the duration.
        guard hasEnd else { return (nil, nil) }
        let end = context.exportMillis
        let duration = hasStart ? UInt64(v.endSysUp &- v.startSysUp) : 0
        return (end &- min(duration, end), end)
    }
}
