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
    }

    public var operation: Operation
    public var totals: [Measure: Int]
    public var byCountry: [CountryCode: [Measure: Int]]
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
        "operation.created", "outcome.recorded", "outcome.corrected", "activity.recorded", "enquiry.created", "enquiry.status", "enquiry.edited",
        "network.created", "network.status", "investigation.created", "investigation.status",
        "focal-point.appointed", "focal-point.ended",
    ]

    /// Computes the statement from the journal's events: the case file as it
    /// stood at the end of the period, and the dated counts inside it.
    public init?(operation code: String, events: [Event]) {
        let all = CaseFile(replaying: events)
        guard let operation = all.operations[code] else { return nil }
        let periodEnd = Timestamp(operation.end, hour: 23, minute: 59, second: 59)
        self.init(operation: operation, atEnd: CaseFile(replaying: events.lazy.filter { $0.time <= periodEnd }), now: all)
    }

    /// From case files: `atEnd` as it stood at the end of the period (for the
    /// networks and investigations), `now` as it stands (for focal points).
    /// The dated tallies are the same whichever is given.
    public init(operation: Operation, atEnd: CaseFile, now all: CaseFile) {
        self.operation = operation
        let counts = atEnd.counts(in: operation.period)
        func measures(_ values: [String: Int]) -> [Measure: Int] {
            var result: [Measure: Int] = [:]
            for measure in Measure.allCases { result[measure] = values[measure.rawValue] ?? 0 }
            return result
        }
        totals = measures(counts.totals)
        byCountry = counts.byCountry.mapValues(measures)
        networksIdentified = atEnd.networks.count
        let prioritised: Set<NetworkStatus> = [.prioritised, .underInvestigation, .disrupted, .dismantled]
        networksPrioritised = atEnd.networks.all.filter { prioritised.contains($0.status) }.count
        let established: Set<InvestigationStatus> = [.agreed, .active, .suspended, .concluded, .evaluated, .closed]
        investigationsEstablished = atEnd.investigations.all.filter { established.contains($0.status) }.count
        enquiriesViaNCB = counts["enquiries-via-ncb"]
        countriesUsingNCB = counts.byCountry.filter { ($0.value["enquiries-via-ncb"] ?? 0) > 0 }.keys.sorted()
        let atStart = all.focalPoints.all.filter { $0.holds(on: operation.start) }
        focalPointsAtStart = atStart.count
        focalPointsStayed = atStart.filter { $0.holds(on: operation.end) }.count
    }
}
