/// Records built from text typed per field, by field label: a console form and
/// a spreadsheet row give the same text, get the same checks, and a refusal
/// names the field by the label both show.
public enum RecordFields {
    public typealias Field = (String) -> String

    public static func network(_ field: Field) throws(Refusal) -> Network {
        let code = field("code").trimmingWhitespace.uppercasedIfNeeded
        try RecordCode.validate(code, field: "code")
        var crimeTypes: [CrimeType] = []
        for term in list(field("crime types")) {
            crimeTypes.append(try crimeType(term))
        }
        var sectors: [Sector] = []
        for term in list(field("sectors")) {
            sectors.append(try parseTerm(term, as: Sector.self, field: "sectors") { $0.label })
        }
        let route = try countries(field("route"), field: "route")
        let reliability = field("reliability").trimmingWhitespace.isEmpty ? .b
            : try parseTerm(field("reliability"), as: SourceReliability.self, field: "reliability") { $0.rawValue }
        let accuracy = field("accuracy").trimmingWhitespace.isEmpty ? .two
            : try parseTerm(field("accuracy"), as: InformationAccuracy.self, field: "accuracy") { $0.rawValue }
        let handling = try parseTerm(field("handling"), as: Handling.self, field: "handling") { $0.rawValue }
        return Network(
            code: code, name: field("name").trimmingWhitespace, aliases: list(field("aliases")), crimeTypes: crimeTypes,
            sectors: sectors, route: route, modusOperandi: field("modus operandi").trimmingWhitespace,
            reliability: reliability, accuracy: accuracy, handling: handling)
    }

    public static func referral(_ field: Field) throws(Refusal) -> Referral {
        let reference = field("reference").trimmingWhitespace.uppercasedIfNeeded
        try RecordCode.validate(reference, field: "reference")
        let kind = try parseTerm(field("kind"), as: ReferralKind.self, field: "kind") { $0.label }
        let ncb = try CountryCode.parse(field("issuing NCB"), field: "issuing NCB")
        let listed = field("recipients").trimmingWhitespace
        let recipients = listed.lowercased() == "all" || listed.lowercased() == "all members" ? []
            : try countries(listed, field: "recipients")
        let interpol = field("INTERPOL reference").trimmingWhitespace
        return Referral(
            reference: reference, kind: kind, issuingNCB: ncb, recipients: recipients, subject: field("subject").trimmingWhitespace,
            interpolReference: interpol.isEmpty ? nil : interpol,
            handling: try parseTerm(field("handling"), as: Handling.self, field: "handling") { $0.rawValue })
    }

    /// A joint investigation; `start` may be relative to `now` (`+7d`), as may `end`; left blank, it is today in `zone`.
    public static func investigation(_ field: Field, now: Timestamp, zone: OfficerZone = .utc) throws(Refusal) -> JointInvestigation {
        let code = field("code").trimmingWhitespace.uppercasedIfNeeded
        try RecordCode.validate(code, field: "code")
        let lead = try CountryCode.parse(field("lead country"), field: "lead country")
        let partners = try countries(field("partners"), field: "partners")
        let targets = field("target networks").split(whereSeparator: { " ;,".contains($0) }).map { String($0).uppercased() }
        let legalBasis = try parseTerm(field("legal basis"), as: LegalBasis.self, field: "legal basis") { $0.label }
        let start = field("start").trimmingWhitespace.isEmpty ? zone.day(of: now) : try day(field("start"), now: now, field: "start", zone: zone)
        // `+26w` counts from the start (a period is agreed as a length from its start), not from today.
        let endText = field("end").trimmingWhitespace
        let end = try endText.hasPrefix("+") ? relativeDay(endText, from: start, field: "end") : day(endText, now: now, field: "end", zone: zone)
        let leaders = field("team leaders").split(whereSeparator: { " ;,".contains($0) }).map { String($0).uppercased() }
        let handling = try parseTerm(field("handling"), as: Handling.self, field: "handling") { $0.rawValue }
        return JointInvestigation(
            code: code, title: field("title").trimmingWhitespace, lead: lead, partners: partners, targetNetworks: targets,
            legalBasis: legalBasis, start: start, end: end, handling: handling, teamLeaders: leaders)
    }

    /// The next item of an investigation's action plan.
    public static func actionItem(_ field: Field, number: Int, now: Timestamp, zone: OfficerZone = .utc) throws(Refusal) -> ActionItem {
        let text = field("item").trimmingWhitespace
        if text.isEmpty { throw Refusal(field: "item", reason: "is required") }
        let owner = try CountryCode.parse(field("owner"), field: "owner")
        return ActionItem(id: number, item: text, owner: owner, due: try day(field("due date"), now: now, field: "due date", zone: zone))
    }

    /// An outcome of an investigation, dated the day it happened: the local date
    /// typed, or the date in the outcome's country of `happened`, or today there.
    public static func outcome(
        _ field: Field, investigation: String?, now: Timestamp, happened: Timestamp? = nil, zones: ZoneRules = .utc
    ) throws(Refusal) -> Outcome {
        let kind = try parseTerm(field("outcome"), as: OutcomeKind.self, field: "outcome") { $0.label }
        let countText = field("count").trimmingWhitespace
        guard let count = Int(countText), count >= 1, count <= 100_000 else {
            throw Refusal(field: "count", reason: countText.isEmpty ? "is required" : "\"\(countText)\" is not a whole number from 1 to 100,000")
        }
        let country = try CountryCode.parse(field("country"), field: "country")
        let day = field("day").trimmingWhitespace.isEmpty ? zones.day(of: happened ?? now, in: country.defaultTimeZone)
            : try day(field("day"), now: now, field: "day")
        return Outcome(investigation: investigation, country: country, day: day, kind: kind, count: count)
    }

    /// Coercive measures asked for: "search, arrest".
    public static func coerciveMeasures(_ text: String) throws(Refusal) -> [CoerciveMeasure] {
        var measures: [CoerciveMeasure] = []
        for term in text.split(whereSeparator: { " ;,".contains($0) }) {
            let measure = try parseTerm(String(term), as: CoerciveMeasure.self, field: "coercive measures") { $0.rawValue }
            if !measures.contains(measure) { measures.append(measure) }
        }
        return measures
    }

    /// Country codes separated by spaces, commas, semicolons or arrows.
    public static func countries(_ text: String, field: String) throws(Refusal) -> [CountryCode] {
        var codes: [CountryCode] = []
        for code in text.split(whereSeparator: { " ;,>›→".contains($0) }) {
            codes.append(try CountryCode.parse(String(code), field: field))
        }
        return codes
    }

    /// A list typed with `;` or `,` between its terms.
    public static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == ";" || $0 == "," }).map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
    }

    /// A crime type by its ICCS code, its label or its short label.
    static func crimeType(_ term: String) throws(Refusal) -> CrimeType {
        if let short = CrimeType.allCases.first(where: { $0.shortLabel.lowercased() == term.trimmingWhitespace.lowercased() }) {
            return short
        }
        return try parseTerm(term, as: CrimeType.self, field: "crime types") { $0.label }
    }

    /// `+26w` from a day, or a date; the day after `from` at the earliest.
    public static func relativeDay(_ text: String, from: Day, field: String) throws(Refusal) -> Day {
        guard let seconds = DateInput.duration(String(text.trimmingWhitespace.dropFirst())) else {
            throw Refusal(field: field, reason: "\"\(text)\" is not a date (2016-03-31) or a length from the start (+26w, +180d)")
        }
        return Day(daysSinceEpoch: from.daysSinceEpoch + Int(seconds / 86_400))
    }

    /// A day typed (`2015-10-05`) or counted from now (`+7d`), a day where the officer is (`zone`).
    public static func day(_ text: String, now: Timestamp, field: String, zone: OfficerZone = .utc) throws(Refusal) -> Day {
        if text.trimmingWhitespace.isEmpty { throw Refusal(field: field, reason: "is required") }
        return zone.day(of: try DateInput.parse(text, now: now, field: field, zone: zone))
    }
}
