import ArgumentParser
import Foundation
import TandemCore
import TandemJournal
import TandemShared

/// One console's worth of changes to a shared journal, for the tests: `count`
/// networks, each decided against the journal as it stands, about a third of
/// them taking a code from a small pool every console draws from (so that
/// consoles collide). Prints, unbuffered, "saved SEQ…" or "refused CODE: why"
/// for each, then "state same" when the state it kept
/// equals a fresh replay of its copy of the journal ("state differs" if not),
/// and "head N".
struct SharedChanges: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "shared-changes")

    @Option var shared: String
    @Option var cache: String
    @Option var user: String
    @Option var count: Int
    @Option var seed: UInt64 = 1
    @Option(help: "How many codes the consoles share.") var pool = 20
    @Option(help: "The folder of unsealed keys (default: $TANDEM_KEYS).") var keys: String?

    func run() throws {
        let address = try SharedAddress(url: shared, environment: ProcessInfo.processInfo.environment)
        let link = SharedLink(address: address)
        try SharedCache.prepare(at: cache, link: link, now: Clock.now)
        var caseFile = CaseFile()
        let opened = try Journal.open(at: cache, create: false, now: Clock.now) { caseFile.apply($0.event) }
        let store = SharedJournal(cache: opened.journal, link: link, listening: false, now: Clock.now)
        // What the copy lacks is read before the key is opened: the roster that says whose key signs may be in it.
        if let arrived = try? store.catchUp() { for record in arrived { caseFile.apply(record.event) } }
        let folder = KeyFolder(path: keys ?? ProcessInfo.processInfo.environment["TANDEM_KEYS"] ?? "")
        switch KeyGate.open(for: user, roster: opened.journal.roster, folder: folder, passphrase: { nil }) {
        case .success(let key): if let key { opened.journal.signers[user] = key }
        case .failure(let refusal): throw ValidationError("not saved: \(refusal.description)")
        }
        var random = SplitMix(seed: seed)
        let started = SharedJournal.monotonicSeconds()
        for i in 1...max(1, count) {
            for record in try store.newRecords() { caseFile.apply(record.event) }
            if let replacement = store.takeReplacement() { caseFile = replacement }
            let now = Clock.now()
            let code = random.next() % 3 == 0 ? "NW-26-P\(random.next() % UInt64(pool))" : "NW-26-\(user)-\(seed)-\(i)"
            let change = Change.networkCreated(Network(
                code: code, name: "network \(i) of \(user)", crimeTypes: [.traffickingForcedLabour], sectors: [.fishing],
                route: [CountryCode("THA")!, CountryCode("AUS")!], handling: .h2))
            var applied = 0
            do {
                let saved = try store.commit { foreign in
                    for record in foreign[applied...] { caseFile.apply(record.event) }
                    applied = foreign.count
                    return try caseFile.decide(change, by: user, at: now)
                }
                for record in saved { caseFile.apply(record.event) }
                if let replacement = store.takeReplacement() { caseFile = replacement }
                // A change kept on the laptop (the server out of reach) has no number on the server yet.
                let kept = store.notYetShared > 0 && saved.last.map { $0.sequence > store.lastSequence } == true
                say((kept ? "kept " : "saved ") + saved.map { "\($0.sequence) \($0.event.change.entity)" }.joined(separator: " "))
            } catch let refusal as Refusal {
                say("refused \(code): \(refusal.description)")
            }
        }
        say("elapsed " + String(format: "%.3f", SharedJournal.monotonicSeconds() - started))
        // Catch up with the others (sharing what was kept, once the server can be reached), then compare
        // what was kept with a fresh replay.
        store.pollInterval = 0
        for _ in 0..<300 {
            for record in try store.newRecords() { caseFile.apply(record.event) }
            if let replacement = store.takeReplacement() { caseFile = replacement }
            if store.notYetShared == 0 && store.unreachableReason == nil { break }
            usleep(100_000)
        }
        for notice in store.takeNotices() where notice.hasPrefix("NOT SHARED") { say("refused later: \(notice)") }
        var replayed = CaseFile()
        for record in try store.records(from: 1) { replayed.apply(record.event) }
        say(replayed == caseFile ? "state same" : "state differs")
        say("pending \(store.notYetShared)")
        say("head \(store.lastSequence)")
        store.close()
    }

    /// With TANDEM_TESTKIT_TIMES set, each line ends with when it was said (to see where a run waited).
    private static let saysTimes = getenv("TANDEM_TESTKIT_TIMES") != nil

    private func say(_ text: String) {
        let time = Self.saysTimes ? " @" + String(format: "%.3f", SharedJournal.monotonicSeconds()) : ""
        let line = Array((text + time + "\n").utf8)
        _ = line.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
}

/// A small seeded generator, so a run can be repeated.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
