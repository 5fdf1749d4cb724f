import TandemCore

/// A list of terms a payload field holds (a status, a handling code, a crime
/// type), read from a line by its spelling. Each type's spellings are laid
/// out once, by length: reading one compares a few bytes, not every value's name.
protocol JournalTerm: RawRepresentable, CaseIterable, Sendable where RawValue == String {
    static var spellings: TermSpellings<Self> { get }
}

/// The spellings of one term type's values, whatever the type: what finds a
/// term by its bytes, and what a line checked without its event is checked
/// against (see `PayloadShape`).
struct TermNames: Sendable {
    let spellings: Spellings
    /// Every value's name, for a term spelt with escapes.
    let names: Set<String>

    init(_ names: [String]) {
        spellings = Spellings(names)
        self.names = Set(names)
    }

    /// The spellings laid out one after another, shortest first, in memory
    /// that is never given back (a term type's are laid out once a process):
    /// looking a term up counts no reference up and down.
    struct Spellings: @unchecked Sendable {
        private let bytes: UnsafeBufferPointer<UInt8>
        /// For each spelling, shortest first: where it starts in `bytes`, and its value's place in `allCases`.
        private let starts: UnsafeBufferPointer<(start: Int, place: Int)>
        /// For each length, where the spellings that long begin in `starts` (one more entry than lengths).
        private let byLength: UnsafeBufferPointer<Int>

        init(_ names: [String]) {
            let sorted = names.enumerated().map { (spelling: Array($0.element.utf8), place: $0.offset) }.sorted { $0.spelling.count < $1.spelling.count }
            let longest = sorted.last?.spelling.count ?? 0
            let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, sorted.reduce(0) { $0 + $1.spelling.count }))
            let starts = UnsafeMutableBufferPointer<(start: Int, place: Int)>.allocate(capacity: max(1, sorted.count))
            let byLength = UnsafeMutableBufferPointer<Int>.allocate(capacity: longest + 2)
            var end = 0
            var length = 0
            byLength[0] = 0
            for (index, name) in sorted.enumerated() {
                while length < name.spelling.count { length += 1; byLength[length] = index }
                starts[index] = (end, name.place)
                for byte in name.spelling { bytes[end] = byte; end += 1 }
            }
            byLength[longest + 1] = sorted.count
            self.bytes = UnsafeBufferPointer(bytes)
            self.starts = UnsafeBufferPointer(starts)
            self.byLength = UnsafeBufferPointer(byLength)
        }

        /// The place in `allCases` of the value spelt by `name` (its characters, no quotes), if any.
        func place(_ name: UnsafeBufferPointer<UInt8>) -> Int? {
            let count = name.count
            guard count + 1 < byLength.count else { return nil }
            for index in byLength[count]..<byLength[count + 1] {
                let (start, place) = starts[index]
                if count == 0 || sameBytes(bytes.baseAddress! + start, name.baseAddress!, count) { return place }
            }
            return nil
        }
    }
}

/// A term type's values by the length of their spelling.
struct TermSpellings<Term: JournalTerm>: Sendable {
    let names: TermNames
    private let terms: [Term]

    init() {
        terms = Array(Term.allCases)
        names = TermNames(terms.map(\.rawValue))
    }

    /// The term spelt by `name` (its characters, no quotes), if any.
    func term(_ name: UnsafeBufferPointer<UInt8>) -> Term? { names.spellings.place(name).map { terms[$0] } }
}

extension ActionStatus: JournalTerm { static let spellings = TermSpellings<ActionStatus>() }
extension ActivityKind: JournalTerm { static let spellings = TermSpellings<ActivityKind>() }
extension AgeBand: JournalTerm { static let spellings = TermSpellings<AgeBand>() }
extension AgencyKind: JournalTerm { static let spellings = TermSpellings<AgencyKind>() }
extension Assistance: JournalTerm { static let spellings = TermSpellings<Assistance>() }
extension Channel: JournalTerm { static let spellings = TermSpellings<Channel>() }
extension ChaseMeans: JournalTerm { static let spellings = TermSpellings<ChaseMeans>() }
extension CoerciveMeasure: JournalTerm { static let spellings = TermSpellings<CoerciveMeasure>() }
extension CrimeType: JournalTerm { static let spellings = TermSpellings<CrimeType>() }
extension EnquiryStatus: JournalTerm { static let spellings = TermSpellings<EnquiryStatus>() }
extension FocalRole: JournalTerm { static let spellings = TermSpellings<FocalRole>() }
extension Handling: JournalTerm { static let spellings = TermSpellings<Handling>() }
extension InformationAccuracy: JournalTerm { static let spellings = TermSpellings<InformationAccuracy>() }
extension InvestigationStatus: JournalTerm { static let spellings = TermSpellings<InvestigationStatus>() }
extension LegalBasis: JournalTerm { static let spellings = TermSpellings<LegalBasis>() }
extension NetworkRole: JournalTerm { static let spellings = TermSpellings<NetworkRole>() }
extension NetworkStatus: JournalTerm { static let spellings = TermSpellings<NetworkStatus>() }
extension OutcomeKind: JournalTerm { static let spellings = TermSpellings<OutcomeKind>() }
extension OfficerKind: JournalTerm { static let spellings = TermSpellings<OfficerKind>() }
extension Priority: JournalTerm { static let spellings = TermSpellings<Priority>() }
extension ReferralKind: JournalTerm { static let spellings = TermSpellings<ReferralKind>() }
extension ReferralStatus: JournalTerm { static let spellings = TermSpellings<ReferralStatus>() }
extension Role: JournalTerm { static let spellings = TermSpellings<Role>() }
extension Sector: JournalTerm { static let spellings = TermSpellings<Sector>() }
extension Sex: JournalTerm { static let spellings = TermSpellings<Sex>() }
extension SourceReliability: JournalTerm { static let spellings = TermSpellings<SourceReliability>() }
extension SuspectStatus: JournalTerm { static let spellings = TermSpellings<SuspectStatus>() }
