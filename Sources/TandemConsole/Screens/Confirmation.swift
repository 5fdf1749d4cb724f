import TandemCore

extension Confirmation {
    /// The question to ask before a status change, if it needs one: a status
    /// that cannot be taken back, or an enquiry sent with a warning on it.
    static func before(_ proposal: Proposal, code: String, from: String, to: String, in c: CaseFile) -> Confirmation? {
        let change = proposal.change
        let consequence = change.statusConsequence
        var warning: String?
        if case .enquiryStatusChanged(let reference, .sent) = change, let e = c.enquiries[reference], e.coerciveOnWrongChannel {
            warning = "Warning: it asks for coercive measures, which need mutual legal assistance through the central authority, not \(e.channel.label)."
        }
        guard consequence != nil || warning != nil else { return nil }
        var lines = [PaneRecords.title(of: code, c), "Status: \(from) → \(to)"]
        if let consequence { lines.append("This is \(consequence.consequence).") }
        if let warning { lines.append(warning) }
        let asksReason = consequence?.asksReason == true
        return Confirmation(title: "\(code) → \(to)", lines: lines, then: .commit(proposal),
                            reason: asksReason ? TextInput() : nil, reasonFor: asksReason ? to : nil)
    }
}
