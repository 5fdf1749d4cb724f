import TandemCore

/// The forms of each kind, new and filled for editing.
extension RecordForm {
    // MARK: Enquiries

    static let enquiryFields: [FormField] = [
        .text("reference", "e.g. AUS/THA/15-031"),
        .country("requesting country"),
        .country("requested country"),
        .picker("channel", Channel.allCases.map(\.label)),
        .picker("priority", Priority.allCases.map(\.label)),
        .text("subject", "what is asked"),
        .text("coercive measures", "search, arrest, seizure; empty: none"),
        .text("due date", "2015-10-05, +8h, +7d; empty: channel default"),
        .picker("handling", Handling.allCases.map(\.rawValue)),
    ]

    public static func newEnquiry() -> RecordForm {
        let draft = EnquiryDraft()
        return RecordForm(.enquiry, fields: enquiryFields, values: [
            "channel": Channel(rawValue: draft.channel)!.label, "priority": draft.priority, "handling": draft.handling,
        ])
    }

    /// An enquiry's form to edit it; its due date (shown, not changed here) in the officer's `zone`.
    public static func editing(_ enquiry: Enquiry, zone: OfficerZone) -> RecordForm {
        var form = RecordForm(.enquiry, fields: enquiryFields + [reasonField], values: [
            "reference": enquiry.reference, "requesting country": enquiry.requesting.code,
            "requested country": enquiry.requested.code, "channel": enquiry.channel.label, "priority": enquiry.priority.label,
            "subject": enquiry.subject, "coercive measures": enquiry.coerciveMeasures.map(\.rawValue).joined(separator: ", "),
            "due date": zone.dueText(enquiry.currentDue), "handling": enquiry.handling.rawValue,
        ])
        form.editing = enquiry.reference
        // Who asks and the reference stay; the due date is revised by its own, dated change. Once it
        // is sent, what it asks is changed by a supervisor only, with a reason (the core says so).
        form.locked = ["reference", "requesting country", "due date"]
        form.focus(on: enquiry.status == .draft ? "channel" : "priority")
        return form
    }

    var enquiryDraft: EnquiryDraft {
        var draft = EnquiryDraft()
        draft.reference = value("reference")
        draft.requesting = value("requesting country")
        draft.requested = value("requested country")
        draft.channel = value("channel")
        draft.priority = value("priority")
        draft.subject = value("subject")
        draft.due = value("due date")
        draft.handling = value("handling")
        return draft
    }

    /// On an edit form: why, when the rules ask (handling lowered, a sent enquiry changed).
    static let reasonField = FormField.text("reason", "why, if you lower the handling or change a sent enquiry")

    // MARK: Networks

    static let networkFields: [FormField] = [
        .text("code", "e.g. NET-7KQ2"),
        .text("name", "the name officers use for it"),
        .text("aliases", "other names, separated by ;"),
        .text("crime types", "; between: " + CrimeType.allCases.map(\.shortLabel).joined(separator: ", ")),
        .text("sectors", "; between: " + Sector.allCases.map(\.label).joined(separator: ", ")),
        .text("route", "countries in order, origin first: MMR THA MYS"),
        .text("modus operandi", "how it recruits, moves and exploits"),
        .picker("reliability", SourceReliability.allCases.map(\.rawValue)),
        .picker("accuracy", InformationAccuracy.allCases.map(\.rawValue)),
        .picker("handling", Handling.allCases.map(\.rawValue)),
    ]

    public static func newNetwork() -> RecordForm {
        RecordForm(.network, fields: networkFields, values: ["reliability": "B", "accuracy": "2", "handling": Handling.h2.rawValue])
    }

    public static func editing(_ network: Network) -> RecordForm {
        var form = RecordForm(.network, fields: networkFields + [reasonField], values: [
            "code": network.code, "name": network.name, "aliases": network.aliases.joined(separator: "; "),
            "crime types": network.crimeTypes.map(\.shortLabel).joined(separator: "; "),
            "sectors": network.sectors.map(\.label).joined(separator: "; "),
            "route": network.route.map(\.code).joined(separator: " "), "modus operandi": network.modusOperandi,
            "reliability": network.reliability.rawValue, "accuracy": network.accuracy.rawValue, "handling": network.handling.rawValue,
        ])
        form.editing = network.code
        form.seen = .networkRevised(network)
        form.locked = ["code"]
        form.focus(on: "name")
        return form
    }

    // MARK: Joint investigations

    static let investigationFields: [FormField] = [
        .text("code", "e.g. JIT-AUS-IDN-01"),
        .text("title", "what the countries investigate together"),
        .country("lead country"),
        .text("partners", "partner countries: IDN MYS"),
        .text("target networks", "network codes: NET-7KQ2 NET-3WXP"),
        .picker("legal basis", LegalBasis.allCases.map(\.label)),
        .text("start", "2015-10-05 or +7d; empty: today"),
        .text("end", "2016-03-31 or +26w"),
        .text("team leaders", "focal-point codes: FP-AUS-01"),
        .picker("handling", Handling.allCases.map(\.rawValue)),
    ]

    public static func newInvestigation() -> RecordForm {
        RecordForm(.investigation, fields: investigationFields, values: ["handling": Handling.h2.rawValue])
    }

    public static func editing(_ investigation: JointInvestigation) -> RecordForm {
        var form = RecordForm(.investigation, fields: investigationFields + [reasonField], values: [
            "code": investigation.code, "title": investigation.title, "lead country": investigation.lead.code,
            "partners": investigation.partners.map(\.code).joined(separator: " "),
            "target networks": investigation.targetNetworks.joined(separator: " "),
            "legal basis": investigation.legalBasis.label, "start": investigation.start.iso8601,
            "end": investigation.currentEnd.iso8601, "team leaders": investigation.teamLeaders.joined(separator: " "),
            "handling": investigation.handling.rawValue,
        ])
        form.editing = investigation.code
        form.seen = .investigationRevised(investigation)
        // The lead and the agreed period stay; the period grows by a dated extension.
        form.locked = ["code", "lead country", "start", "end"]
        form.focus(on: "title")
        return form
    }

    // MARK: NCB referrals

    static let referralFields: [FormField] = [
        .text("reference", "e.g. NCB-THA-2015-12"),
        .picker("kind", ReferralKind.allCases.map(\.label)),
        .country("issuing NCB"),
        .text("recipients", "a diffusion's countries: MYS IDN; others: empty"),
        .text("subject", "who or what it is about"),
        .text("INTERPOL reference", "once the General Secretariat gives one"),
        .picker("handling", Handling.allCases.map(\.rawValue)),
    ]

    public static func newReferral() -> RecordForm {
        RecordForm(.referral, fields: referralFields, values: ["handling": Handling.h2.rawValue])
    }

    public static func editing(_ referral: Referral) -> RecordForm {
        var form = RecordForm(.referral, fields: referralFields + [reasonField], values: [
            "reference": referral.reference, "kind": referral.kind.label, "issuing NCB": referral.issuingNCB.code,
            "recipients": referral.recipients.map(\.code).joined(separator: " "), "subject": referral.subject,
            "INTERPOL reference": referral.interpolReference ?? "", "handling": referral.handling.rawValue,
        ])
        form.editing = referral.reference
        form.seen = .referralRevised(referral)
        form.locked = ["reference", "kind", "issuing NCB"]
        if referral.kind != .diffusion || referral.status != .draft { form.locked.insert("recipients") }
        form.focus(on: "subject")
        return form
    }

    // MARK: Action-plan items and outcomes

    public static func newActionItem(for investigation: JointInvestigation) -> RecordForm {
        RecordForm(.actionItem(investigation: investigation.code), fields: [
            .text("item", "what is to be done"),
            .country("owner", "the country doing it: " + investigation.countries.map(\.code).joined(separator: " ")),
            .text("due date", "2015-11-30 or +14d"),
        ], values: ["owner": investigation.lead.code])
    }

    public static func newOutcome(for investigation: JointInvestigation) -> RecordForm {
        RecordForm(.outcome(investigation: investigation.code), fields: [
            .picker("outcome", OutcomeKind.allCases.map(\.label)),
            .text("count", "how many, e.g. 3"),
            .country("country", "the country it happened in: " + investigation.countries.map(\.code).joined(separator: " ")),
            .text("day", "the day it happened there: 2015-10-12; empty: the day of when"),
            .text("when", "when it happened, your time: 2015-10-12 09:00 or -2d; empty: now"),
        ], values: ["country": investigation.lead.code])
    }

    /// The answer to an enquiry: full or partial, what it said, and when it arrived.
    public static func answer(to enquiry: Enquiry, full: Bool) -> RecordForm {
        RecordForm(.answer(enquiry: enquiry.reference), fields: [
            .picker("answer", ["full", "partial"]),
            .text("text", "what the answer says"),
            .text("when", "when it arrived, your time: 2015-10-12 09:00 or -1d; empty: now"),
        ], values: ["answer": full ? "full" : "partial"])
    }

    /// `c`: a chase of an enquiry: by what means, a word on it, and when.
    public static func chase(of enquiry: Enquiry) -> RecordForm {
        RecordForm(.chase(enquiry: enquiry.reference), fields: [
            .picker("means", ChaseMeans.allCases.map(\.label)),
            .text("note", "who was reached and what they said (optional)"),
            .text("when", "when you chased, your time: 2015-10-12 09:00 or -3h; empty: now"),
        ])
    }

    /// `P`: a supervisor corrects a period entered wrongly (an extension is `x`).
    public static func periodCorrection(for investigation: JointInvestigation) -> RecordForm {
        RecordForm(.periodCorrection(investigation: investigation.code), fields: [
            .text("start", "the agreed start: 2015-10-20"),
            .text("end", "the agreed end: 2016-04-30, or +26w from the start"),
            .text("reason", "why the period was wrong (kept with the correction)"),
        ], values: ["start": investigation.start.iso8601, "end": investigation.end.iso8601])
    }

    /// `T`: a new due date for an open action-plan item.
    public static func actionDue(for investigation: JointInvestigation) -> RecordForm {
        let items = investigation.actionItems.filter { $0.status == .open }.map { "\($0.id) · due \($0.due.iso8601) · \($0.item)" }
        return RecordForm(.actionDue(investigation: investigation.code), fields: [
            .picker("item", items),
            .text("due date", "the new due date: 2015-12-15 or +14d"),
        ])
    }

    /// `x`: a new end for the period, absolute or as a length from the current end, and whether the partners consented.
    public static func newExtension(for investigation: JointInvestigation) -> RecordForm {
        RecordForm(.periodExtension(investigation: investigation.code), fields: [
            .text("new end", "2016-06-30, or +8w from the current end (\(investigation.currentEnd.iso8601))"),
            .picker("consent recorded", ["yes", "no"]),
        ])
    }

    /// `t`: mark an action-plan item done or dropped, or open it again.
    public static func actionStatus(for investigation: JointInvestigation) -> RecordForm {
        let items = investigation.actionItems.map { "\($0.id) · \($0.status.rawValue) · \($0.item)" }
        let firstOpen = investigation.actionItems.first { $0.status == .open }.map { "\($0.id) · \($0.status.rawValue) · \($0.item)" }
        return RecordForm(.actionStatus(investigation: investigation.code), fields: [
            .picker("item", items),
            .picker("status", [ActionStatus.done.rawValue, ActionStatus.dropped.rawValue, ActionStatus.open.rawValue]),
        ], values: firstOpen.map { ["item": $0] } ?? [:])
    }

    /// `R`: an outcome recorded wrongly, given its right count (0: withdrawn) and why.
    public static func outcomeCorrection(for investigation: JointInvestigation, in caseFile: CaseFile) -> RecordForm {
        let outcomes = caseFile.numberedOutcomes(of: investigation.code).map { number, o in
            "\(number) · \(o.kind.count(o.count)) by \(o.country.code) on \(o.day.iso8601)"
        }
        return RecordForm(.outcomeCorrection(investigation: investigation.code), fields: [
            .picker("outcome", outcomes),
            .text("count", "the right count; 0 withdraws it"),
            .text("reason", "why it was wrong (kept with the correction)"),
        ], values: outcomes.last.map { ["outcome": $0] } ?? [:])
    }

    // MARK: Saving

    /// The change the form asks for, or nil when an edit changed nothing.
    /// Throws the refusal of the first bad field; the core decides the rest.
    /// `answerTimes`: when a new enquiry falls due by default, by "channel.priority" (the settings'; unset: the model's).
    func change(in caseFile: CaseFile, now: Timestamp, happened: Timestamp? = nil, zone: OfficerZone = .utc,
                answerTimes: [String: Int64] = [:]) throws(Refusal) -> Change? {
        switch kind {
        case .enquiry:
            if let code = editing {
                guard let enquiry = caseFile.enquiries[code] else { throw Refusal(field: "reference", reason: "\(code) is no longer in the journal") }
                let edit = try enquiryEdit(of: enquiry)
                return edit.isEmpty ? nil : .enquiryEdited(reference: code, edit)
            }
            var draft = enquiryDraft
            draft.answerTimes = answerTimes
            var enquiry = try draft.enquiry(draftedAt: now, zone: zone)
            enquiry.coerciveMeasures = try RecordFields.coerciveMeasures(value("coercive measures"))
            return .enquiryCreated(enquiry)
        case .network:
            var network = try RecordFields.network(value)
            guard let code = editing else { return .networkCreated(network) }
            guard let current = caseFile.networks[code] else { throw Refusal(field: "code", reason: "\(code) is no longer in the journal") }
            network.status = current.status
            return current.differences(to: network).isEmpty ? nil : .networkRevised(network)
        case .investigation:
            var investigation = try RecordFields.investigation(value, now: now, zone: zone)
            guard let code = editing else { return .investigationCreated(investigation) }
            guard let current = caseFile.investigations[code] else { throw Refusal(field: "code", reason: "\(code) is no longer in the journal") }
            investigation.status = current.status
            return current.differences(to: investigation).isEmpty ? nil : .investigationRevised(investigation)
        case .referral:
            var referral = try RecordFields.referral(value)
            guard let code = editing else { return .referralCreated(referral) }
            guard let current = caseFile.referrals[code] else { throw Refusal(field: "reference", reason: "\(code) is no longer in the journal") }
            referral.status = current.status
            return current.differences(to: referral).isEmpty ? nil : .referralRevised(referral)
        case .actionItem(let code):
            let number = (caseFile.investigations[code]?.actionItems.count ?? 0) + 1
            return .actionItemAdded(investigation: code, try RecordFields.actionItem(value, number: number, now: now, zone: zone))
        case .outcome(let code):
            return .outcomeRecorded(try RecordFields.outcome(value, investigation: code, now: now, happened: happened, zones: zone.rules))
        case .periodExtension(let code):
            guard let investigation = caseFile.investigations[code] else { throw Refusal(field: "new end", reason: "\(code) is no longer in the journal") }
            let text = value("new end").trimmingWhitespace
            if text.isEmpty { throw Refusal(field: "new end", reason: "is required") }
            let newEnd = try text.hasPrefix("+") ? RecordFields.relativeDay(text, from: investigation.currentEnd, field: "new end")
                : RecordFields.day(text, now: now, field: "new end", zone: zone)
            return .investigationExtended(code: code, Extension(day: zone.day(of: now), newEnd: newEnd, consentRecorded: value("consent recorded") == "yes"))
        case .outcomeCorrection(let code):
            guard let number = Int(value("outcome").prefix { $0.isNumber }) else { throw Refusal(field: "outcome", reason: "\(code) has no outcomes yet") }
            let countText = value("count").trimmingWhitespace
            guard let count = Int(countText) else {
                throw Refusal(field: "count", reason: countText.isEmpty ? "is required" : "\"\(countText)\" is not a whole number (0 withdraws it)")
            }
            return .outcomeCorrected(OutcomeCorrection(entity: code, number: number, count: count, reason: value("reason").trimmingWhitespace))
        case .actionStatus(let code):
            guard let id = Int(value("item").prefix { $0.isNumber }) else { throw Refusal(field: "item", reason: "\(code) has no action-plan items yet") }
            let status = try parseTerm(value("status"), as: ActionStatus.self, field: "status") { $0.rawValue }
            return .actionItemStatusChanged(investigation: code, item: id, to: status)
        case .answer(let code):
            return .enquiryAnswered(reference: code, EnquiryAnswer(full: value("answer") == "full", text: value("text").trimmingWhitespace))
        case .chase(let code):
            let means = try parseTerm(value("means"), as: ChaseMeans.self, field: "means") { $0.label }
            return .enquiryChased(reference: code, chase: Chase(means: means, note: value("note").trimmingWhitespace))
        case .periodCorrection(let code):
            guard caseFile.investigations.contains(code) else { throw Refusal(field: "start", reason: "\(code) is no longer in the journal") }
            let start = try RecordFields.day(value("start"), now: now, field: "start", zone: zone)
            let endText = value("end").trimmingWhitespace
            let end = try endText.hasPrefix("+") ? RecordFields.relativeDay(endText, from: start, field: "end")
                : RecordFields.day(endText, now: now, field: "end", zone: zone)
            return .investigationPeriodCorrected(code: code, PeriodCorrection(start: start, end: end, reason: value("reason").trimmingWhitespace))
        case .actionDue(let code):
            guard let id = Int(value("item").prefix { $0.isNumber }) else { throw Refusal(field: "item", reason: "\(code) has no action-plan items yet") }
            return .actionItemDueRevised(investigation: code, item: id, to: try RecordFields.day(value("due date"), now: now, field: "due date", zone: zone))
        case .officer, .role, .key, .removal, .agency, .focalPoint, .appointmentEnd, .operation:
            return try unitChange(in: caseFile, now: now, zone: zone)
        }
    }

    /// What an edit of an enquiry changes: the fields the officer changed
    /// since the form opened that differ from the enquiry as it stands.
    private func enquiryEdit(of enquiry: Enquiry) throws(Refusal) -> EnquiryEdit {
        var edit = EnquiryEdit()
        let subject = value("subject").trimmingWhitespace
        if isTouched("subject"), subject != enquiry.subject { edit.subject = subject }
        let channel = try parseTerm(value("channel"), as: Channel.self, field: "channel") { $0.label }
        if isTouched("channel"), channel != enquiry.channel { edit.channel = channel }
        let priority = try parseTerm(value("priority"), as: Priority.self, field: "priority") { $0.label }
        if isTouched("priority"), priority != enquiry.priority { edit.priority = priority }
        let handling = try parseTerm(value("handling"), as: Handling.self, field: "handling") { $0.rawValue }
        if isTouched("handling"), handling != enquiry.handling { edit.handling = handling }
        let requested = try CountryCode.parse(value("requested country"), field: "requested country")
        if isTouched("requested country"), requested != enquiry.requested { edit.requested = requested }
        let measures = try RecordFields.coerciveMeasures(value("coercive measures"))
        if isTouched("coercive measures"), measures != enquiry.coerciveMeasures { edit.coerciveMeasures = measures }
        return edit
    }
}

extension RecordForm {
    /// A change of the kind the form saves, for asking whether the user's role may make it.
    var probe: Change {
        let code = editing ?? "PROBE"
        let country = CountryCode("AUS")!
        let network = Network(code: code, name: "", crimeTypes: [], sectors: [], route: [], handling: .h2)
        let investigation = JointInvestigation(code: code, title: "", lead: country, partners: [], targetNetworks: [],
                                               legalBasis: .informalPlan, start: Day(daysSinceEpoch: 0), end: Day(daysSinceEpoch: 0), handling: .h2)
        let referral = Referral(reference: code, kind: .diffusion, issuingNCB: country, subject: "", handling: .h2)
        switch kind {
        case .enquiry:
            if let code = editing { return .enquiryEdited(reference: code, EnquiryEdit(subject: "")) }
            return .enquiryCreated(Enquiry(reference: code, requesting: country, requested: country, channel: .policeToPolice,
                                           priority: .routine, subject: "", drafted: Timestamp(secondsSinceEpoch: 0),
                                           due: Timestamp(secondsSinceEpoch: 0), handling: .h2))
        case .network: return editing == nil ? .networkCreated(network) : .networkRevised(network)
        case .investigation: return editing == nil ? .investigationCreated(investigation) : .investigationRevised(investigation)
        case .referral: return editing == nil ? .referralCreated(referral) : .referralRevised(referral)
        case .actionItem(let code):
            return .actionItemAdded(investigation: code, ActionItem(id: 0, item: "", owner: country, due: Day(daysSinceEpoch: 0)))
        case .outcome(let code):
            return .outcomeRecorded(Outcome(investigation: code, country: country, day: Day(daysSinceEpoch: 0), kind: .arrests, count: 0))
        case .periodExtension(let code):
            return .investigationExtended(code: code, Extension(day: Day(daysSinceEpoch: 0), newEnd: Day(daysSinceEpoch: 0), consentRecorded: false))
        case .actionStatus(let code):
            return .actionItemStatusChanged(investigation: code, item: 0, to: .done)
        case .outcomeCorrection(let code):
            return .outcomeCorrected(OutcomeCorrection(entity: code, number: 0, count: 0, reason: ""))
        case .answer(let code): return .enquiryAnswered(reference: code, EnquiryAnswer(full: true, text: ""))
        case .chase(let code): return .enquiryChased(reference: code)
        case .periodCorrection(let code):
            return .investigationPeriodCorrected(code: code, PeriodCorrection(start: Day(daysSinceEpoch: 0), end: Day(daysSinceEpoch: 0), reason: ""))
        case .actionDue(let code): return .actionItemDueRevised(investigation: code, item: 0, to: Day(daysSinceEpoch: 0))
        case .officer, .role, .key, .removal, .agency, .focalPoint, .appointmentEnd, .operation: return unitProbe!
        }
    }
}
