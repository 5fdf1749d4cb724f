import TandemCore
import TandemSample
import Testing

/// The benchmarks' journals are only worth measuring if they are real casework:
/// every event must be one the core accepts, in the mix of real use.
@Suite struct SyntheticCaseworkTests {
    @Test func everyGeneratedEventIsAccepted() {
        var casework = SyntheticCasework(seed: 7)
        var caseFile = CaseFile()
        var types: [String: Int] = [:]
        for _ in 0..<20_000 {
            let event = casework.next()!
            do {
                let events = try caseFile.decide(event.change, by: event.actor, at: event.time, happened: event.at, reason: event.reason)
                events.forEach { caseFile.apply($0) }
                types[event.change.type, default: 0] += 1
            } catch {
                Issue.record("refused \(event.change.type) \(event.change.entity) by \(event.actor): \(error)")
                return
            }
        }
        #expect(types.count >= 24, "only \(types.keys.sorted())")
        // Mostly enquiries and notes, as in real use.
        let enquiryWork = types.filter { $0.key.hasPrefix("enquiry.") }.values.reduce(0, +)
        #expect(enquiryWork > 8_000 && (types["note.added"] ?? 0) > 3_000)
        #expect(caseFile.enquiries.count > 2_000 && caseFile.networks.count > 200 && caseFile.investigations.count > 50)
    }

    @Test func theSameSeedGivesTheSameCasework() {
        var a = SyntheticCasework(seed: 42), b = SyntheticCasework(seed: 42), c = SyntheticCasework(seed: 43)
        let first = (0..<2_000).map { _ in a.next()! }
        #expect(first == (0..<2_000).map { _ in b.next()! })
        #expect(first != (0..<2_000).map { _ in c.next()! })
    }
}
