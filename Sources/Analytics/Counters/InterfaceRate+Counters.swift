extension InterfaceRate {
    /// The rates between two comparable samples of one interface.
    ///
    /// - Parameters:
    ///   - elapsedMillis: at least the configured minimum interval, so above zero.
    ///   - speedBitsPerSecond: the current sample's speed, for bounds and utilisation.
    init(
        ifIndex: UInt32, name: String, from old: InterfaceCounterSet, to new: InterfaceCounterSet,
        elapsedMillis: Int64, speedBitsPerSecond speed: UInt64?, configuration: CounterRateConfiguration
    ) {
        let seconds = Double(elapsedMillis) / 1000
        let octets = CounterLimits.octets(speedBitsPerSecond: speed, configuration)
        let packets = CounterLimits.packets(speedBitsPerSecond: speed, configuration)
        let events = CounterLimits.events(speedBitsPerSecond: speed, configuration)

        func sum(_ pairs: [(CounterValue?, CounterValue?)], _ limits: CounterLimits, scale: Double = 1) -> RateOutcome {
            var total = 0.0
            var present = false
            var narrow = false
            for (old, new) in pairs {
                if new?.width == .counter32 { narrow = true }
                switch CounterDelta.between(old, new, seconds: seconds, limits: limits) {
                case nil: continue
                case .unknown(let reason): return .noRate(reason)
                case .increase(let increase):
                    total += increase
                    present = true
                }
            }
            guard present else { return .noRate(.notReported) }
            let ceiling = narrow ? limits.ceilingPerSecond : limits.garbageCeilingPerSecond
            guard total <= ceiling * seconds else { return .noRate(.implausibleRate) }
            return .rate(total * scale / seconds)
        }

        func utilisation(_ bits: RateOutcome) -> RateOutcome {
            guard let value = bits.value else { return bits }
            guard let speed else { return .noRate(.speedUnknown) }
            return .rate(value / Double(speed) * 100)
        }

        self.init(ifIndex: ifIndex, name: name, intervalMillis: elapsedMillis, speedBitsPerSecond: speed, reason: .firstSample)
        inBitsPerSecond = sum([(old.inOctets, new.inOctets)], octets, scale: 8)
        outBitsPerSecond = sum([(old.outOctets, new.outOctets)], octets, scale: 8)
        inPacketsPerSecond = sum(
            [
                (old.inUnicastPackets, new.inUnicastPackets), (old.inMulticastPackets, new.inMulticastPackets),
                (old.inBroadcastPackets, new.inBroadcastPackets),
            ], packets)
        outPacketsPerSecond = sum(
            [
                (old.outUnicastPackets, new.outUnicastPackets), (old.outMulticastPackets, new.outMulticastPackets),
                (old.outBroadcastPackets, new.outBroadcastPackets),
            ], packets)
        inErrorsPerSecond = sum([(old.inErrors, new.inErrors)], events)
        outErrorsPerSecond = sum([(old.outErrors, new.outErrors)], events)
        inDiscardsPerSecond = sum([(old.inDiscards, new.inDiscards)], events)
        outDiscardsPerSecond = sum([(old.outDiscards, new.outDiscards)], events)
        inUtilisationPercent = utilisation(inBitsPerSecond)
        outUtilisationPercent = utilisation(outBitsPerSecond)
    }
}
