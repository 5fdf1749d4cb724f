import TandemCore

/// The figures of the Dashboard that count records: each opens, with Enter,
/// the list it counts, already filtered. A figure's count and its list are the
/// same query (a test holds them together).
struct DashboardFigure: Equatable {
    /// How many figures `all` gives (moving among them needs no counting).
    static let count = 5

    var label: String
    var count: Int
    /// What the count is made of, in a few words.
    var detail: String
    var pane: Pane
    var filter: String

    /// The figures at `now`, its days those of the officer's `zone` (what is due today, what is late).
    static func all(_ c: CaseFile, now: Timestamp, zone: OfficerZone) -> [DashboardFigure] {
        let today = zone.day(of: now)
        let inTwoDays = Day(daysSinceEpoch: today.daysSinceEpoch + 2)
        let open = c.openInvestigations
        let overdue = c.overdueEnquiries(at: now)
        let submitted = c.enquiries.all.filter { $0.status == .submitted }
        let awaiting = EnquiryStatus.allCases.filter(\.isAwaitingAnswer)
        // Those days' bounds in time, worked out once: no zone is looked up for each enquiry at each frame.
        let from = zone.moment(atLocal: Timestamp(today))
        let until = zone.moment(atLocal: Timestamp(Day(daysSinceEpoch: inTwoDays.daysSinceEpoch + 1)))
        let dueSoon = c.enquiries.all.filter { e in e.status.isAwaitingAnswer && e.currentDue >= from && e.currentDue < until }
        let late = c.investigations.all.filter { InvestigationsPane.hasLateItems($0, on: today) }
        let lateItems = late.reduce(0) { $0 + $1.actionItems.filter { $0.isLate(on: today) }.count }
        let openStatuses = InvestigationStatus.allCases.filter(\.isOpen)
        return [
            DashboardFigure(label: "Open investigations", count: open.count,
                            detail: open.isEmpty ? "none" : "by lead: \(DashboardView.tally(open.map(\.lead)))",
                            pane: .investigations, filter: "status:" + openStatuses.map(\.rawValue).joined(separator: ",")),
            DashboardFigure(label: "Overdue enquiries", count: overdue.count,
                            detail: overdue.isEmpty ? "none" : "by requested country: \(DashboardView.tally(overdue.map(\.requested)))",
                            pane: .enquiries, filter: "overdue"),
            DashboardFigure(label: "Due in the next 48 hours", count: dueSoon.count,
                            detail: "waiting for an answer, due from today to \(inTwoDays.iso8601)",
                            pane: .enquiries, filter: "status:\(awaiting.map(\.rawValue).joined(separator: ",")) due:\(today.iso8601)..\(inTwoDays.iso8601)"),
            DashboardFigure(label: "Waiting for approval", count: submitted.count,
                            detail: "submitted for a supervisor to approve and send, or return", pane: .enquiries, filter: "status:submitted"),
            DashboardFigure(label: "Late action items", count: late.count,
                            detail: late.isEmpty ? "none" : "investigations with \(lateItems) item\(lateItems == 1 ? "" : "s") past due: \(late.map(\.code).joined(separator: ", "))",
                            pane: .investigations, filter: "overdue"),
        ]
    }
}
