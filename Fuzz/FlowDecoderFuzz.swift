import FlowCodec
import NetsightModel

// libFuzzer entry point over the flow decoders: every input is one UDP payload handed to
// `FlowDecoder.decode` (NetFlow v5/v9, IPFIX, sFlow v5), and, when it starts like a pcap or
// pcapng file, also a capture whose UDP payloads go through the same decoder.
//
// Built by scripts/fuzz.sh with `swiftc -sanitize=fuzzer,address`; not part of the SwiftPM
// package, so `swift build` never needs libFuzzer.

/// One cache for the whole run, like a listener's: a template announced by one input
/// decodes data sets in later ones, so the fuzzer reaches the template-driven paths
/// (field plans, options records, sampling state) and not only the "unknown template" one.
/// libFuzzer calls the entry point from one thread, so the unchecked global is safe here.
nonisolated(unsafe) private var templates = TemplateCache()

/// Exporters to key templates by: the input's first byte picks one, so inputs can both
/// share and separate template state, as two routers would.
private let exporters: [IPAddress] = [
    IPAddress("192.0.2.1")!, IPAddress("192.0.2.2")!, IPAddress("2001:db8::1")!,
]

/// Templates learned from fuzz inputs are never expired by a clock, so the cache would
/// grow for the whole run; past this many it is emptied, which also exercises relearning.
private let maxCachedTemplates = 4_096

@_cdecl("LLVMFuzzerTestOneInput")
public func flowDecoderFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    let exporter = exporters[Int(bytes.first ?? 0) % exporters.count]
    decodeChecked(bytes, exporter: exporter, receivedAtMillis: 1_764_230_400_000)

    let file = Array(bytes)
    if CaptureReader.isCapture(file) {
        // Both entry points: the throwing one and the scan that keeps what is intact.
        let scanned = CaptureReader.scan(file)
        let datagrams = (try? CaptureReader.udpDatagrams(in: file)) ?? []
        if scanned.error == nil, datagrams.count != scanned.datagrams.count {
            fatalError("udpDatagrams returned \(datagrams.count) datagrams, scan \(scanned.datagrams.count)")
        }
        for datagram in scanned.datagrams {
            datagram.payload.withUnsafeBytes {
                decodeChecked($0, exporter: datagram.source, receivedAtMillis: datagram.timestampMillis)
            }
        }
    }
    if templates.templateCount > maxCachedTemplates { templates = TemplateCache() }
    return 0
}

/// Decodes one datagram and checks what must hold for any input, so a wrong answer is a
/// crash the fuzzer reports, not only a trap inside the decoder.
private func decodeChecked(_ bytes: UnsafeRawBufferPointer, exporter: IPAddress, receivedAtMillis: UInt64) {
    let result = FlowDecoder.decode(
        bytes, exporter: exporter, receivedAtMillis: receivedAtMillis, templates: &templates)
    // Every record takes at least one byte of the datagram (a template of one 1-byte
    // field is the smallest), so more records than bytes means one was invented.
    if result.records.count + result.counters.count > bytes.count {
        fatalError("\(result.records.count) records from a \(bytes.count)-byte datagram")
    }
    for record in result.records where record.samplingRate == 0 {
        fatalError("record with sampling rate 0: \(record)")
    }
}
