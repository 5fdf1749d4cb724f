import TandemCore

/// Writes values in the snapshot's binary form: integers as zigzag LEB128,
/// strings as a length and their UTF-8, enumerations and countries as their
/// position in a fixed list (the lists are part of the snapshot's schema).
struct SnapshotWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        var rest = UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func day(_ value: Day) { int(value.daysSinceEpoch) }
    mutating func time(_ value: Timestamp) { int(Int(value.secondsSinceEpoch)) }

    mutating func country(_ value: CountryCode) { int(SnapshotSchema.countryIndex[value.code] ?? -1) }

    mutating func pick<E: Equatable>(_ value: E, in table: [E]) { int(table.firstIndex(of: value) ?? -1) }

    mutating func optional<T>(_ value: T?, _ write: (inout SnapshotWriter, T) -> Void) {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        write(&self, value)
    }

    mutating func list<T>(_ values: [T], _ write: (inout SnapshotWriter, T) -> Void) {
        int(values.count)
        for value in values { write(&self, value) }
    }
}

/// The snapshot is not what its writer meant it to be (cut short, or from another schema).
struct SnapshotDamaged: Error {
    var reason: String
}

/// Reads what `SnapshotWriter` wrote, refusing anything out of bounds.
struct SnapshotReader {
    private let base: UnsafeRawBufferPointer
    private(set) var at: Int

    init(_ base: UnsafeRawBufferPointer, from start: Int = 0) {
        self.base = base
        at = start
    }

    var isAtEnd: Bool { at == base.count }

    mutating func int() throws(SnapshotDamaged) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard at < base.count, shift < 64 else { throw SnapshotDamaged(reason: "a number runs past the end") }
            let byte = base[at]
            at += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return Int(Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1))
    }

    mutating func count() throws(SnapshotDamaged) -> Int {
        let value = try int()
        guard value >= 0, value <= base.count - at else { throw SnapshotDamaged(reason: "a length of \(value) runs past the end") }
        return value
    }

    mutating func bool() throws(SnapshotDamaged) -> Bool {
        guard at < base.count else { throw SnapshotDamaged(reason: "cut short") }
        defer { at += 1 }
        return base[at] != 0
    }

    mutating func string() throws(SnapshotDamaged) -> String {
        let length = try count()
        defer { at += length }
        return String(decoding: UnsafeRawBufferPointer(rebasing: base[at..<(at + length)]), as: UTF8.self)
    }

    mutating func day() throws(SnapshotDamaged) -> Day { Day(daysSinceEpoch: try int()) }
    mutating func time() throws(SnapshotDamaged) -> Timestamp { Timestamp(secondsSinceEpoch: Int64(try int())) }

    mutating func country() throws(SnapshotDamaged) -> CountryCode { try pick(SnapshotSchema.countries) }

    mutating func pick<E>(_ table: [E]) throws(SnapshotDamaged) -> E {
        let index = try int()
        guard index >= 0, index < table.count else { throw SnapshotDamaged(reason: "no \(E.self) number \(index)") }
        return table[index]
    }

    mutating func optional<T>(_ read: (inout SnapshotReader) throws(SnapshotDamaged) -> T) throws(SnapshotDamaged) -> T? {
        try bool() ? try read(&self) : nil
    }

    mutating func list<T>(_ read: (inout SnapshotReader) throws(SnapshotDamaged) -> T) throws(SnapshotDamaged) -> [T] {
        // Each element takes at least one byte, so a count beyond the bytes left is damage.
        let count = try count()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }
}

/// The fixed lists a snapshot's numbers refer to. Their fingerprint goes into
/// every snapshot: a snapshot made when a list was different is not read.
enum SnapshotSchema {
    /// Raised by hand when the layout of a record in `CaseFileSnapshot` changes.
    static let layoutVersion = 4

    static let countries = CountryCode.all
    static let countryIndex: [String: Int] = Dictionary(uniqueKeysWithValues: countries.enumerated().map { ($1.code, $0) })
    static let roles = Role.allCases
    static let agencyKinds = AgencyKind.allCases
    static let focalRoles = FocalRole.allCases
    static let handlings = Handling.allCases
    static let crimeTypes = CrimeType.allCases
    static let sectors = Sector.allCases
    static let reliabilities = SourceReliability.allCases
    static let accuracies = InformationAccuracy.allCases
    static let networkStatuses = NetworkStatus.allCases
    static let networkRoles = NetworkRole.allCases
    static let suspectStatuses = SuspectStatus.allCases
    static let sexes = Sex.allCases
    static let ageBands = AgeBand.allCases
    static let assistances = Assistance.allCases
    static let legalBases = LegalBasis.allCases
    static let investigationStatuses = InvestigationStatus.allCases
    static let actionStatuses = ActionStatus.allCases
    static let channels = Channel.allCases
    static let priorities = Priority.allCases
    static let enquiryStatuses = EnquiryStatus.allCases
    static let coerciveMeasures = CoerciveMeasure.allCases
    static let referralKinds = ReferralKind.allCases
    static let referralStatuses = ReferralStatus.allCases
    static let outcomeKinds = OutcomeKind.allCases
    static let activityKinds = ActivityKind.allCases
    static let officerKinds = OfficerKind.allCases

    /// Every list, in words: what the fingerprint is taken of.
    static var description: String {
        let lists: [[String]] = [
            countries.map(\.code), roles.map(\.rawValue), agencyKinds.map(\.rawValue), focalRoles.map(\.rawValue),
            handlings.map(\.rawValue), crimeTypes.map(\.rawValue), sectors.map(\.rawValue), reliabilities.map(\.rawValue),
            accuracies.map(\.rawValue), networkStatuses.map(\.rawValue), networkRoles.map(\.rawValue),
            suspectStatuses.map(\.rawValue), sexes.map(\.rawValue), ageBands.map(\.rawValue), assistances.map(\.rawValue),
            legalBases.map(\.rawValue), investigationStatuses.map(\.rawValue), actionStatuses.map(\.rawValue),
            channels.map(\.rawValue), priorities.map(\.rawValue), enquiryStatuses.map(\.rawValue),
            coerciveMeasures.map(\.rawValue), referralKinds.map(\.rawValue), referralStatuses.map(\.rawValue),
            outcomeKinds.map(\.rawValue), activityKinds.map(\.rawValue), officerKinds.map(\.rawValue),
        ]
        return "layout \(layoutVersion);" + lists.map { $0.joined(separator: ",") }.joined(separator: ";")
            + ";fields " + recordFields.map { $0.joined(separator: ",") }.joined(separator: ";")
    }

    /// The stored properties of every kind of record, by name: a field added,
    /// removed or renamed changes the fingerprint by itself, so a snapshot laid
    /// out for other records is never read.
    static var recordFields: [[String]] {
        let day = Day(daysSinceEpoch: 0), time = Timestamp(secondsSinceEpoch: 0), country = countries[0]
        let samples: [Any] = [
            User(name: "", displayName: "", role: .investigator),
            Agency(code: "", name: "", country: country, kind: .police),
            FocalPoint(code: "", name: "", agency: "", country: country, role: .ncbOfficer, since: day),
            Network(code: "", name: "", crimeTypes: [], sectors: [], route: [], handling: .h0),
            Suspect(reference: "", nationality: country, network: nil, role: .other, handling: .h0),
            Victim(reference: "", nationality: country, sex: .unknown, ageBand: .unknown, exploitation: .traffickingOther,
                   sector: .other),
            JointInvestigation(code: "", title: "", lead: country, partners: [], targetNetworks: [], legalBasis: legalBases[0],
                               start: day, end: day, handling: .h0),
            Extension(day: day, newEnd: day, consentRecorded: false),
            ActionItem(id: 0, item: "", owner: country, due: day),
            Enquiry(reference: "", requesting: country, requested: country, channel: .policeToPolice, priority: .routine,
                    subject: "", drafted: time, due: time, handling: .h0),
            Referral(reference: "", kind: .diffusion, issuingNCB: country, subject: "", handling: .h0),
            Operation(code: "", name: "", start: day, end: day, countries: []),
            Outcome(investigation: nil, country: country, day: day, kind: .arrests, count: 0),
            Activity(operation: nil, country: country, day: day, kind: .training, count: 0),
            Note(entity: "", text: "", time: time, author: ""),
            Link(from: "", to: ""),
            ExportRecord(id: "", format: "", destination: "", tables: [], records: 0, includesVictims: false, restricted: false,
                         recipient: "", reason: ""),
            RecordStamp(createdBy: "", lastChangedBy: ""),
            FieldChange(field: "", version: 0, actor: "", time: time),
            HandlingDowngrade(from: .h0, to: .h0, actor: "", time: time, reason: ""),
        ]
        return samples.map { sample in ["\(type(of: sample))"] + Mirror(reflecting: sample).children.map { $0.label ?? "?" } }
    }
}
