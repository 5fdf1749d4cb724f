/// A spreadsheet row's record as it stands, made again as the events that
/// would have brought it there: its creation, then each status change along
/// the lifecycle (through the statuses the row gives dates for, each dated
/// when it happened), a revised due date, its chases and its answer. So an
/// export read back gives the same records, every step in the journal.
struct RowHistory {
    /// One change after the creation, when it happened (nil: when it is imported),
    /// and the column a refusal of it is about.
    struct Step {
        var change: Change
        var happened: Timestamp?
        var column: String
    }

    var steps: [Step] = []

    /// The statuses from `start` to `target` through each waypoint in order, by
    /// the shortest moves the lifecycle allows; nil when there is no such path.
    static func path<S: Hashable>(from start: S, through waypoints: [S], to target: S, next: (S) -> [S]) -> [S]? {
        var path: [S] = []
        var at = start
        for stop in waypoints + [target] where stop != at {
            guard let leg = shortest(from: at, to: stop, next: next) else { return nil }
            path += leg
            at = stop
        }
        return path
    }

    /// The statuses after `start` up to and including `target`.
    private static func shortest<S: Hashable>(from start: S, to target: S, next: (S) -> [S]) -> [S]? {
        var previous: [S: S] = [:]
        var queue = [start]
        var seen: Set<S> = [start]
        while !queue.isEmpty {
            let current = queue.removeFirst()
            if current == target {
                var leg: [S] = []
                var step = current
                while step != start {
                    leg.insert(step, at: 0)
                    step = previous[step]!
                }
                return leg
            }
            for n in next(current) where seen.insert(n).inserted {
                previous[n] = current
                queue.append(n)
            }
        }
        return nil
    }

    /// The columns an enquiry's history is read from (with its status).
    static let enquiryColumns = ["sent", "acknowledged", "answered", "revised due", "last chased", "chases", "answer"]

    /// An enquiry's history after its creation, from the columns an export writes.
    static func enquiry(_ e: Enquiry, target: EnquiryStatus, cell: (String) -> String, now: Timestamp, zone: OfficerZone) throws(Refusal) -> RowHistory {
        func time(_ field: String) throws(Refusal) -> Timestamp? {
            let text = cell(field).trimmingWhitespace
            return text.isEmpty ? nil : try DateInput.parse(text, now: now, field: field, zone: zone)
        }
        let sent = try time("sent"), acknowledged = try time("acknowledged"), answered = try time("answered")
        let revisedDue = try time("revised due"), lastChased = try time("last chased")
        let chasesText = cell("chases").trimmingWhitespace
        guard let chases = chasesText.isEmpty ? 0 : Int(chasesText), chases >= 0, chases <= 1000 else {
            throw Refusal(field: "chases", reason: "\"\(chasesText)\" is not a whole number from 0 to 1,000")
        }
        let answerText = cell("answer").trimmingWhitespace
        var history = RowHistory()
        if let revisedDue {
            history.steps.append(Step(change: .enquiryDueRevised(reference: e.reference, to: revisedDue), happened: nil, column: "revised due"))
        }
        // An answered enquiry that moved on (closed) was answered in full or in part: the text says which it could be.
        let answeredStatus: EnquiryStatus? = answered == nil ? nil
            : [.answeredFull, .answeredPartial].contains(target) ? target : .answeredFull
        let waypoints = [sent.map { _ in EnquiryStatus.sent }, acknowledged.map { _ in .acknowledged }, answeredStatus].compactMap { $0 }
        guard let statuses = path(from: .draft, through: waypoints, to: target, next: { $0.allowedNext }) else {
            throw Refusal(field: "status", reason: "\(target.label) cannot be reached from a draft through the dates given")
        }
        var chased = chases == 0
        for (i, status) in statuses.enumerated() {
            let when: (Timestamp?, String)
            switch status {
            case .sent: when = (sent, "sent")
            case .acknowledged: when = (acknowledged, "acknowledged")
            default: when = status == answeredStatus ? (answered, "answered") : (nil, "status")
            }
            if (status == .answeredFull || status == .answeredPartial) && !answerText.isEmpty {
                history.steps.append(Step(change: .enquiryAnswered(reference: e.reference, EnquiryAnswer(full: status == .answeredFull, text: answerText)),
                                          happened: when.0, column: when.1))
            } else {
                history.steps.append(Step(change: .enquiryStatusChanged(reference: e.reference, to: status), happened: when.0, column: when.1))
            }
            // Chases while it awaits an answer, after the last status in which it did.
            let next = i + 1 < statuses.count ? statuses[i + 1] : nil
            if !chased, status.isAwaitingAnswer, next.map({ !$0.isAwaitingAnswer }) ?? true {
                for k in 1...chases {
                    let note = chases == 1 ? "" : "imported: chase \(k) of \(chases); the spreadsheet gives only the last one's time"
                    history.steps.append(Step(change: .enquiryChased(reference: e.reference, chase: Chase(note: note)), happened: lastChased, column: "chases"))
                }
                chased = true
            }
        }
        if !chased { throw Refusal(field: "chases", reason: "an enquiry is chased only while it awaits an answer; \(target.label) never did") }
        return history
    }

    /// A network's or a referral's status changes, undated.
    static func statuses<S: Hashable>(to target: S, from start: S, next: (S) -> [S], label: String,
                                      change: (S) -> Change) throws(Refusal) -> RowHistory {
        guard let statuses = path(from: start, through: [], to: target, next: next) else {
            throw Refusal(field: "status", reason: "\(label) cannot be reached from where a new record starts")
        }
        return RowHistory(steps: statuses.map { Step(change: change($0), happened: nil, column: "status") })
    }
}
