import TandemCore

/// A pane's records by code and by position in its table.
enum PaneRecords {
    static func code(of index: Int, in pane: Pane, _ c: CaseFile) -> String {
        switch pane {
        case .networks: c.networks.all[index].code
        case .investigations: c.investigations.all[index].code
        case .enquiries: c.enquiries.all[index].reference
        case .referrals: c.referrals.all[index].reference
        case .dashboard: ""
        }
    }

    static func index(of code: String, in pane: Pane, _ c: CaseFile) -> Int? {
        switch pane {
        case .networks: c.networks.index(of: code)
        case .investigations: c.investigations.index(of: code)
        case .enquiries: c.enquiries.index(of: code)
        case .referrals: c.referrals.index(of: code)
        case .dashboard: nil
        }
    }

    /// The list pane that holds a record with this code, if one does.
    static func pane(of code: String, _ c: CaseFile) -> Pane? {
        Pane.allCases.first { $0.isList && index(of: code, in: $0, c) != nil }
    }

    /// The pane a created record appears in.
    static func pane(createdBy change: Change) -> Pane? {
        switch change {
        case .networkCreated: .networks
        case .investigationCreated: .investigations
        case .enquiryCreated: .enquiries
        case .referralCreated: .referrals
        default: nil
        }
    }
}

extension PaneRecords {
    /// A record's code and what it is, in a line.
    static func title(of code: String, _ c: CaseFile) -> String {
        if let n = c.networks[code] { return "\(n.code) · \(n.name)" }
        if let i = c.investigations[code] { return "\(i.code) · \(i.title)" }
        if let e = c.enquiries[code] { return "Enquiry \(e.reference) · \(e.subject)" }
        if let r = c.referrals[code] { return "\(r.reference) · \(r.kind.label) · \(r.subject)" }
        return code
    }
}
