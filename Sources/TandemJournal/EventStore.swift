import TandemCore

/// The small interface the console and the commands need from wherever events
/// are kept: today a local journal file; later perhaps a store shared by a unit.
public protocol EventStore: AnyObject {
    /// The sequence number of the last event (0 when there is none).
    var lastSequence: Int { get }
    /// Whether `commit` can write.
    var isWritable: Bool { get }
    /// Why it cannot write, when it cannot.
    var readOnlyReason: String? { get }
    /// Whether lines taken on trust at opening (from a snapshot) are still
    /// being checked: a commit waits until they have been.
    var isChecking: Bool { get }
    /// Asked while a commit waits for another writer to finish: false stops the
    /// wait, and the commit throws `JournalError.cancelled` having written nothing.
    var whileWaitingForLock: (() -> Bool)? { get set }
    /// What the store wants the user told since it was last asked (a torn line set aside, damage found).
    func takeNotices() -> [String]

    /// Appends the events `decide` returns as one durable batch. `decide` is
    /// given the events others appended since this store last looked, so it can
    /// decide against the current state; whatever it throws is rethrown and
    /// nothing is written. `decide` may be called more than once (a shared
    /// store asks again when another console saved first), each time with every
    /// record others appended since the store last looked (those it was given
    /// the time before, then what arrived since, in order): it decides afresh.
    func commit(_ decide: ([JournalRecord]) throws -> [Event]) throws -> [JournalRecord]

    /// Events others have appended since this store last looked (follow).
    func newRecords() throws(JournalError) -> [JournalRecord]

    /// Every record from `sequence` on, read afresh.
    func records(from sequence: Int) throws(JournalError) -> [JournalRecord]

    /// The records about one record (its own events and links to it), read afresh.
    func records(about code: String) throws(JournalError) -> [JournalRecord]

    /// How many changes are kept here, not yet in the store others read (a shared store, offline).
    var notYetShared: Int { get }

    /// The case file as the store now holds it, when what was shown must be
    /// replaced (changes kept offline were decided again); nil otherwise.
    func takeReplacement() -> CaseFile?
}

extension EventStore {
    public var notYetShared: Int { 0 }
    public func takeReplacement() -> CaseFile? { nil }
}
