/// The whole in-memory case model: what replaying the journal produces.
public struct CaseFile: Equatable, Sendable {
    public private(set) var networks = RecordTable<Network>()
    public private(set) var investigations = RecordTable<JointInvestigation>()
    public private(set) var enquiries = RecordTable<Enquiry>()
    public private(set) var referrals = RecordTable<Referral>()

    public init() {}

    public init(replaying events: some Sequence<Event>) {
        for event in events { apply(event) }
    }

    public var recordCount: Int {
        networks.count + investigations.count + enquiries.count + referrals.count
    }

    /// Whether any record of any kind already uses this code.
    public func isCodeInUse(_ code: String) -> Bool {
        networks.contains(code) || investigations.contains(code)
            || enquiries.contains(code) || referrals.contains(code)
    }

    /// Applies one event. Events are validated before they are written, so a
    /// journal's events always apply; one naming an unknown record changes nothing.
    public mutating func apply(_ event: Event) {
        switch event.change {
        case .networkCreated(let network):
            networks.insert(network, code: network.code)
        case .investigationCreated(let investigation):
            investigations.insert(investigation, code: investigation.code)
        case .enquiryCreated(let enquiry):
            enquiries.insert(enquiry, code: enquiry.reference)
        case .referralCreated(let referral):
            referrals.insert(referral, code: referral.reference)
        case .networkStatusChanged(let code, let status):
            networks.update(code) { $0.status = status }
        case .investigationStatusChanged(let code, let status):
            investigations.update(code) { $0.status = status }
        case .enquiryStatusChanged(let reference, let status):
            enquiries.update(reference) { enquiry in
                enquiry.status = status
                switch status {
                case .sent: enquiry.sent = enquiry.sent ?? event.time
                case .acknowledged: enquiry.acknowledged = enquiry.acknowledged ?? event.time
                case .answeredFull, .answeredPartial: enquiry.answered = event.time
                default: break
                }
            }
        case .referralStatusChanged(let reference, let status):
            referrals.update(reference) { $0.status = status }
        }
    }
}
