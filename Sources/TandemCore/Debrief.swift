/// The debrief statement of an operation, computed from dated records alone:
/// only what happened inside the operation's period counts.
public struct Debrief: Equatable, Sendable {
    /// The measures of the co-chairs' statement, in its order.
    public enum Measure: String, CaseIterable, Sendable {
        case personsAssisted = "persons-assisted"
        case searchWarrants = "search-warrants"
        case suspectsIdentified = "suspects-identified"
        case arrests
        case newInvestigations = "new-investigations"
        case enquiries
        case awarenessActivities = "awareness-activities"
        case trainingSessions = "training-sessions"
        case officersTrained = "officers-trained"

        public var label: String {
            if let outcome = OutcomeKind(rawValue: rawValue) { return outcome.label }
            return switch self {
            case .enquiries: "bilateral and international enquiries"
            case .awarenessActivities: "awareness-raising activities"
            case .trainingSessions: "training sessions"
            default: "officers trained"
            }
        }

        /// The label of one: "1 arrest", "1 training session".
        public var one: String {
            if let outcome = OutcomeKind(rawValue: rawValue) { return outcome.one }
            return switch self {
            case .enquiries: "bilateral or international enquiry"
            case .awarenessActivities: "awareness-raising activity"
            case .trainingSessions: "training session"
            default: "officer trained"
            }
        }
    }

    public var operation: Operation
    /// The cut-off: the figures are as recorded up to this moment.
    public var asOf: Timestamp
    public var totals: [Measure: Int]
    public var byCountry: [CountryCode: [Measure: Int]]
    /// The part of `totals` recorded after the period's last day (on each country's calendar).
    public var late: [Measure: Int]
    /// What the debrief asked to improve.
    public var networksIdentified: Int
    public var networksPrioritised: Int
    public var investigationsEstablished: Int
    public var enquiriesViaNCB: Int
    public var countriesUsingNCB: [CountryCode]
    public var focalPointsStayed: Int
    public var focalPointsAtStart: Int

    public subscript(measure: Measure) -> Int { totals[measure] ?? 0 }

    /// The countries in the table: the operation's, then any other that counted something.
    public var countries: [CountryCode] {
        operation.countries + byCountry.keys.filter { !operation.countries.contains($0) }.sorted()
    }

    /// The kinds of event the statement is made from; a reader may skip the rest.
    public static let eventTypes: Set<String> = [
        "operation.created", "outcome.recorded", "outcome.corrected", "activity.recorded", "activity.corrected", "enquiry.created",
        "enquiry.status", "enquiry.edited", "enquiry.returned", "enquiry.answered", "status.reverted",
        "network.created", "network.status", "investigation.created", "investigation.status",
        "focal-point.appointed", "focal-point.ended",
    ]

    /// The statement from the journal's events, as recorded up to `asOf`.
    public init?(operation code: String, events: [Event], asOf: Timestamp, zones: ZoneRules = .utc) {
        var recording = Recording(asOf: asOf)
        for event in events { recording.take(event) }
        guard let debrief = recording.debrief(operation: code, zones: zones) else { return nil }
        self = debrief
    }

    /// The case file as recorded up to a cut-off, taken in event by event (a
    /// journal's records as they are read, none of them kept): what a statement is made from.
    public struct Recording: Sendable {
        public let asOf: Timestamp
        public private(set) var caseFile = CaseFile(keepingStamps: false)

        public init(asOf: Timestamp) { self.asOf = asOf }

        public mutating func take(_ event: Event) {
            if event.time <= asOf { caseFile.apply(event) }
        }

        /// The statement of the operation `code`, or nil when there is no such operation.
        public func debrief(operation code: String, zones: ZoneRules = .utc) -> Debrief? {
            caseFile.operations[code].map { Debrief(operation: $0, caseFile: caseFile, asOf: asOf, zones: zones) }
        }
    }

    /// The one rule, for the Dashboard and `tandem report` alike: the case file
    /// as recorded up to the cut-off `asOf`; the tallies dated inside the period
    /// (on each country's calendar) and recorded by then, with those recorded
    /// after the period's end also shown on their own; networks, investigations
    /// and focal points as they stand at the cut-off.
    public init(operation: Operation, caseFile c: CaseFile, asOf: Timestamp, zones: ZoneRules = .utc) {
        self.operation = operation
        self.asOf = asOf
        let counts = c.counts(in: operation.period, asOf: asOf, zones: zones)
        func measures(_ values: [String: Int]) -> [Measure: Int] {
            var result: [Measure: Int] = [:]
            for measure in Measure.allCases { result[measure] = values[measure.rawValue] ?? 0 }
            return result
        }
        totals = measures(counts.totals)
        byCountry = counts.byCountry.mapValues(measures)
        late = measures(counts.late).filter { $0.value != 0 }
        networksIdentified = c.networks.count
        let prioritised: Set<NetworkStatus> = [.prioritised, .underInvestigation, .disrupted, .dismantled]
        networksPrioritised = c.networks.all.indices.count { prioritised.contains(c.networks.all[$0].status) }
        let established: Set<InvestigationStatus> = [.agreed, .active, .suspended, .concluded, .evaluated, .closed]
        investigationsEstablished = c.investigations.all.indices.count { established.contains(c.investigations.all[$0].status) }
        enquiriesViaNCB = counts["enquiries-via-ncb"]
        countriesUsingNCB = counts.byCountry.filter { ($0.value["enquiries-via-ncb"] ?? 0) > 0 }.keys.sorted()
        let atStart = c.focalPoints.all.filter { $0.holds(on: operation.start) }
        focalPointsAtStart = atStart.count
        focalPointsStayed = atStart.filter { $0.holds(on: operation.end) }.count
    }

    /// "+3 arrests, +1 search warrant executed recorded after 2015-10-28", or nil when nothing was.
    public var lateEntriesText: String? {
        let parts = Measure.allCases.compactMap { m in late[m].map { "\($0 > 0 ? "+" : "")\(NumberText.count($0, m.one, m.label))" } }
        return parts.isEmpty ? nil : parts.joined(separator: ", ") + " recorded after \(operation.end.iso8601)"
    }
}
