import ArgumentParser
import Foundation
import TandemCore
import TandemSample

/// For the side-by-side benchmarks: the synthetic casework that `tandem
/// generate` writes, also written in the forms other tools take, so that each
/// compares like with like.
struct PeerData: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "peer-data", abstract: "Write the synthetic casework in other tools' forms.")

    @Option(help: "How many events of casework to make.") var events = 0
    @Option var seed: UInt64 = 1
    @Option(help: "ledger journal: one transaction per event.") var ledger: String?
    @Option(help: "taskwarrior import file (JSON): one task per enquiry.") var tasks: String?
    @Option(help: "CSV of the enquiries, for tandem import.") var csv: String?
    @Option(help: "SQL: the enquiries as INSERTs in one transaction.") var sql: String?
    @Option(help: "SQL: the events as a table of dated counts, for a GROUP BY.") var eventsSql: String?
    @Option(help: "Instead of casework, only this many enquiries (for --csv, --sql and --tasks).") var enquiries: Int?

    func run() throws {
        var casework = SyntheticCasework(seed: seed)
        var ledgerText = "", taskLines: [String] = [], csvLines: [String] = [], sqlLines: [String] = [], eventLines: [String] = []
        csvLines.append(CSV.line(["reference", "requesting country", "requested country", "channel", "priority", "subject", "drafted", "due date", "handling"]))
        let made: AnySequence<Event> = enquiries.map { count in
            AnySequence((0..<count).lazy.map { n in
                let e = SyntheticCasework.enquiry(number: n)
                return Event(time: e.drafted, actor: "lo1", change: .enquiryCreated(e))
            })
        } ?? AnySequence((0..<events).lazy.map { _ in casework.next()! })
        for event in made {
            let day = event.time.day.iso8601
            let type = event.change.type
            if ledger != nil {
                ledgerText += "\(day.replacingOccurrences(of: "-", with: "/")) \(type) \(event.change.entity)\n"
                ledgerText += "    Casework:\(type):\(event.actor)  1 EV\n    Officers:\(event.actor)\n\n"
            }
            if eventsSql != nil {
                eventLines.append("INSERT INTO events VALUES('\(type)','\(event.actor)','\(day)',1);")
            }
            guard case .enquiryCreated(let e) = event.change else { continue }
            if tasks != nil {
                let subject = e.subject.replacingOccurrences(of: "\"", with: "'")
                taskLines.append(#"{"description":"\#(e.reference) \#(subject)","project":"\#(e.requested.code)","status":"pending","entry":"\#(compact(e.drafted))","due":"\#(compact(e.due))","tags":["\#(e.channel.rawValue)"],"uuid":"\#(uuid(taskLines.count))"}"#)
            }
            if csv != nil {
                csvLines.append(CSV.line([e.reference, e.requesting.code, e.requested.code, e.channel.rawValue, e.priority.rawValue,
                                          e.subject, e.drafted.iso8601, e.due.iso8601, e.handling.rawValue]))
            }
            if sql != nil {
                let subject = e.subject.replacingOccurrences(of: "'", with: "''")
                sqlLines.append("INSERT INTO enquiries VALUES('\(e.reference)','\(e.requesting.code)','\(e.requested.code)','\(e.channel.rawValue)','\(e.priority.rawValue)','\(subject)','\(e.due.iso8601)','\(e.handling.rawValue)');")
            }
        }
        if let ledger { try ledgerText.write(toFile: ledger, atomically: true, encoding: .utf8) }
        if let tasks { try (taskLines.joined(separator: "\n") + "\n").write(toFile: tasks, atomically: true, encoding: .utf8) }
        if let csv { try csvLines.joined().write(toFile: csv, atomically: true, encoding: .utf8) }
        let schema = "CREATE TABLE enquiries(reference TEXT PRIMARY KEY, requesting TEXT, requested TEXT, channel TEXT, priority TEXT, subject TEXT, due TEXT, handling TEXT);"
        if let sql {
            try ([schema, "BEGIN;"] + sqlLines + ["COMMIT;"]).joined(separator: "\n").write(toFile: sql, atomically: true, encoding: .utf8)
        }
        if let eventsSql {
            try (["CREATE TABLE events(type TEXT, actor TEXT, day TEXT, count INTEGER);", "BEGIN;"] + eventLines + ["COMMIT;"])
                .joined(separator: "\n").write(toFile: eventsSql, atomically: true, encoding: .utf8)
        }
    }

    private func compact(_ t: Timestamp) -> String { t.iso8601.filter { $0 != "-" && $0 != ":" } }
    private func uuid(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        let padded = String(repeating: "0", count: 12 - hex.count) + hex
        return "00000000-0000-4000-8000-\(padded)"
    }
}
