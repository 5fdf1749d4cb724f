import TandemCore

/// A list of terms a payload field holds (a status, a handling code, a crime
/// type), read from a line by its spelling. Each type's spellings are laid
/// out once, by length: reading one compares a few bytes, not every value's name.
protocol JournalTerm: RawRepresentable, CaseIterable, Sendable where RawValue == String {
    static var spellings: TermSpellings<Self> { get }
}

/// A term type's values by the length of their spelling.
struct TermSpellings<Term: JournalTerm>: Sendable {
    private let byLength: [[(spelling: [UInt8], term: Term)]]

    init() {
        var byLength: [[(spelling: [UInt8], term: Term)]] = []
        for term in Term.allCases {
            let spelling = Array(term.rawValue.utf8)
            while byLength.count <= spelling.count { byLength.append([]) }
            byLength[spelling.count].append((spelling, term))
        }
        self.byLength = byLength
    }

    /// The term spelt by `name` (its characters, no quotes), if any.
    func term(_ name: UnsafeBufferPointer<UInt8>) -> Term? {
        guard name.count < byLength.count else { return nil }
        for candidate in byLength[name.count] where candidate.spelling.withUnsafeBufferPointer({
            sameBytes($0.baseAddress!, name.baseAddress!, name.count)
        }) {
            return candidate.term
        }
        return nil
    }
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
extension Priority: JournalTerm { static let spellings = TermSpellings<Priority>() }
extension ReferralKind: JournalTerm { static let spellings = TermSpellings<ReferralKind>() }
extension ReferralStatus: JournalTerm { static let spellings = TermSpellings<ReferralStatus>() }
extension Role: JournalTerm { static let spellings = TermSpellings<Role>() }
extension Sector: JournalTerm { static let spellings = TermSpellings<Sector>() }
extension Sex: JournalTerm { static let spellings = TermSpellings<Sex>() }
extension SourceReliability: JournalTerm { static let spellings = TermSpellings<SourceReliability>() }
extension SuspectStatus: JournalTerm { static let spellings = TermSpellings<SuspectStatus>() }
