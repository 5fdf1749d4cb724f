import TandemCore

/// Makes the lines of one commit of several events, marking its first and last
/// line (see `JournalLine.BatchMark`). Each event's line is made when the next
/// event arrives or the batch is closed, since only then is it known whether it
/// is the last; a batch of one event is a plain line.
struct BatchLines {
    private var held: Event?
    /// A first line has been made and the batch is not yet closed.
    private var open = false
    /// How many lines have been made.
    private(set) var made = 0
    /// Who signs the batch, on its last line (nil: it is not signed).
    var signer: OfficerKey?

    /// Takes the next event; makes the line of the one before it, if any.
    mutating func add(_ event: Event, after position: inout ChainPosition, to bytes: inout [UInt8]) {
        if let held {
            Journal.appendLine(for: held, batch: open ? nil : .first, after: &position, to: &bytes)
            open = true
            made += 1
        }
        held = event
    }

    /// Makes the last line: the batch ends there. Nothing when no event is held.
    mutating func close(after position: inout ChainPosition, to bytes: inout [UInt8]) {
        guard let held else { return }
        Journal.appendLine(for: held, batch: open ? .last : nil, signer: signer, after: &position, to: &bytes)
        made += 1
        self.held = nil
        open = false
    }

    /// The lines of `events` as one batch.
    static func lines(of events: [Event], signer: OfficerKey?, after position: inout ChainPosition) -> (bytes: [UInt8], records: [JournalRecord]) {
        var batch = BatchLines()
        batch.signer = signer
        var bytes: [UInt8] = []
        var records: [JournalRecord] = []
        records.reserveCapacity(events.count)
        let first = position.sequence + 1
        for (index, event) in events.enumerated() {
            batch.add(event, after: &position, to: &bytes)
            records.append(JournalRecord(sequence: first + index, event: event))
        }
        batch.close(after: &position, to: &bytes)
        return (bytes, records)
    }
}
