import Foundation
import NetsightModel
import SwiftASN1
import X509

/// Turns the chain a server presented into `TLSSummary` facts: who it is for, who issued
/// it, when the first of it expires, whether it names the host and whether it leads to a
/// trusted root. The handshake itself never judges (see `HTTPProbeTLSSetup`), so an
/// expired or misnamed certificate is still measured and reported instead of being a
/// bare "handshake failed".
enum TLSCertificateInspector {
    /// What the inspection found, plus the names the leaf is for (for failure messages).
    struct Inspection: Sendable {
        var summary: TLSSummary
        var leafNames: [String]
    }

    /// Extra trust anchors from a PEM file.
    /// - Throws: `ProbeFailure(.setup, ...)` when the file cannot be read or holds no
    ///   certificate.
    static func loadAnchors(pemFile path: String) throws(ProbeFailure) -> [Certificate] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ProbeFailure(.setup, "cannot read CA file \(path): \(error.localizedDescription)")
        }
        do {
            let certificates = try PEMDocument.parseMultiple(pemString: text)
                .filter { $0.discriminator == "CERTIFICATE" }
                .map { try Certificate(pemDocument: $0) }
            guard !certificates.isEmpty else { throw ProbeFailure(.setup, "CA file \(path) holds no certificate") }
            return certificates
        } catch let failure as ProbeFailure {
            throw failure
        } catch {
            throw ProbeFailure(.setup, "CA file \(path) is not valid PEM: \(error)")
        }
    }

    /// - Parameters:
    ///   - chainDER: the certificates as presented, leaf first.
    ///   - now: the run's start; validity and days left are measured from it.
    /// - Throws: `ProbeFailure(.tls, ...)` when a certificate of the chain cannot be read
    ///   (BoringSSL accepted it, but it uses an algorithm swift-certificates does not know,
    ///   such as Ed448): the facts cannot be checked, so the run fails, even `insecure`.
    static func inspect(
        chainDER: [[UInt8]], host: String, version: String?, extraAnchors: [Certificate], now: Date
    ) async throws(ProbeFailure) -> Inspection {
        guard !chainDER.isEmpty else { throw ProbeFailure(.tls, "TLS: the server presented no certificate") }
        var chain: [Certificate] = []
        for (index, der) in chainDER.enumerated() {
            do { chain.append(try Certificate(derEncoded: der)) } catch {
                throw ProbeFailure(.tls, "TLS: cannot read certificate \(index) of the chain (\(readableReason(error)))")
            }
        }
        let leaf = chain[0]
        let earliest = chain.map(\.notValidAfter).min()!
        let daysLeft = earliest.timeIntervalSince(now) / 86_400

        var dnsNames: [String] = []
        var ipAddresses: [[UInt8]] = []
        if let san = try? leaf.extensions.subjectAlternativeNames {
            for name in san {
                switch name {
                case .dnsName(let dns): dnsNames.append(dns)
                case .ipAddress(let octets): ipAddresses.append(Array(octets.bytes))
                default: break
                }
            }
        }
        let commonNames = leaf.subject.flatMap { $0 }.filter { $0.type == .RDNAttributeType.commonName }
            .compactMap { String($0.value) }
        let hostnameOK = TLSHostnameMatcher.matches(
            host: host, dnsNames: dnsNames, ipAddresses: ipAddresses, commonNames: commonNames)
        let leafNames = dnsNames + ipAddresses.map(Self.ipText) + (dnsNames.isEmpty && ipAddresses.isEmpty ? commonNames : [])

        var roots = CertificateStore.systemTrustRoots
        roots.append(contentsOf: extraAnchors)
        // Validity is checked against the clock now (milliseconds after the run began);
        // `expired` below and days left use the run's start.
        var verifier = Verifier(rootCertificates: roots) { RFC5280Policy() }
        let outcome = await verifier.validate(leaf: leaf, intermediates: CertificateStore(chain.dropFirst()))
        var chainOK = false
        var errors: [String] = []
        switch outcome {
        case .validCertificate:
            chainOK = true
        case .couldNotValidate(let failures):
            if let expired = chain.first(where: { $0.notValidAfter < now }) {
                errors.append("certificate '\(expired.subject)' expired \(Self.days(now.timeIntervalSince(expired.notValidAfter))) days ago")
            } else if let early = chain.first(where: { $0.notValidBefore > now }) {
                errors.append("certificate '\(early.subject)' is not valid before \(early.notValidBefore)")
            } else if let first = failures.first {
                errors.append("chain not trusted: \(first.policyFailureReason)")
            } else {
                errors.append("chain not trusted: no path to a trusted root")
            }
        }
        if !hostnameOK {
            errors.append("certificate for \(Self.quotedNames(leafNames)) does not match '\(host)'")
        }
        let summary = TLSSummary(
            version: version, leafSubject: leaf.subject.description, leafIssuer: leaf.issuer.description,
            earliestExpiry: earliest, daysLeft: daysLeft, hostnameVerified: hostnameOK, chainVerified: chainOK,
            verificationError: errors.isEmpty ? nil : errors.joined(separator: "; "))
        return Inspection(summary: summary, leafNames: leafNames)
    }

    static func days(_ seconds: TimeInterval) -> String { String(format: "%.1f", seconds / 86_400) }

    static func quotedNames(_ names: [String]) -> String {
        names.isEmpty ? "(no name)" : names.map { "'\($0)'" }.joined(separator: ", ")
    }

    private static func ipText(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: bytes.count - 1, by: 2)
            .map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }

    /// "unsupportedPublicKeyAlgorithm: AlgorithmIdentifier(1.3.101.113 - nil)" from
    /// swift-certificates' description, without its type prefix and source location.
    static func readableReason(_ error: any Error) -> String {
        var text = String(describing: error)
        if let dot = text.firstIndex(of: "."), text[..<dot].hasSuffix("Error") { text = String(text[text.index(after: dot)...]) }
        if let last = text.split(separator: " ").last, last.contains(".swift:") {
            text = String(text.dropLast(last.count)).trimmingCharacters(in: .whitespaces)
        }
        return text
    }
}
