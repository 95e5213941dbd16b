import NetsightModel

/// The one entry point for flow datagrams: picks the decoder from the version field.
public enum FlowDecoder {
    /// Dispatches on the version: first UInt16 == 5 -> NetFlow v5, 9 -> v9, 10 -> IPFIX;
    /// first UInt32 == 5 -> sFlow v5. Anything else -> one `.badVersion` error.
    ///
    /// - Parameters:
    ///   - datagram: one UDP payload; never read past its end.
    ///   - exporter: the UDP source address; with the domain and template ID it keys templates.
    ///   - receivedAtMillis: receive time; stamps templates for expiry, and times sFlow samples.
    ///   - templates: the listener's cache, updated in place (see `templatesChanged`).
    ///   - samplingOverride: a configured 1-in-N rate that wins over every rate the exporter
    ///     announces, for exporters that sample without saying so.
    public static func decode(
        _ datagram: UnsafeRawBufferPointer, exporter: IPAddress, receivedAtMillis: UInt64,
        templates: inout TemplateCache, samplingOverride: UInt32? = nil
    ) -> FlowDecodeResult {
        var result = FlowDecodeResult()
        decode(
            datagram, exporter: exporter, receivedAtMillis: receivedAtMillis, templates: &templates,
            samplingOverride: samplingOverride, into: &result)
        return result
    }

    /// Decodes one datagram like `decode(_:exporter:receivedAtMillis:templates:samplingOverride:)`,
    /// but appends to `result` instead of returning a fresh one, so a collector can decode a
    /// burst of datagrams into one records array without copying them afterwards.
    ///
    /// Records, counters, errors and unknown-template counts are appended to what `result`
    /// already holds; `version` is set to this datagram's (0 if unrecognised);
    /// `templatesChanged` is set when this datagram changed the cache and never cleared.
    public static func decode(
        _ datagram: UnsafeRawBufferPointer, exporter: IPAddress, receivedAtMillis: UInt64,
        templates: inout TemplateCache, samplingOverride: UInt32? = nil, into result: inout FlowDecodeResult
    ) {
        result.version = 0
        guard datagram.count >= 4 else {
            result.errors.append(FlowDecodeError(.truncated, "datagram of \(datagram.count) bytes from \(exporter)"))
            return
        }
        let version16 = UInt16(datagram[0]) << 8 | UInt16(datagram[1])
        let version32 = UInt32(version16) << 16 | UInt32(datagram[2]) << 8 | UInt32(datagram[3])
        // A 0 or 1 override would mean "unsampled"; setCounters treats 0 as 1 anyway.
        let override = samplingOverride.map { max($0, 1) }
        if version32 == 5 {
            SFlowV5Decoder.decode(datagram, exporter: exporter, receivedAtMillis: receivedAtMillis, into: &result)
            return
        }
        switch version16 {
        case 5:
            NetFlowV5Decoder.decode(datagram, exporter: exporter, samplingOverride: override, into: &result)
        case 9:
            NetFlowV9Decoder.decode(
                datagram, exporter: exporter, receivedAtMillis: receivedAtMillis, templates: &templates,
                samplingOverride: override, into: &result)
        case 10:
            IPFIXDecoder.decode(
                datagram, exporter: exporter, receivedAtMillis: receivedAtMillis, templates: &templates,
                samplingOverride: override, into: &result)
        default:
            result.errors.append(FlowDecodeError(
                .badVersion, "version \(version16) from \(exporter): not NetFlow v5/v9, IPFIX or sFlow v5"))
        }
    }
}
