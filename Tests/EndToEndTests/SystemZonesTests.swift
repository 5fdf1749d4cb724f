import Foundation
import Testing
import TandemCore
@testable import tandem

/// The system's zone rules, remembered by spans, give what Foundation gives
/// for every second asked, in zones whose offsets changed in odd ways.
@Suite struct SystemZonesTests {
    @Test func rememberedOffsetsAreFoundationsAcrossEveryKindOfChange() {
        // Summer time both ways; a standard offset moved and moved back (Pyongyang 2015, 2018);
        // a day skipped (Apia 2011); a quarter-hour offset (Kathmandu); no change in decades (Bangkok).
        let zones = ["Australia/Sydney", "Pacific/Auckland", "Europe/London", "Asia/Pyongyang", "Pacific/Apia", "Asia/Kathmandu",
                     "Asia/Bangkok", "America/New_York"]
        var state: UInt64 = 0x5EED
        func roll(_ n: Int64) -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((state >> 33) % UInt64(n))
        }
        var seconds: [Int64] = (0..<4000).map { _ in 946_684_800 + roll(30 * 365 * 86_400) }   // 2000 to 2030, any order
        seconds += (0..<2000).map { 1_420_070_400 + Int64($0) * 43_200 }                      // every half day from 2015, in order
        for zone in zones {
            let foundation = TimeZone(identifier: zone)!
            for second in seconds {
                let expected = foundation.secondsFromGMT(for: Date(timeIntervalSince1970: Double(second)))
                let remembered = SystemZones.rules.offset(of: zone, at: Timestamp(secondsSinceEpoch: second))
                #expect(remembered == expected, "\(zone) at \(second)")
            }
        }
        #expect(!SystemZones.rules.knows("Mars/Olympus"))
    }
}
