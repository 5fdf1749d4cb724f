import Benchmark
import Foundation
import TandemConsole
import TandemCore
import TandemJournal
import TandemSample

/// Medians and p99 with allocation counts, for the targets of BENCHMARKS.md.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(20),
        maxIterations: 15
    )

    // Open: read, verify the chain, replay into the case file.
    for events in [10_000, 100_000, 1_000_000] {
        Benchmark("open \(events / 1000)k events") { benchmark in
            let path = Journals.path(events: events)
            benchmark.startMeasurement()
            let (journal, caseFile) = Journals.replay(path)
            benchmark.stopMeasurement()
            blackHole(caseFile.enquiries.count)
            journal.close()
        }
    }

    // Start-up to the first frame, headless, on the biggest journal.
    Benchmark("first frame, 1M events (200x60)") { benchmark in
        let path = Journals.path(events: 1_000_000)
        benchmark.startMeasurement()
        let (journal, caseFile) = Journals.replay(path)
        let state = ConsoleState(caseFile: caseFile, width: 200, height: 60, now: Timestamp(Day(iso8601: "2025-01-01")!),
                                 user: "sup1", journalPath: path)
        blackHole(render(state))
        benchmark.stopMeasurement()
        journal.close()
    }

    // The same from the journal's snapshot: the case file read from it, the
    // lines after it replayed, the frame drawn; the lines it stood for are
    // checked after the frame (measured below).
    Benchmark("first frame, 1M events, from its snapshot (200x60)") { benchmark in
        let path = Journals.pathWithSnapshot(events: 1_000_000)
        benchmark.startMeasurement()
        let opened = Journals.openFromSnapshot(path)
        let state = ConsoleState(caseFile: opened.caseFile, width: 200, height: 60, now: Timestamp(Day(iso8601: "2025-01-01")!),
                                 user: "sup1", journalPath: path)
        blackHole(render(state))
        benchmark.stopMeasurement()
        opened.journal.startDeferredWork()
        opened.journal.finishDeferredWork(waitingAtMost: 60)
        opened.journal.close()
    }

    // From the snapshot to a verified journal: the case file read from the
    // snapshot and every line it stood for checked (chain and checksums).
    Benchmark("open 1M events from its snapshot, chain verified") { benchmark in
        let path = Journals.pathWithSnapshot(events: 1_000_000)
        benchmark.startMeasurement()
        let opened = Journals.openFromSnapshot(path)
        opened.journal.startDeferredWork()
        precondition(opened.journal.waitForCheck())
        benchmark.stopMeasurement()
        opened.journal.close()
    }

    // Start-up to the first frame on the demo journal (the sample data).
    Benchmark("first frame, demo journal") { benchmark in
        let path = FileManager.default.currentDirectoryPath + "/../sample-data/jpa-2015.jsonl"
        for _ in benchmark.scaledIterations {
            let (journal, caseFile) = Journals.replay(path)
            let state = ConsoleState(caseFile: caseFile, width: 100, height: 30, now: SampleScenario.screensNow,
                                     user: "k.perera", journalPath: path)
            blackHole(render(state))
            journal.close()
        }
    }

    // One durable commit: append one event and make it durable (the commit log synced; see CommitLog).
    // Then the same, signed: the roster holds every officer's key, and each commit carries its actor's signature.
    for signed in [false, true] {
        Benchmark("one durable commit\(signed ? ", signed" : "")", configuration: .init(
            metrics: [.wallClock, .mallocCountTotal], timeUnits: .microseconds, maxDuration: .seconds(10), maxIterations: 500)
        ) { benchmark in
            let folder = NSTemporaryDirectory() + "tandem-commit-\(signed)-\(getpid())"
            try? FileManager.default.removeItem(atPath: folder)
            let opened = try Journal.create(at: folder + "/j.jsonl", id: "commit", now: { Timestamp(secondsSinceEpoch: 0) })
            let keys = signed ? Journals.keys(seed: 3) : [:]
            let roster = keys.mapValues(\.publicText)
            opened.journal.signers = keys
            var casework = SyntheticCasework(seed: 3) { roster[$0] }
            let events = (0..<1000).map { _ in casework.next()! }
            var next = 0
            for _ in benchmark.scaledIterations {
                benchmark.startMeasurement()
                try opened.journal.append([events[next % events.count]])
                benchmark.stopMeasurement()
                next += 1
                if next == events.count { break }
            }
            opened.journal.close()
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    // One Ed25519 signature of a commit's last line, alone.
    Benchmark("Ed25519 signature of one line", configuration: .init(metrics: [.wallClock], timeUnits: .microseconds, maxIterations: 2000)) { benchmark in
        let key = OfficerKey(user: "bench")
        let line = Array(repeating: UInt8(ascii: "x"), count: 380)[...]
        for _ in benchmark.scaledIterations { blackHole(key.sign(line)) }
    }

    // tandem verify of a signed journal, against Ed25519 verification alone of the same signatures on every core.
    Benchmark("verify 1M-event signed journal (chain, every signature and role)",
              configuration: .init(maxDuration: .seconds(120), maxIterations: 3)) { benchmark in
        let path = Journals.signedPath(events: 1_000_000)
        benchmark.startMeasurement()
        let report = try Journal.verify(at: path)
        benchmark.stopMeasurement()
        precondition(report.isIntact && report.signedCommits == 1_000_000)
    }
    Benchmark("Ed25519 verification alone of the same 1M signatures, every core",
              configuration: .init(maxDuration: .seconds(120), maxIterations: 3)) { benchmark in
        let floor = SignatureFloor(journal: Journals.signedPath(events: 1_000_000), keys: Journals.keys(seed: 1))
        benchmark.startMeasurement()
        let held = floor.verifyAll()
        benchmark.stopMeasurement()
        precondition(held == 1_000_000)
    }

    // Bulk import: a million events written in large pieces with one fsync.
    Benchmark("bulk import 1M events", configuration: .init(maxDuration: .seconds(60), maxIterations: 3)) { benchmark in
        let folder = NSTemporaryDirectory() + "tandem-import-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        var casework = SyntheticCasework(seed: 1)
        let events = (0..<1_000_000).map { _ in casework.next()! }
        let opened = try Journal.create(at: folder + "/j.jsonl", id: "import", now: { Timestamp(secondsSinceEpoch: 0) })
        benchmark.startMeasurement()
        try opened.journal.appendMany(events)
        benchmark.stopMeasurement()
        opened.journal.close()
        try? FileManager.default.removeItem(atPath: folder)
    }

    // One keystroke in the filter over 100k+ enquiries, with a 200x60 frame.
    // The console is opened once (setup); each sample is one keystroke.
    Benchmark("filter keystroke, 100k records (200x60)",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal], timeUnits: .microseconds,
                                   warmupIterations: 0, maxDuration: .seconds(30), maxIterations: 3000),
              closure: { benchmark in
                  let key = Keystrokes.typing[Keystrokes.next % Keystrokes.typing.count]
                  benchmark.startMeasurement()
                  _ = update(&Keystrokes.state, .key(key), lists: Keystrokes.lists)
                  blackHole(render(Keystrokes.state))
                  benchmark.stopMeasurement()
                  Keystrokes.next += 1
                  if Keystrokes.next % Keystrokes.typing.count == 0 {
                      // The query is cleared and typed again.
                      _ = update(&Keystrokes.state, .key(.escape), lists: Keystrokes.lists)
                      _ = update(&Keystrokes.state, .key(.character("/")), lists: Keystrokes.lists)
                  }
              },
              setup: { Keystrokes.open(firstKeystroke: true) })

    // The frame after a change is saved while a filter is on (the list is
    // worked out again: the changed records are indexed again, not all of them).
    Benchmark("filter, frame after a save, 100k records (200x60)",
              configuration: .init(metrics: [.wallClock], timeUnits: .milliseconds, maxDuration: .seconds(30), maxIterations: 40),
              closure: { benchmark in Keystrokes.frameAfterChase(benchmark) { .saved([$0]) } },
              setup: {
                  Keystrokes.open(firstKeystroke: true)
                  for key in "to:tha crew" { _ = update(&Keystrokes.state, .key(.character(key)), lists: Keystrokes.lists) }
                  blackHole(render(Keystrokes.state))
              })

    // The frame after another console's change reaches an officer off the roster: it is carried
    // over to the part of the case file they may read (see `ConsoleState.apply`).
    Benchmark("frame after a change arrives, off the roster, 1M events (200x60)",
              configuration: .init(metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds, maxDuration: .seconds(30), maxIterations: 20),
              closure: { benchmark in Keystrokes.frameAfterChase(benchmark) { .arrived([$0]) } },
              setup: {
                  Keystrokes.open(firstKeystroke: false)
                  Keystrokes.state.user = "nobody"
                  _ = update(&Keystrokes.state, .key(.escape), lists: Keystrokes.lists)
                  blackHole(render(Keystrokes.state))
              })

    // The very first keystroke, which makes each record's search text.
    Benchmark("filter first keystroke, 100k records (200x60)",
              configuration: .init(metrics: [.wallClock], timeUnits: .milliseconds, maxDuration: .seconds(60), maxIterations: 5),
              closure: { benchmark in
                  Keystrokes.open(firstKeystroke: false)
                  benchmark.startMeasurement()
                  _ = update(&Keystrokes.state, .key(.character("c")), lists: Keystrokes.lists)
                  blackHole(render(Keystrokes.state))
                  benchmark.stopMeasurement()
              })

    // The debrief report (as `tandem report` makes it).
    for events in [100_000, 1_000_000] {
        Benchmark("report \(events / 1000)k events") { benchmark in
            let path = Journals.path(events: events)
            benchmark.startMeasurement()
            var caseFile = CaseFile()
            let opening = try Journal.open(at: path, create: false, readOnly: true, now: { Timestamp(secondsSinceEpoch: 0) },
                                           onlyTypes: Debrief.eventTypes) { caseFile.apply($0.event) }
            let operation = caseFile.operations.all.last!
            let debrief = Debrief(operation: operation, caseFile: caseFile, asOf: Timestamp(secondsSinceEpoch: Int64.max / 2))
            blackHole(DebriefText.markdown(debrief))
            benchmark.stopMeasurement()
            opening.journal.close()
        }
    }
}

/// The console state the keystroke benchmarks type into: the 1M-event journal's
/// Enquiries pane (about 110,000 enquiries), with the filter open.
enum Keystrokes {
    nonisolated(unsafe) static var state = ConsoleState(caseFile: CaseFile(), width: 200, height: 60,
                                                        now: Timestamp(secondsSinceEpoch: 0), user: "sup1", journalPath: "bench")
    nonisolated(unsafe) static var next = 0
    /// The work the console keeps between frames (the session holds one the same way).
    static let lists = ListCache()
    nonisolated(unsafe) static var caseFile: CaseFile?

    /// An officer types a query, corrects it, and types another.
    static let typing: [Key] = "status:sent to:tha crew".map { .character($0) } + Array(repeating: .backspace, count: 4)
        + "bank".map { .character($0) } + Array(repeating: .backspace, count: 9) + "overdue".map { .character($0) }

    /// A chase of an enquiry (another each time) reaching the console as `message` says, and the frame after it.
    static func frameAfterChase(_ benchmark: Benchmark, _ message: (Event) -> Message) {
        let enquiries = state.caseFile.enquiries.all
        let reference = enquiries[(next * 7919) % enquiries.count].reference
        next += 1
        let chase = Event(time: state.now, actor: "sup1", change: .enquiryChased(reference: reference))
        benchmark.startMeasurement()
        _ = update(&state, message(chase), lists: lists)
        blackHole(render(state))
        benchmark.stopMeasurement()
    }

    static func open(firstKeystroke: Bool) {
        if caseFile == nil {
            let (journal, replayed) = Journals.replay(Journals.path(events: 1_000_000))
            journal.close()
            caseFile = replayed
        }
        state = ConsoleState(caseFile: caseFile!, width: 200, height: 60, now: Timestamp(Day(iso8601: "2025-01-01")!),
                             user: "sup1", journalPath: "bench")
        _ = update(&state, .key(.character("3")))
        blackHole(render(state))
        _ = update(&state, .key(.character("/")))
        if firstKeystroke {
            // Make the search text now, so that the samples are the keystrokes that follow.
            _ = update(&state, .key(.character("x")))
            _ = update(&state, .key(.backspace))
        }
        next = 0
    }
}
