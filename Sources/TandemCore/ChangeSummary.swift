extension Change {
    /// The change in a few words, for the log and a record's history.
    public var summary: String {
        switch self {
        case .networkCreated(let n):
            "network \(n.name) created: \(n.crimeTypes.map(\.label).joined(separator: ", ")); route \(n.route.map(\.code).joined(separator: "→")); \(n.handling.rawValue)"
        case .investigationCreated(let i):
            "joint investigation \"\(i.title)\" proposed: lead \(i.lead.code), partners \(i.partners.map(\.code).joined(separator: " ")), \(i.start.iso8601) to \(i.end.iso8601); \(i.handling.rawValue)"
        case .enquiryCreated(let e):
            "enquiry drafted \(e.requesting.code)→\(e.requested.code) by \(e.channel.label), \(e.priority.label), due \(e.due.minuteText): \(e.subject); \(e.handling.rawValue)"
        case .referralCreated(let r):
            "\(r.kind.label) drafted by NCB \(r.issuingNCB.code) to \(r.recipientsText): \(r.subject); \(r.handling.rawValue)"
        case .networkStatusChanged(_, let status): "status → \(status.label)"
        case .investigationStatusChanged(_, let status): "status → \(status.label)"
        case .enquiryStatusChanged(_, let status): "status → \(status.label)"
        case .referralStatusChanged(_, let status): "status → \(status.label)"
        }
    }
}
