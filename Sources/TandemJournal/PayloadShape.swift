import TandemCore

/// What `EventCoding` asks of a payload to decode it: the reader of a line's
/// payload (`PayloadReader`), or the recorder that learns, from that same
/// decoding, what each kind of payload must hold (`PayloadShape`).
protocol PayloadSource {
    func has(_ key: StaticString) -> Bool
    func string(_ key: StaticString) throws(DecodeFailure) -> String
    func optionalString(_ key: StaticString) throws(DecodeFailure) -> String?
    func strings(_ key: StaticString) throws(DecodeFailure) -> [String]
    func int(_ key: StaticString) throws(DecodeFailure) -> Int
    func optionalInt(_ key: StaticString) throws(DecodeFailure) -> Int?
    func bool(_ key: StaticString) throws(DecodeFailure) -> Bool
    func term<T: JournalTerm>(_ key: StaticString, _ type: T.Type) throws(DecodeFailure) -> T
    func optionalTerm<T: JournalTerm>(_ key: StaticString, _ type: T.Type) throws(DecodeFailure) -> T?
    func terms<T: JournalTerm>(_ key: StaticString, _ type: T.Type) throws(DecodeFailure) -> [T]
    func country(_ key: StaticString) throws(DecodeFailure) -> CountryCode
    func countries(_ key: StaticString) throws(DecodeFailure) -> [CountryCode]
    func timestamp(_ key: StaticString) throws(DecodeFailure) -> Timestamp
    func optionalTimestamp(_ key: StaticString) throws(DecodeFailure) -> Timestamp?
    func day(_ key: StaticString) throws(DecodeFailure) -> Day
    func counts<T: JournalTerm & Hashable>(_ key: StaticString, _ type: T.Type) throws(DecodeFailure) -> [T: Int]
}

/// What a kind of payload must hold for its line to decode, learnt once from
/// `EventCoding` itself: each field it reads, in the order it reads them, and
/// which field must name the line's entity. `tandem verify` checks a line
/// against it instead of making the line's event, and so refuses the same lines
/// the opening does without the cost of making a million events (their texts,
/// lists and records) only to let them go.
///
/// A shape, and the spellings of the terms it reads, are laid out once in
/// memory that is never given back (a few KiB for every kind, learnt once a
/// process): walking one then counts no reference up and down, which at every
/// line cost more than the reads themselves.
struct PayloadShape: @unchecked Sendable {
    /// How a field is read, as `PayloadSource` names its reads; a term by the spellings of its type.
    enum Read {
        case string, optionalString, strings, int, optionalInt, bool, country, countries, timestamp, optionalTimestamp, day
        case term(UnsafePointer<TermNames>), optionalTerm(UnsafePointer<TermNames>), terms(UnsafePointer<TermNames>)
        case counts(UnsafePointer<TermNames>)
    }

    struct Step {
        let key: StaticString
        /// Read only when the field is there (`has` was asked first).
        let onlyIfPresent: Bool
        let read: Read
    }

    let steps: UnsafeBufferPointer<Step>
    /// The field whose text must be the line's entity; nil when the decoder takes the entity from the line itself.
    let entityField: StaticString?

    /// Checks `payload` as decoding it with the line's `entity` (a string value in `line`) would:
    /// each read makes the same checks as the decoder's, without the value being made.
    func check(_ payload: PayloadReader, entity: Range<Int>, in line: LineBytes) throws(DecodeFailure) {
        for step in steps {
            let key = step.key
            if step.onlyIfPresent, !payload.has(key) { continue }
            switch step.read {
            case .string: try payload.checkString(key)
            case .optionalString: try payload.checkOptionalString(key)
            case .strings: try payload.checkStrings(key)
            case .int: _ = try payload.int(key)
            case .optionalInt: _ = try payload.optionalInt(key)
            case .bool: _ = try payload.bool(key)
            case .country: _ = try payload.country(key)
            case .countries: try payload.checkCountries(key)
            case .timestamp: _ = try payload.timestamp(key)
            case .optionalTimestamp: _ = try payload.optionalTimestamp(key)
            case .day: _ = try payload.day(key)
            case .term(let names): try payload.checkTerm(key, names)
            case .optionalTerm(let names): try payload.checkOptionalTerm(key, names)
            case .terms(let names): try payload.checkTerms(key, names)
            case .counts(let names): try payload.checkCounts(key, names)
            }
        }
        if let entityField, !payload.stringIs(entityField, sameAs: entity, in: line) {
            throw DecodeFailure(reason: "entity does not match the payload's \"\(entityField)\"")
        }
    }

    /// Each kind's shape, by its place in `ChangeKind.allCases`; nil for a kind
    /// whose shape could not be learnt (its entity is worked out from more than
    /// one field): such a line is decoded whole.
    static let byOrdinal: [PayloadShape?] = ChangeKind.allCases.map(learn)

    /// Decodes a payload of `kind` from stand-in values, writing down what is read.
    static func learn(_ kind: ChangeKind) -> PayloadShape? {
        let recorder = PayloadRecorder()
        let change: Change
        do throws(DecodeFailure) {
            change = try EventCoding.changeAsRead(kind: kind, entity: PayloadRecorder.entityMarker, payload: recorder)
            _ = try EventCoding.eventFields(payload: recorder)
        } catch {
            return nil
        }
        let entity = change.entity
        let entityField: StaticString?
        if entity == PayloadRecorder.entityMarker {
            entityField = nil
        } else {
            guard let step = recorder.requiredString(marked: entity) else { return nil }
            entityField = step.key
        }
        let steps = UnsafeMutableBufferPointer<Step>.allocate(capacity: recorder.steps.count)
        _ = steps.initialize(from: recorder.steps)
        return PayloadShape(steps: UnsafeBufferPointer(steps), entityField: entityField)
    }
}

/// A payload that holds every field, with stand-in values, and writes down
/// each read: what `PayloadShape` learns a kind's shape from.
final class PayloadRecorder: PayloadSource {
    private(set) var steps: [PayloadShape.Step] = []
    /// The steps that read a required string, by the stand-in text they returned.
    private var requiredStrings: [String: Int] = [:]
    /// Keys asked about with `has`: their next read happens only when they are there.
    private var asked: Set<String> = []

    static let entityMarker = "\u{1}entity"

    func requiredString(marked text: String) -> PayloadShape.Step? { requiredStrings[text].map { steps[$0] } }

    /// Writes a read down; returns the stand-in text for a string it reads.
    @discardableResult
    private func read(_ key: StaticString, _ read: PayloadShape.Read) -> String {
        let onlyIfPresent = asked.remove(key.description) != nil
        steps.append(PayloadShape.Step(key: key, onlyIfPresent: onlyIfPresent, read: read))
        let marker = "\u{1}\(steps.count - 1)"
        if case .string = read, !onlyIfPresent { requiredStrings[marker] = steps.count - 1 }
        return marker
    }

    func has(_ key: StaticString) -> Bool {
        asked.insert(key.description)
        return true
    }

    func string(_ key: StaticString) throws(DecodeFailure) -> String { read(key, .string) }
    func optionalString(_ key: StaticString) throws(DecodeFailure) -> String? { read(key, .optionalString) }
    func strings(_ key: StaticString) throws(DecodeFailure) -> [String] { read(key, .strings); return [] }
    func int(_ key: StaticString) throws(DecodeFailure) -> Int { read(key, .int); return 0 }
    func optionalInt(_ key: StaticString) throws(DecodeFailure) -> Int? { read(key, .optionalInt); return 0 }
    func bool(_ key: StaticString) throws(DecodeFailure) -> Bool { read(key, .bool); return false }

    /// The spellings of `T`, laid out where a shape may point to them for good.
    private func names<T: JournalTerm>(_ type: T.Type) -> UnsafePointer<TermNames> {
        let names = UnsafeMutablePointer<TermNames>.allocate(capacity: 1)
        names.initialize(to: T.spellings.names)
        return UnsafePointer(names)
    }

    func term<T: JournalTerm>(_ key: StaticString, _ type: T.Type) throws(DecodeFailure) -> T {
        read(key, .term(names(T.self)))
        return T.allCases.first!
    }

    func optionalTerm<T: JournalTerm>(_ key: StaticString, _ type: T.Type) throws(DecodeFailure) -> T? {
        read(key, .optionalTerm(names(T.self)))
        return T.allCases.first!
    }

    func terms<T: JournalTerm>(_ key: StaticString, _ type: T.Type) throws(DecodeFailure) -> [T] {
        read(key, .terms(names(T.self)))
        return []
    }

    func country(_ key: StaticString) throws(DecodeFailure) -> CountryCode { read(key, .country); return PayloadRecorder.someCountry }
    func countries(_ key: StaticString) throws(DecodeFailure) -> [CountryCode] { read(key, .countries); return [] }

    func timestamp(_ key: StaticString) throws(DecodeFailure) -> Timestamp {
        read(key, .timestamp)
        return Timestamp(secondsSinceEpoch: 0)
    }

    func optionalTimestamp(_ key: StaticString) throws(DecodeFailure) -> Timestamp? {
        read(key, .optionalTimestamp)
        return Timestamp(secondsSinceEpoch: 0)
    }

    func day(_ key: StaticString) throws(DecodeFailure) -> Day { read(key, .day); return Day(daysSinceEpoch: 0) }

    func counts<T: JournalTerm & Hashable>(_ key: StaticString, _ type: T.Type) throws(DecodeFailure) -> [T: Int] {
        read(key, .counts(names(T.self)))
        return [:]
    }

    private static let someCountry = CountryCode("THA")!
}
