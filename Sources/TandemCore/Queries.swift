/// Derived facts: computed from the records, never stored.
extension CaseFile {
    /// The role a user acts in (see `Role.acting`).
    public func role(of user: String) -> Role? { Role.acting(users[user], rosterIsEmpty: users.count == 0) }

    /// Whether a record is the officer's (`mine`): they created it or were the last
    /// to change it, or it waits for them: an enquiry submitted for a supervisor's approval.
    public func isMine(_ code: String, user: String) -> Bool {
        if stamp(of: code)?.isMine(user) == true { return true }
        return enquiries[code]?.status == .submitted && role(of: user) == .supervisor
    }

    /// The handling code of the record a code names, if it names one that has one.
    public func handling(of code: String) -> Handling? {
        networks[code]?.handling ?? investigations[code]?.handling ?? enquiries[code]?.handling ?? referrals[code]?.handling
            ?? suspects[code]?.handling ?? victims[code]?.handling ?? agencies[code]?.handling ?? focalPoints[code]?.handling
            ?? operations[code]?.handling
    }

    /// Whether what a code names may not be read out freely: a record marked H2, H3
    /// or TLP:RED, or a victim (whatever their code: a victim's details are never casual output).
    public func isRestricted(_ code: String) -> Bool { restriction(of: code) != nil }

    /// Why what a code names may not be read out freely, if it may not.
    public func restriction(of code: String) -> Restriction? {
        if victims.contains(code) { return .victim }
        return handling(of: code).flatMap { $0.isRestricted ? .marked($0) : nil }
    }

    /// Whether a user may read restricted records: anyone on a journal with no roster,
    /// else those on the roster; someone off it sees them withheld.
    public func mayReadRestricted(_ user: String) -> Bool { role(of: user) != nil }

    /// Why the actor's role may not make this kind of change, if it may not.
    public func permissionRefusal(for change: Change, by actor: String) -> Refusal? {
        Permissions.refusal(change, actor: actor, role: role(of: actor))
    }

    /// The operation under way on a day, else the one that ended most recently
    /// before it, else the first to come.
    public func currentOperation(on day: Day) -> Operation? {
        let all = operations.all
        return all.first { $0.period.contains(day) }
            ?? all.filter { $0.end < day }.max { $0.end < $1.end }
            ?? all.min { $0.start < $1.start }
    }

    public var openInvestigations: [JointInvestigation] {
        investigations.all.filter { $0.status.isOpen }
    }

    public func overdueEnquiries(at now: Timestamp) -> [Enquiry] {
        enquiries.all.filter { $0.isOverdue(at: now) }
    }

    /// Everyone who has held a focal-point role in a country, oldest first.
    public func focalPointHistory(country: CountryCode, role: FocalRole) -> [FocalPoint] {
        focalPoints.all.filter { $0.country == country && $0.role == role }.sorted { $0.since < $1.since }
    }

    public func notes(on entity: String) -> [Note] { noteBook.notes(on: entity) }

    /// The records linked to one, whichever side of the link it is on.
    /// Where the `number`-th outcome recorded for an investigation (or a country,
    /// for outcomes of none) is in `outcomes`, counting from 1.
    public func outcomeIndex(_ entity: String, number: Int) -> Int? {
        nthIndex(number, in: outcomes) { ($0.investigation ?? $0.country.code) == entity }
    }

    /// Where the `number`-th activity recorded for an operation (or a country, for
    /// activities of none) is in `activities`, counting from 1.
    public func activityIndex(_ entity: String, number: Int) -> Int? {
        nthIndex(number, in: activities) { ($0.operation ?? $0.country.code) == entity }
    }

    /// Where the `number`-th item (from 1) that matches is.
    private func nthIndex<T>(_ number: Int, in items: [T], matching: (T) -> Bool) -> Int? {
        guard number >= 1 else { return nil }
        var seen = 0
        for (index, item) in items.enumerated() where matching(item) {
            seen += 1
            if seen == number { return index }
        }
        return nil
    }

    /// The activities recorded for an operation (or a country), each with its number.
    public func numberedActivities(of entity: String) -> [(number: Int, activity: Activity)] {
        activities.filter { ($0.operation ?? $0.country.code) == entity }.enumerated().map { ($0.offset + 1, $0.element) }
    }

    /// The outcomes recorded for an investigation (or a country), each with its number.
    public func numberedOutcomes(of entity: String) -> [(number: Int, outcome: Outcome)] {
        outcomes.filter { ($0.investigation ?? $0.country.code) == entity }.enumerated().map { ($0.offset + 1, $0.element) }
    }

    /// A record in a final status, what it is and the statuses it may be taken
    /// back to (those from which its final status can be reached): nil when the
    /// code names no enquiry, joint investigation or referral in a final status.
    public func reversions(of code: String) -> (current: String, to: [(value: String, label: String)])? {
        if let e = enquiries[code], e.status.allowedNext.isEmpty {
            return (e.status.label, EnquiryStatus.allCases.filter { $0.allowedNext.contains(e.status) }.map { ($0.rawValue, $0.label) })
        }
        if let i = investigations[code], i.status.allowedNext.isEmpty {
            return (i.status.label, InvestigationStatus.allCases.filter { $0.allowedNext.contains(i.status) }.map { ($0.rawValue, $0.label) })
        }
        if let r = referrals[code], r.allowedNext.isEmpty {
            return (r.status.label, ReferralStatus.allCases.filter { $0.allowedNext(for: r.kind).contains(r.status) }.map { ($0.rawValue, $0.label) })
        }
        return nil
    }

    /// What kind of record a code names, in words ("network", "joint investigation",
    /// "red notice"…), if it names one.
    public func kindOfRecord(_ code: String) -> String? {
        if networks.contains(code) { return "network" }
        if investigations.contains(code) { return "joint investigation" }
        if enquiries.contains(code) { return "enquiry" }
        if let r = referrals[code] { return r.kind.label }
        if suspects.contains(code) { return "suspect" }
        if operations.contains(code) { return "operation" }
        return nil
    }

    /// A link in words: both ends, each with its kind.
    public func describe(_ link: Link) -> String {
        func end(_ code: String) -> String { kindOfRecord(code).map { "\(code) (\($0))" } ?? code }
        return "linked \(end(link.from)) ↔ \(end(link.to))"
    }

    public func linked(to entity: String) -> [String] {
        links.compactMap { $0.from == entity ? $0.to : $0.to == entity ? $0.from : nil }
    }

    /// Dated counts inside a period, in total and per country, as recorded by
    /// `asOf` (everything when nil): see `forEachCount` for the rule.
    public func counts(in period: ClosedRange<Day>, asOf: Timestamp? = nil, zones: ZoneRules = .utc) -> PeriodCounts {
        var counts = PeriodCounts()
        // The period's last moment in each country's zone, worked out once a country (not once a count).
        var periodEnds: [CountryCode: Timestamp] = [:]
        forEachCount(in: period, asOf: asOf, zones: zones) { measure, count, country, _, recorded in
            counts.add(measure, count, for: country)
            guard let recorded else { return }
            let end = periodEnds[country] ?? zones.endOfDay(period.upperBound, in: country.defaultTimeZone)
            periodEnds[country] = end
            if recorded > end { counts.addLate(measure, count) }
        }
        return counts
    }

    /// The same tallies day by day: each measure's count on each day of the
    /// period, the first day first (the Dashboard draws them as a line).
    public func dailyCounts(in period: ClosedRange<Day>, asOf: Timestamp? = nil, zones: ZoneRules = .utc) -> [String: [Int]] {
        let days = period.upperBound.daysSinceEpoch - period.lowerBound.daysSinceEpoch + 1
        var daily: [String: [Int]] = [:]
        forEachCount(in: period, asOf: asOf, zones: zones) { measure, count, _, day, _ in
            daily[measure, default: Array(repeating: 0, count: days)][day.daysSinceEpoch - period.lowerBound.daysSinceEpoch] += count
        }
        return daily
    }

    /// The one rule of what counts, on which day, for which country: outcomes on
    /// their day, activities on theirs (and the officers they trained), enquiries
    /// on the day they were sent by the requesting country, that day taken on
    /// the requesting country's calendar (`CountryCode.defaultTimeZone`). Only
    /// what was recorded by `asOf` counts; the moment it was recorded is passed on.
    private func forEachCount(
        in period: ClosedRange<Day>, asOf: Timestamp?, zones: ZoneRules,
        _ count: (String, Int, CountryCode, Day, Timestamp?) -> Void
    ) {
        func inTime(_ recorded: Timestamp?) -> Bool {
            guard let asOf, let recorded else { return true }
            return recorded <= asOf
        }
        for outcome in outcomes where period.contains(outcome.day) && inTime(outcome.recorded) {
            count(outcome.kind.rawValue, outcome.count, outcome.country, outcome.day, outcome.recorded)
        }
        for activity in activities where period.contains(activity.day) && inTime(activity.recorded) {
            count(activity.kind == .awareness ? "awareness-activities" : "training-sessions", activity.count, activity.country, activity.day,
                  activity.recorded)
            let trained = activity.officersTrained.values.reduce(0, +)
            if trained > 0 { count("officers-trained", trained, activity.country, activity.day, activity.recorded) }
        }
        // Each enquiry's fields are read where it is held: copying each whole enquiry (its subject,
        // its answer) out of a hundred thousand cost more than the counting.
        let all = enquiries.all
        for i in all.indices {
            guard let sent = all[i].sent, inTime(all[i].sentRecorded) else { continue }
            let requesting = all[i].requesting
            let day = zones.day(of: sent, in: requesting.defaultTimeZone)
            guard period.contains(day) else { continue }
            count("enquiries", 1, requesting, day, all[i].sentRecorded)
            if all[i].channel == .interpol { count("enquiries-via-ncb", 1, requesting, day, all[i].sentRecorded) }
        }
    }
}

/// Tallies by measure, in total and per country.
public struct PeriodCounts: Equatable, Sendable {
    public private(set) var totals: [String: Int] = [:]
    public private(set) var byCountry: [CountryCode: [String: Int]] = [:]

    /// What was recorded after the period's end, by measure (included in `totals`).
    public private(set) var late: [String: Int] = [:]

    mutating func add(_ measure: String, _ count: Int, for country: CountryCode) {
        totals[measure, default: 0] += count
        byCountry[country, default: [:]][measure, default: 0] += count
    }

    mutating func addLate(_ measure: String, _ count: Int) {
        if count != 0 { late[measure, default: 0] += count }
    }

    public subscript(measure: String) -> Int { totals[measure] ?? 0 }
}
