import Testing
import Analytics

/// E-model values checked against G.107 Annex B and Cisco's published Idd table, with
/// the expected numbers evaluated separately in Python from the printed formulas.
struct EModelTests {
    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance }

    /// MOS(R) = 1 + 0.035R + R(R − 60)(100 − R)·7e−6.
    @Test(arguments: [
        (93.2, 4.409_285_824), (70.0, 3.597), (50.0, 2.575), (0.0, 1.0), (100.0, 4.5),
        (-5.0, 1.0), (120.0, 4.5),
    ])
    func mosFromR(r: Double, mos: Double) {
        #expect(Self.close(EModel.meanOpinionScore(rating: r), mos))
    }

    /// The default R gives the familiar best-case 4.41.
    @Test func defaultRatingIsMOS441() {
        let mos = EModel.meanOpinionScore(rating: EModel.defaultR)
        #expect((mos * 100).rounded() / 100 == 4.41)
    }

    /// Cisco's sample one-way delay → Idd table: 50 → 1, 100 → 2, 150 → 4, 200 → 7.
    @Test(arguments: [(50.0, 1.0, 1.2), (100.0, 2.0, 2.4), (150.0, 4.0, 3.6), (200.0, 7.0, 7.297)])
    func delayImpairmentMatchesCiscoTable(delay: Double, cisco: Double, exact: Double) {
        let id = EModel.delayImpairment(oneWayMillis: delay)
        #expect(Self.close(id, exact))
        #expect(id.rounded() == cisco)
    }

    @Test func lossImpairmentPerCodec() {
        #expect(EModel.effectiveEquipmentImpairment(lossPercent: 0, codec: .g711) == 0)
        // 95 · 1 / (1 + 4.3)
        #expect(Self.close(EModel.effectiveEquipmentImpairment(lossPercent: 1, codec: .g711), 17.924_528_301_886_79))
        // 11 + 84 · 2 / (2 + 19)
        #expect(Self.close(EModel.effectiveEquipmentImpairment(lossPercent: 2, codec: .g729A), 19))
        // All lost: Ie,eff → 95 whatever the codec.
        #expect(Self.close(EModel.effectiveEquipmentImpairment(lossPercent: 100, codec: .g729A), 11 + 84 * 100 / 119))
    }

    /// G.711, 40 ms one way, 5 ms jitter: d = 40 + 10 + 20 = 70 ms, Id = 1.68.
    @Test func chainG711() {
        let clean = EModel.assess(networkOneWayMillis: 40, jitterMillis: 5, lossPercent: 0, codec: .g711)
        #expect(clean.mouthToEarMillis == 70)
        #expect(Self.close(clean.rating, 91.52))
        #expect(Self.close(clean.meanOpinionScore, 4.374_436_409_344_001))
        #expect(Self.close(clean.icpif, 1.68))

        let lossy = EModel.assess(networkOneWayMillis: 40, jitterMillis: 5, lossPercent: 1, codec: .g711)
        #expect(Self.close(lossy.rating, 73.595_471_698_113_2))
        #expect(Self.close(lossy.meanOpinionScore, 3.760_777_665_658_407))
        #expect(Self.close(lossy.icpif, 19.604_528_301_886_79))
    }

    /// G.729A, 150 ms one way, 10 ms jitter, 2 % loss: d = 195, Id = 6.627, Ie,eff = 19.
    @Test func chainG729A() {
        let q = EModel.assess(networkOneWayMillis: 150, jitterMillis: 10, lossPercent: 2, codec: .g729A)
        #expect(q.mouthToEarMillis == 195)
        #expect(Self.close(q.rating, 67.573))
        #expect(Self.close(q.meanOpinionScore, 3.481_212_155_649_381_6))
        #expect(Self.close(q.icpif, 25.627))
    }

    /// PLC makes G.711 far more tolerant of the same loss.
    @Test func concealmentHelps() {
        let plain = EModel.rating(oneWayMillis: 195, lossPercent: 2, codec: .g711)
        let plc = EModel.rating(oneWayMillis: 195, lossPercent: 2, codec: .g711PLC)
        #expect(Self.close(plc, 79.561_929_889_298_9))
        #expect(plain < plc)
    }

    @Test func mosFallsAsLossRises() {
        let scores = [0.0, 0.5, 1, 2, 5, 10, 20].map {
            EModel.assess(networkOneWayMillis: 20, jitterMillis: 2, lossPercent: $0, codec: .g729A).meanOpinionScore
        }
        #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 > $1 })
    }
}
