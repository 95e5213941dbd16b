import Foundation
import NetsightModel
import Probers
import Testing

/// ICMPProber through a veth into a namespace this test creates, compared with fping, and
/// to an address in that subnet nobody owns.
@Suite(.serialized) struct ProbeICMPNamespaceTests {
    @Test func matchesFpingThroughAVeth() async throws {
        guard let fping = Peers.find("fping") else { return }
        let network = try TestNetwork(label: "icmp", subnet: 41)
        defer { network.remove() }
        let address = network.namespaceAddress
        try network.requireRoutedThroughVeth(address)

        let prober = ICMPProber()
        defer { prober.close() }
        let spec = ProbeSpec(
            id: "veth", target: address, options: .icmp(ICMPProbeOptions()), count: 20, spacing: .milliseconds(20),
            timeout: .seconds(1))
        let result = await prober.run(spec, scheduledAt: nil)
        let reference = try FpingRun.run(fping, address: address, count: 20, periodMillis: 20)

        #expect(result.success, "\(result.failure?.message ?? "")")
        #expect(result.received == 20)
        #expect(reference.lossPercent == 0)
        let ours = try #require(result.rtt).medianMicros / 1000
        let theirs = try #require(reference.medianMillis)
        print("ICMP via veth \(address): netsight median \(ours) ms, fping median \(theirs) ms")
        #expect(abs(ours - theirs) < 1, "netsight \(ours) ms vs fping \(theirs) ms")
    }

    /// Nobody answers ARP for the address: the run must end by its deadline with 100% loss,
    /// as a timeout or (once the kernel gives up on ARP) host unreachable.
    @Test func unownedAddressInTheSubnetIsLostNotHung() async throws {
        let network = try TestNetwork(label: "icmpx", subnet: 43)
        defer { network.remove() }
        let address = network.unusedAddress()
        try network.requireRoutedThroughVeth(address)

        let prober = ICMPProber()
        defer { prober.close() }
        let spec = ProbeSpec(
            id: "nobody", target: address, options: .icmp(ICMPProbeOptions()), count: 3, spacing: .milliseconds(200),
            timeout: .milliseconds(800))
        let result = await prober.run(spec, scheduledAt: nil)
        print("ICMP to unowned \(address): \(result.failure?.message ?? "success?") in \(result.durationMicros) µs")
        #expect(!result.success)
        #expect(result.sent == 3)
        #expect(result.received == 0)
        #expect(result.lossPercent == 100)
        #expect(result.rtt == nil)
        #expect([.timeout, .unreachable].contains(result.failure?.reason))
        // Last send at ~400 ms plus 800 ms timeout; never much longer.
        #expect(result.durationMicros < 2_000_000)
    }
}
