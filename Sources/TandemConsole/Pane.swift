import TandemCore

/// The console's panes, in tab order; `1`–`4` jump to them.
public enum Pane: Int, CaseIterable, Sendable {
    case networks, investigations, enquiries, referrals, dashboard

    public var title: String {
        switch self {
        case .networks: "Networks"
        case .investigations: "Joint investigations"
        case .enquiries: "Enquiries"
        case .referrals: "NCB referrals"
        case .dashboard: "Dashboard"
        }
    }

    /// The title when the tab bar is short of room.
    public var shortTitle: String {
        switch self {
        case .investigations: "Joint inv."
        case .referrals: "NCB ref."
        default: title
        }
    }

    /// Whether the pane is a list of records (the dashboard is not).
    public var isList: Bool { self != .dashboard }

    public var next: Pane { Pane(rawValue: (rawValue + 1) % Pane.allCases.count)! }
    public var previous: Pane { Pane(rawValue: (rawValue + Pane.allCases.count - 1) % Pane.allCases.count)! }

    func recordCount(in caseFile: CaseFile) -> Int {
        switch self {
        case .networks: caseFile.networks.count
        case .investigations: caseFile.investigations.count
        case .enquiries: caseFile.enquiries.count
        case .referrals: caseFile.referrals.count
        case .dashboard: 0
        }
    }
}
