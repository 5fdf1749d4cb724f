extension CaseFile {
    /// Checks a change against the current case file and the actor's role, and
    /// returns the event that records it. Throws a refusal naming the field and
    /// the reason; a refused change makes no event, so nothing is written.
    ///
    /// `happened` is when it happened, for what can be recorded after the fact
    /// (see `checkWhen`); `reason` is why, where the rules ask for one. A refusal
    /// gives its times in `zone`, the officer's.
    public func decide(
        _ change: Change, by actor: String, at time: Timestamp, happened: Timestamp? = nil, reason: String? = nil,
        zone: OfficerZone = .utc
    ) throws(Refusal) -> [Event] {
        try UserName.check(actor)
        try Permissions.check(change, actor: actor, role: role(of: actor))
        // A unit starts with the officer who starts it: the first on the roster, as its supervisor.
        if case .userAdded(let user) = change, users.count == 0, user.name != actor || user.role != .supervisor {
            throw Refusal(field: "user name", reason: "the roster starts with the officer who starts it: add yourself (\(actor)) as supervisor first")
        }
        try change.checkTextLimits()
        try validate(change, zone: zone)
        let reason = reason.map(\.trimmingWhitespace).flatMap { $0.isEmpty ? nil : $0 }
        if let reason { try TextLimits.check(reason, field: "reason") }
        try checkWhen(change, happened: happened, reason: reason, actor: actor, time: time, zone: zone)
        try checkReasonRules(change, reason: reason, actor: actor)
        return [Event(time: time, actor: actor, change: change, at: happened, reason: reason)]
    }

    /// How long after the fact something may be entered without a supervisor and a reason.
    public static let lateEntryLimit: Int64 = 30 * 86_400
    /// The furthest a local calendar runs ahead of UTC (UTC+14, Kiribati): a day
    /// that has begun anywhere has happened.
    static let furthestZoneAhead: Int64 = 14 * 3600

    /// When it happened: never after it was recorded; more than 30 days before
    /// only by a supervisor with a reason. A day (an outcome's, an activity's) is
    /// a local date: one that has begun somewhere on Earth has happened.
    private func checkWhen(_ change: Change, happened: Timestamp?, reason: String?, actor: String, time: Timestamp, zone: OfficerZone) throws(Refusal) {
        func lateEntry(_ field: String, _ what: String) throws(Refusal) {
            if role(of: actor) != .supervisor {
                throw Refusal(field: field, reason: "\(what) is more than 30 days ago; only a supervisor enters it so late, with a reason")
            }
            if reason == nil { throw Refusal(field: "reason", reason: "\(what) is more than 30 days ago; say why it is entered so late") }
        }
        if let happened {
            switch change {
            case .enquiryStatusChanged, .enquiryChased, .enquiryAnswered, .outcomeRecorded, .activityRecorded: break
            default:
                throw Refusal(field: "when", reason: "only a sending, an acknowledgement, an answer, a chase, an outcome or an activity is recorded with when it happened")
            }
            if happened > time {
                throw Refusal(field: "when", reason: "\(zone.minuteText(happened)) is later than now (\(zone.minuteText(time))); record it once it has happened")
            }
            if happened < time.adding(seconds: -CaseFile.lateEntryLimit) { try lateEntry("when", zone.minuteText(happened)) }
        }
        let day: Day
        switch change {
        case .outcomeRecorded(let outcome): day = outcome.day
        case .activityRecorded(let activity): day = activity.day
        default: return
        }
        if day > time.adding(seconds: CaseFile.furthestZoneAhead).day {
            throw Refusal(field: "day", reason: "\(day.iso8601) has not begun anywhere yet; it is recorded once it has happened")
        }
        if let happened, abs(happened.day.daysSinceEpoch - day.daysSinceEpoch) > 1 {
            throw Refusal(field: "day", reason: "\(day.iso8601) is not the day of when it happened (\(zone.minuteText(happened)))")
        }
        if happened == nil, day < time.adding(seconds: -CaseFile.lateEntryLimit - CaseFile.furthestZoneAhead).day {
            try lateEntry("day", day.iso8601)
        }
    }

    /// A handling code lowered needs a reason; so does a change to what an
    /// enquiry asks once it has been sent, which only a supervisor makes.
    private func checkReasonRules(_ change: Change, reason: String?, actor: String) throws(Refusal) {
        if let (from, to) = handlingChange(change), to.strictness < from.strictness, reason == nil {
            throw Refusal(field: "reason", reason: "handling goes down from \(from.rawValue) to \(to.rawValue); a downgrade needs a reason")
        }
        if case .enquiryEdited(let reference, let edit) = change, let enquiry = enquiries[reference],
           enquiry.status != .draft, enquiry.status != .submitted {
            let fixed = enquiry.changedFields(by: edit).filter { EnquiryEdit.fixedOnceSent.contains($0) }
            guard let first = fixed.first else { return }
            if role(of: actor) != .supervisor {
                throw Refusal(field: first, reason: "\(reference) has been sent; only a supervisor changes its \(fixed.joined(separator: ", ")), with a reason")
            }
            if reason == nil {
                throw Refusal(field: "reason", reason: "\(reference) has been sent; say why its \(fixed.joined(separator: ", ")) change")
            }
        }
    }

    /// The handling code a change moves a record from and to, if it changes it.
    public func handlingChange(_ change: Change) -> (from: Handling, to: Handling)? {
        let pair: (Handling, Handling)?
        switch change {
        case .networkRevised(let n): pair = networks[n.code].map { ($0.handling, n.handling) }
        case .investigationRevised(let i): pair = investigations[i.code].map { ($0.handling, i.handling) }
        case .referralRevised(let r): pair = referrals[r.reference].map { ($0.handling, r.handling) }
        case .enquiryEdited(let reference, let edit): pair = edit.handling.flatMap { h in enquiries[reference].map { ($0.handling, h) } }
        default: pair = nil
        }
        guard let (from, to) = pair, from != to else { return nil }
        return (from, to)
    }

    private func validate(_ change: Change, zone: OfficerZone) throws(Refusal) {
        switch change {
        case .userAdded(let user):
            try UserName.check(user.name, field: "user name")
            if users.contains(user.name) { throw Refusal(field: "user name", reason: "\(user.name) is already on the roster") }
            try requireText(user.displayName, field: "display name")
            if let key = user.publicKey { try PublicKeyText.check(key) }
            if user.removed { throw Refusal(field: "user name", reason: "a new user is on the roster") }
        case .userRoleChanged(let name, let role):
            let user = try onRoster(name)
            if user.role == role { throw Refusal(field: "role", reason: "\(name) is already \(role.withArticle)") }
            if user.role == .supervisor { try keepASupervisor(besides: name) }
        case .userRemoved(let name):
            let user = try onRoster(name)
            if user.role == .supervisor { try keepASupervisor(besides: name) }
        case .userKeyReplaced(let name, let key):
            let user = try onRoster(name)
            try PublicKeyText.check(key)
            if user.publicKey == key { throw Refusal(field: "key", reason: "\(name) already has this key") }
        case .agencyAdded(let agency):
            try validateNewCode(agency.code, field: "code")
            try requireText(agency.name, field: "name")
        case .focalPointAppointed(let point):
            try validateNewCode(point.code, field: "code")
            try requireText(point.name, field: "name")
            guard let agency = agencies[point.agency] else { throw Refusal(field: "agency", reason: "no agency \"\(point.agency)\" in this journal") }
            if agency.country != point.country {
                throw Refusal(field: "country", reason: "\(point.agency) is an agency of \(agency.country.code), not \(point.country.code)")
            }
            if point.until != nil { throw Refusal(field: "until", reason: "a new appointment is open; end it with its own change") }
        case .focalPointEnded(let code, let day):
            guard let point = focalPoints[code] else { throw unknown("focal point", code) }
            if let until = point.until { throw Refusal(field: "until", reason: "\(code) already ended on \(until.iso8601)") }
            if day < point.since { throw Refusal(field: "until", reason: "\(day.iso8601) is before the appointment began (\(point.since.iso8601))") }
        case .networkCreated(let network):
            try validateNewCode(network.code, field: "code")
            try requireText(network.name, field: "name")
            if network.crimeTypes.isEmpty { throw Refusal(field: "crime types", reason: "at least one is required") }
            if network.route.isEmpty { throw Refusal(field: "route", reason: "at least one country is required") }
            if network.status != .identified { throw Refusal(field: "status", reason: "a new network starts as identified") }
        case .networkStatusChanged(let code, let status):
            guard let network = networks[code] else { throw unknown("network", code) }
            try checkTransition(from: network.status, to: status, allowed: network.status.allowedNext)
        case .networkRevised(let revised):
            guard let network = networks[revised.code] else { throw unknown("network", revised.code) }
            try requireText(revised.name, field: "name")
            if revised.crimeTypes.isEmpty { throw Refusal(field: "crime types", reason: "at least one is required") }
            if revised.route.isEmpty { throw Refusal(field: "route", reason: "at least one country is required") }
            if network.differences(to: revised).isEmpty { throw Refusal(field: "edit", reason: "nothing was changed") }
        case .suspectAdded(let suspect):
            try validateNewCode(suspect.reference, field: "reference")
            if let network = suspect.network, !networks.contains(network) {
                throw Refusal(field: "network", reason: "no network \"\(network)\" in this journal")
            }
            if suspect.status != .identified { throw Refusal(field: "status", reason: "a new suspect starts as identified") }
        case .suspectStatusChanged(let reference, let status):
            guard let suspect = suspects[reference] else { throw unknown("suspect", reference) }
            try checkTransition(from: suspect.status, to: status, allowed: suspect.status.allowedNext)
        case .victimAdded(let victim):
            try validateNewCode(victim.reference, field: "reference")
            if !victim.reference.hasPrefix("V-") || victim.reference.count < 6 {
                throw Refusal(field: "reference", reason: "a victim's reference is a pseudonym such as V-Q7K2M9, never a name")
            }
        case .investigationCreated(let investigation):
            try validateNew(investigation)
        case .investigationStatusChanged(let code, let status):
            guard let investigation = investigations[code] else { throw unknown("joint investigation", code) }
            try checkTransition(from: investigation.status, to: status, allowed: investigation.status.allowedNext)
        case .investigationRevised(let revised):
            guard let investigation = investigations[revised.code] else { throw unknown("joint investigation", revised.code) }
            if investigation.status == .closed { throw Refusal(field: "status", reason: "\(revised.code) is closed; a closed investigation is not edited") }
            try requireText(revised.title, field: "title")
            try validateCountries(lead: investigation.lead, partners: revised.partners)
            try validateReferences(targetNetworks: revised.targetNetworks, teamLeaders: revised.teamLeaders)
            if investigation.differences(to: revised).isEmpty { throw Refusal(field: "edit", reason: "nothing was changed") }
        case .investigationExtended(let code, let periodExtension):
            guard let investigation = investigations[code] else { throw unknown("joint investigation", code) }
            if !investigation.status.isOpen { throw Refusal(field: "status", reason: "a \(investigation.status.label) investigation cannot be extended") }
            if periodExtension.newEnd <= investigation.currentEnd {
                throw Refusal(field: "new end", reason: "\(periodExtension.newEnd.iso8601) does not extend the period (it ends \(investigation.currentEnd.iso8601))")
            }
        case .actionItemAdded(let code, let item):
            guard let investigation = investigations[code] else { throw unknown("joint investigation", code) }
            if item.id != investigation.actionItems.count + 1 {
                throw Refusal(field: "item", reason: "the next item of \(code) is number \(investigation.actionItems.count + 1)")
            }
            try requireText(item.item, field: "item")
            if !investigation.countries.contains(item.owner) {
                throw Refusal(field: "owner", reason: "\(item.owner.code) is not a country of \(code) (\(investigation.countries.map(\.code).joined(separator: ", ")))")
            }
            if item.status != .open { throw Refusal(field: "status", reason: "a new action item starts open") }
        case .actionItemStatusChanged(let code, let id, let status):
            guard let investigation = investigations[code] else { throw unknown("joint investigation", code) }
            guard let item = investigation.actionItems.first(where: { $0.id == id }) else {
                throw Refusal(field: "item", reason: "\(code) has no action item \(id)")
            }
            if item.status == status { throw Refusal(field: "status", reason: "item \(id) is already \(status.rawValue)") }
        case .actionItemDueRevised(let code, let id, let due):
            guard let investigation = investigations[code] else { throw unknown("joint investigation", code) }
            guard let item = investigation.actionItems.first(where: { $0.id == id }) else {
                throw Refusal(field: "item", reason: "\(code) has no action item \(id)")
            }
            if item.status != .open { throw Refusal(field: "due date", reason: "item \(id) is \(item.status.rawValue); only an open item's due date is revised") }
            if item.due == due { throw Refusal(field: "due date", reason: "item \(id) is already due \(due.iso8601)") }
        case .investigationPeriodCorrected(let code, let period):
            guard let investigation = investigations[code] else { throw unknown("joint investigation", code) }
            if period.end < period.start {
                throw Refusal(field: "end", reason: "the period ends (\(period.end.iso8601)) before it starts (\(period.start.iso8601))")
            }
            if period.start == investigation.start && period.end == investigation.end {
                throw Refusal(field: "period", reason: "\(code) already runs \(period.start.iso8601) to \(period.end.iso8601)")
            }
            if let last = investigation.extensions.last, period.end > investigation.end, last.newEnd >= period.end {
                throw Refusal(field: "end", reason: "\(code) was extended to \(last.newEnd.iso8601); the agreed end is corrected only below that")
            }
            try requireText(period.reason, field: "reason")
        case .activityCorrected(let correction):
            guard let index = activityIndex(correction.entity, number: correction.number) else {
                throw Refusal(field: "activity", reason: "\(correction.entity) has no activity \(correction.number)")
            }
            try checkCorrectedCount(correction.count)
            let activity = activities[index]
            if let trained = correction.officersTrained {
                if activity.kind == .awareness && trained.values.contains(where: { $0 != 0 }) {
                    throw Refusal(field: "officers trained", reason: "only a training session trains officers")
                }
                if trained.values.contains(where: { $0 < 0 }) { throw Refusal(field: "officers trained", reason: "cannot be negative") }
            }
            if correction.count == activity.count && (correction.officersTrained ?? activity.officersTrained) == activity.officersTrained {
                throw Refusal(field: "count", reason: "activity \(correction.number) already counts \(correction.count)")
            }
            try requireText(correction.reason, field: "reason")
        case .outcomeRecorded(let outcome):
            if outcome.count < 1 { throw Refusal(field: "count", reason: "must be at least 1") }
            if let code = outcome.investigation {
                guard let investigation = investigations[code] else { throw unknown("joint investigation", code) }
                if !investigation.countries.contains(outcome.country) {
                    throw Refusal(field: "country", reason: "\(outcome.country.code) is not a country of \(code)")
                }
            }
        case .statusReverted(let reversion):
            guard let (current, back) = reversions(of: reversion.entity) else {
                throw Refusal(field: "status", reason: "\(reversion.entity) is not an enquiry, joint investigation or referral in a final status")
            }
            guard back.contains(where: { $0.value == reversion.to }) else {
                throw Refusal(field: "status", reason: "\(reversion.entity) cannot go back from \(current) to \(reversion.to); it may go back to: \(back.map(\.label).joined(separator: ", "))")
            }
            try requireText(reversion.reason, field: "reason")
        case .outcomeCorrected(let correction):
            guard let index = outcomeIndex(correction.entity, number: correction.number) else {
                throw Refusal(field: "outcome", reason: "\(correction.entity) has no outcome \(correction.number)")
            }
            try checkCorrectedCount(correction.count)
            if correction.count == outcomes[index].count {
                throw Refusal(field: "count", reason: "outcome \(correction.number) already counts \(correction.count)")
            }
            try requireText(correction.reason, field: "reason")
        case .enquiryCreated(let enquiry):
            try validateNew(enquiry, zone: zone)
        case .enquiryStatusChanged(let reference, let status):
            guard let enquiry = enquiries[reference] else { throw unknown("enquiry", reference) }
            try checkTransition(from: enquiry.status, to: status, allowed: enquiry.status.allowedNext)
        case .enquiryChased(let reference, _):
            guard let enquiry = enquiries[reference] else { throw unknown("enquiry", reference) }
            if !enquiry.status.isAwaitingAnswer {
                throw Refusal(field: "status", reason: "only a sent enquiry awaiting an answer can be chased; \(reference) is \(enquiry.status.label)")
            }
        case .enquiryReturned(let reference, let reason):
            guard let enquiry = enquiries[reference] else { throw unknown("enquiry", reference) }
            if enquiry.status != .submitted {
                throw Refusal(field: "status", reason: "only an enquiry submitted for approval is returned; \(reference) is \(enquiry.status.label)")
            }
            try requireText(reason, field: "reason")
        case .enquiryAnswered(let reference, let answer):
            guard let enquiry = enquiries[reference] else { throw unknown("enquiry", reference) }
            try checkTransition(from: enquiry.status, to: answer.status, allowed: enquiry.status.allowedNext)
            try requireText(answer.text, field: "answer")
        case .enquiryDueRevised(let reference, let due):
            guard let enquiry = enquiries[reference] else { throw unknown("enquiry", reference) }
            if !(enquiry.status == .draft || enquiry.status.isAwaitingAnswer) {
                throw Refusal(field: "due date", reason: "\(reference) is \(enquiry.status.label); its due date no longer matters")
            }
            if due < enquiry.drafted { throw Refusal(field: "due date", reason: "\(zone.minuteText(due)) is before the enquiry was drafted (\(zone.minuteText(enquiry.drafted)))") }
        case .enquiryEdited(let reference, let edit):
            guard let enquiry = enquiries[reference] else { throw unknown("enquiry", reference) }
            if edit.isEmpty { throw Refusal(field: "edit", reason: "nothing was changed") }
            if [.closed, .withdrawn, .declined].contains(enquiry.status) {
                throw Refusal(field: "status", reason: "\(reference) is \(enquiry.status.label); a finished enquiry is not edited")
            }
            if let subject = edit.subject { try requireText(subject, field: "subject") }
            if let requested = edit.requested, requested == enquiry.requesting {
                throw Refusal(field: "requested country", reason: "must differ from the requesting country")
            }
        case .referralCreated(let referral):
            try validateNew(referral)
        case .referralStatusChanged(let reference, let status):
            guard let referral = referrals[reference] else { throw unknown("NCB referral", reference) }
            try checkTransition(from: referral.status, to: status, allowed: referral.allowedNext)
        case .referralRevised(let revised):
            guard let referral = referrals[revised.reference] else { throw unknown("NCB referral", revised.reference) }
            if referral.status.allowedNext(for: referral.kind).isEmpty {
                throw Refusal(field: "status", reason: "\(revised.reference) is \(referral.status.label); a finished referral is not edited")
            }
            try requireText(revised.subject, field: "subject")
            if revised.recipients != referral.recipients {
                if referral.kind != .diffusion {
                    throw Refusal(field: "recipients", reason: "only a diffusion has a recipient list; a \(referral.kind.label) goes to all members")
                }
                if referral.status != .draft { throw Refusal(field: "recipients", reason: "\(revised.reference) has been sent; its recipients cannot change") }
                if revised.recipients.isEmpty { throw Refusal(field: "recipients", reason: "a diffusion names the countries it goes to") }
            }
            if let value = revised.interpolReference { try requireText(value, field: "INTERPOL reference") }
            if referral.differences(to: revised).isEmpty { throw Refusal(field: "edit", reason: "nothing was changed") }
        case .referralInterpolReferenceSet(let reference, let value):
            guard referrals.contains(reference) else { throw unknown("NCB referral", reference) }
            try requireText(value, field: "INTERPOL reference")
        case .operationCreated(let operation):
            try validateNewCode(operation.code, field: "code")
            try validateOperation(operation)
        case .operationRevised(let operation):
            guard let current = operations[operation.code] else { throw unknown("operation", operation.code) }
            try validateOperation(operation)
            if current == operation { throw Refusal(field: "edit", reason: "nothing was changed") }
        case .activityRecorded(let activity):
            if activity.count < 1 { throw Refusal(field: "count", reason: "must be at least 1") }
            if let code = activity.operation, !operations.contains(code) { throw unknown("operation", code) }
            if activity.kind == .awareness && !activity.officersTrained.isEmpty {
                throw Refusal(field: "officers trained", reason: "only a training session trains officers")
            }
            if activity.officersTrained.values.contains(where: { $0 < 0 }) {
                throw Refusal(field: "officers trained", reason: "cannot be negative")
            }
        case .noteAdded(let entity, let text):
            if !isCodeInUse(entity) { throw unknown("record", entity) }
            try requireText(text, field: "note")
        case .exportMade(let export):
            if exports.contains(where: { $0.id == export.id }) { throw Refusal(field: "export", reason: "\(export.id) is already recorded") }
            if export.includesVictims && export.reason.trimmingWhitespace.isEmpty {
                throw Refusal(field: "reason", reason: "an export that includes victims needs a stated reason")
            }
            if export.restricted && export.reason.trimmingWhitespace.isEmpty {
                throw Refusal(field: "reason", reason: "the export includes records marked H2, H3 or TLP:RED; state why they are exported")
            }
        case .journalRepaired(let repair):
            try requireText(repair.setAside, field: "set aside")
            if repair.bytes < 0 { throw Refusal(field: "bytes", reason: "cannot be negative") }
            if repair.sha256.utf8.count != 64 || !repair.sha256.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) {
                throw Refusal(field: "sha256", reason: "must be 64 lowercase hex digits")
            }
        case .linkAdded(let link):
            if !isCodeInUse(link.from) { throw unknown("record", link.from) }
            if !isCodeInUse(link.to) { throw unknown("record", link.to) }
            if link.from == link.to { throw Refusal(field: "link", reason: "a record cannot be linked to itself") }
            if linked(to: link.from).contains(link.to) { throw Refusal(field: "link", reason: "\(link.from) and \(link.to) are already linked") }
        }
    }

    /// A corrected count: 0 withdraws what was recorded.
    private func checkCorrectedCount(_ count: Int) throws(Refusal) {
        if count < 0 || count > 100_000 { throw Refusal(field: "count", reason: "must be a whole number from 0 (withdrawn) to 100,000") }
    }

    private func validateOperation(_ operation: Operation) throws(Refusal) {
        try requireText(operation.name, field: "name")
        if operation.end < operation.start {
            throw Refusal(field: "end", reason: "the period ends (\(operation.end.iso8601)) before it starts (\(operation.start.iso8601))")
        }
        if operation.countries.isEmpty { throw Refusal(field: "countries", reason: "at least one participating country is required") }
        for chair in operation.coChairs where !operation.countries.contains(chair) {
            throw Refusal(field: "co-chairs", reason: "\(chair.code) does not take part in \(operation.code)")
        }
    }

    /// A user on the roster (not removed).
    private func onRoster(_ name: String) throws(Refusal) -> User {
        guard let user = users[name], !user.removed else { throw Refusal(field: "user name", reason: "\(name) is not on the roster") }
        return user
    }

    /// A unit is never left without a supervisor: nobody else could add users or approve enquiries.
    private func keepASupervisor(besides name: String) throws(Refusal) {
        if !users.all.contains(where: { $0.name != name && $0.role == .supervisor && !$0.removed }) {
            throw Refusal(field: "role", reason: "\(name) is the roster's last supervisor; make another officer supervisor first")
        }
    }

    private func unknown(_ kind: String, _ code: String) -> Refusal {
        Refusal(field: "code", reason: "no \(kind) \"\(code)\" in this journal")
    }

    private func checkTransition<S: Lifecycle>(from current: S, to wanted: S, allowed: [S]) throws(Refusal) {
        guard allowed.contains(wanted) else {
            throw transitionRefusal(from: current.label, to: wanted.label, allowed: allowed.map(\.label))
        }
    }

    private func validateNewCode(_ code: String, field: String) throws(Refusal) {
        try RecordCode.validate(code, field: field)
        if isCodeInUse(code) { throw Refusal(field: field, reason: "\(code) is already in use") }
    }

    private func validateNew(_ investigation: JointInvestigation) throws(Refusal) {
        try validateNewCode(investigation.code, field: "code")
        try requireText(investigation.title, field: "title")
        try validateCountries(lead: investigation.lead, partners: investigation.partners)
        try validateReferences(targetNetworks: investigation.targetNetworks, teamLeaders: investigation.teamLeaders)
        if investigation.end < investigation.start {
            throw Refusal(field: "end", reason: "the period ends (\(investigation.end.iso8601)) before it starts (\(investigation.start.iso8601))")
        }
        if investigation.status != .proposed { throw Refusal(field: "status", reason: "a new joint investigation starts as proposed") }
        if !investigation.extensions.isEmpty || !investigation.actionItems.isEmpty {
            throw Refusal(field: "action plan", reason: "extensions and action items are added by their own changes")
        }
    }

    private func validateCountries(lead: CountryCode, partners: [CountryCode]) throws(Refusal) {
        if partners.isEmpty {
            throw Refusal(field: "partners", reason: "a joint investigation needs at least one partner country besides the lead")
        }
        if Set([lead] + partners).count != partners.count + 1 {
            throw Refusal(field: "partners", reason: "each country may appear only once (lead included)")
        }
    }

    private func validateReferences(targetNetworks: [String], teamLeaders: [String]) throws(Refusal) {
        for code in targetNetworks where !networks.contains(code) {
            throw Refusal(field: "target networks", reason: "no network \"\(code)\" in this journal")
        }
        for code in teamLeaders where !focalPoints.contains(code) {
            throw Refusal(field: "team leaders", reason: "no focal point \"\(code)\" in this journal")
        }
    }

    private func validateNew(_ enquiry: Enquiry, zone: OfficerZone) throws(Refusal) {
        try validateNewCode(enquiry.reference, field: "reference")
        if enquiry.requested == enquiry.requesting {
            throw Refusal(field: "requested country", reason: "must differ from the requesting country")
        }
        try requireText(enquiry.subject, field: "subject")
        if enquiry.due < enquiry.drafted {
            throw Refusal(field: "due date", reason: "\(zone.minuteText(enquiry.due)) is before the enquiry was drafted (\(zone.minuteText(enquiry.drafted)))")
        }
        if enquiry.status != .draft { throw Refusal(field: "status", reason: "a new enquiry starts as a draft") }
        if enquiry.sent != nil || enquiry.revisedDue != nil || enquiry.chases != 0 {
            throw Refusal(field: "status", reason: "a new enquiry has no timeline yet")
        }
    }

    private func validateNew(_ referral: Referral) throws(Refusal) {
        try validateNewCode(referral.reference, field: "reference")
        try requireText(referral.subject, field: "subject")
        if referral.kind == .diffusion && referral.recipients.isEmpty {
            throw Refusal(field: "recipients", reason: "a diffusion names the countries it goes to")
        }
        if referral.kind != .diffusion && !referral.recipients.isEmpty {
            throw Refusal(field: "recipients", reason: "only a diffusion has a recipient list; a \(referral.kind.label) goes to all members")
        }
        if referral.status != .draft { throw Refusal(field: "status", reason: "a new NCB referral starts as a draft") }
    }

    private func requireText(_ text: String, field: String) throws(Refusal) {
        if text.trimmingWhitespace.isEmpty { throw Refusal(field: field, reason: "is required") }
    }
}

/// Record codes and references: letters, digits and `-` `/` `.`, starting with a
/// letter, up to 32 characters, such as `NET-7KQ2` or `AUS/THA-2015-014`.
public enum RecordCode {
    public static func validate(_ code: String, field: String) throws(Refusal) {
        if code.isEmpty { throw Refusal(field: field, reason: "is required") }
        // Counting characters walks the text; a code of 32 bytes or fewer is short enough without it.
        if code.utf8.count > 32 && code.count > 32 { throw Refusal(field: field, reason: "is longer than 32 characters") }
        guard let first = code.unicodeScalars.first, first.isASCIILetter else {
            throw Refusal(field: field, reason: "must start with a letter (e.g. ENQ-AUS-THA-2015-014)")
        }
        for scalar in code.unicodeScalars where !(scalar.isASCIILetter || scalar.isASCIIDigit || scalar == "-" || scalar == "/" || scalar == ".") {
            throw Refusal(field: field, reason: "may hold only letters A–Z, digits and - / . (found \"\(Character(scalar).debugText)\")")
        }
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { (65...90).contains(value) || (97...122).contains(value) }
    var isASCIIDigit: Bool { (48...57).contains(value) }
}

extension Character {
    /// A character as it can be safely quoted in a message.
    var debugText: String {
        unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) ? String(self)
            : unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
    }
}
