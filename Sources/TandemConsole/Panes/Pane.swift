import TandemCore

/// The console's panes, in tab order; `1`–`5` jump to them. Each list pane's
/// spec (one file each in Panes/) holds everything about its records.
public enum Pane: Int, CaseIterable, Sendable {
    case networks, investigations, enquiries, referrals, dashboard

    /// The pane's records, columns, filter, detail, forms and statuses; nil for the Dashboard.
    var spec: PaneSpec.Type? {
        switch self {
        case .networks: NetworksPane.self
        case .investigations: InvestigationsPane.self
        case .enquiries: EnquiriesPane.self
        case .referrals: ReferralsPane.self
        case .dashboard: nil
        }
    }

    public var title: String { spec?.title ?? "Dashboard" }

    /// The title when the tab bar is short of room.
    public var shortTitle: String { spec?.shortTitle ?? title }

    /// Whether the pane is a list of records (the dashboard is not).
    public var isList: Bool { spec != nil }

    public var next: Pane { Pane(rawValue: (rawValue + 1) % Pane.allCases.count)! }
    public var previous: Pane { Pane(rawValue: (rawValue + Pane.allCases.count - 1) % Pane.allCases.count)! }

    func recordCount(in caseFile: CaseFile) -> Int { spec?.count(caseFile) ?? 0 }
}
