import SNMPCodec

// libFuzzer entry point over the SNMP decoders: every input is one UDP payload, decoded as
// a poller's response or a trap receiver's datagram would be (`SNMPMessage.decode`: BER,
// v1/v2c community messages with every PDU kind, v3 headers, USM parameters and plain
// scoped PDUs), and also walked as raw BER (`BERElement.parse`) down to the depth limit.
//
// Built by scripts/fuzz.sh with `swiftc -sanitize=fuzzer,address` from SNMPCodec's
// sources minus the ciphers and hashes (which need swift-crypto and libcrypto, and see
// only bytes that passed authentication); not part of the SwiftPM package.

@_cdecl("LLVMFuzzerTestOneInput")
public func snmpDecoderFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data == nil ? [] : [UInt8](UnsafeBufferPointer(start: data, count: size))
    if case .v3(let message) = try? SNMPMessage.decode(bytes), case .encrypted(let payload) = message.scopedPDU {
        // What decryption would hand on: a scoped PDU followed by cipher padding.
        _ = try? ScopedPDU.decode(payload, allowPadding: true)
    }
    _ = try? BERElement.parse(bytes)
    return 0
}
