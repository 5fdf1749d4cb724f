/// What waits for an officer, most urgent first: enquiries overdue or due soon,
/// drafts to approve (supervisors), late action-plan items, referrals waiting
/// for a hit report. An officer's own records are those they created or were
/// the last to change (`RecordStamp`); a supervisor's are all of them.
public struct AgendaItem: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case overdue, lateAction = "late-action", toApprove = "to-approve", dueSoon = "due-soon", awaitingHit = "awaiting-hit"

        public var label: String {
            switch self {
            case .overdue: "OVERDUE"
            case .lateAction: "LATE ITEM"
            case .toApprove: "TO APPROVE"
            case .dueSoon: "DUE SOON"
            case .awaitingHit: "AWAITING HIT"
            }
        }
    }

    public var kind: Kind
    public var code: String
    /// When it is or was due, if it has a date.
    public var due: Timestamp?
    public var text: String
}

public enum Agenda {
    /// The items for `user` at `now`, looking `within` seconds ahead for what
    /// falls due; times said in the officer's `zone`, with its offset.
    public static func items(_ c: CaseFile, user: String, now: Timestamp, within seconds: Int64, zone: OfficerZone = .utc) -> [AgendaItem] {
        let supervisor = c.role(of: user) == .supervisor
        func concerning<R>(_ table: RecordTable<R>) -> [R] { supervisor ? table.all : table.records(stamped: { $0.isMine(user) }) }
        let horizon = now.adding(seconds: seconds)
        var items: [AgendaItem] = []
        for e in concerning(c.enquiries) {
            // Made only for an enquiry that is on the agenda (a supervisor's looks at every one).
            var to: String { "enquiry \(e.requesting.code)→\(e.requested.code) by \(e.channel.label): \(e.subject)" }
            if e.isOverdue(at: now) {
                let late = NumberText.span(seconds: now.secondsSinceEpoch - e.currentDue.secondsSinceEpoch)
                let chased = e.lastChased.map { "; last chased \(zone.minuteText($0))" } ?? "; never chased"
                items.append(AgendaItem(kind: .overdue, code: e.reference, due: e.currentDue,
                                        text: "\(to) — due \(zone.minuteText(e.currentDue)) (\(late) ago\(chased)): chase it"))
            } else if e.status.isAwaitingAnswer, e.currentDue <= horizon {
                items.append(AgendaItem(kind: .dueSoon, code: e.reference, due: e.currentDue, text: "\(to) — due \(zone.minuteText(e.currentDue))"))
            } else if e.status == .submitted, supervisor {
                items.append(AgendaItem(kind: .toApprove, code: e.reference, due: e.currentDue,
                                        text: "\(to) — drafted \(zone.minuteText(e.drafted)), submitted for approval: approve and send, or return it"))
            }
        }
        // Late once its day is over where the officer is.
        let today = zone.day(of: now)
        for i in concerning(c.investigations) {
            for item in i.actionItems where item.isLate(on: today) {
                items.append(AgendaItem(kind: .lateAction, code: i.code, due: Timestamp(item.due),
                                        text: "action \(item.id) for \(item.owner.code), due \(item.due.iso8601): \(item.item)"))
            }
        }
        for r in concerning(c.referrals) where r.status == .published || (r.status == .sent && r.allowedNext.contains(.hit)) {
            items.append(AgendaItem(kind: .awaitingHit, code: r.reference, due: nil,
                                    text: "\(r.kind.label) by NCB \(r.issuingNCB.code), \(r.status.label): \(r.subject)"))
        }
        // Most urgent first: by kind in the order above, then the earliest due.
        let order = Dictionary(uniqueKeysWithValues: AgendaItem.Kind.allCases.enumerated().map { ($1, $0) })
        return items.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.kind != y.kind { return order[x.kind]! < order[y.kind]! }
            if let dx = x.due, let dy = y.due, dx != dy { return dx < dy }
            return a.offset < b.offset
        }.map(\.element)
    }
}
