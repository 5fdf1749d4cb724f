/// The case file's notes, their texts held one after another in pages of bytes
/// rather than each in a string of its own: a string on the heap costs about 50
/// bytes besides its characters (its header and its allocation), as much as a
/// note's text itself, and notes are what an officer writes most (200k of 1M
/// events). A note is made whole (`Note`) when it is read.
public struct NoteBook: Equatable, Sendable {
    /// One note as held: its text's place in the pages.
    private struct Entry: Sendable {
        var entity: String
        var author: String
        var time: Timestamp
        var text: Place
    }

    /// Where a text is: its page (the top 12 bits), where it starts in the page
    /// (the next 20) and how many bytes it has (the low 32).
    private struct Place: Sendable {
        let bits: UInt64

        init(page: Int, start: Int, count: Int) {
            precondition(page < 1 << 12 && start < 1 << 20 && count < 1 << 32, "more notes than a case file holds")
            bits = UInt64(page) << 52 | UInt64(start) << 32 | UInt64(count)
        }

        var page: Int { Int(bits >> 52) }
        var range: Range<Int> {
            let start = Int(bits >> 32 & 0xF_FFFF)
            return start..<(start + Int(bits & 0xFFFF_FFFF))
        }
    }

    /// Bytes a page holds: a text never runs from one page into the next (one
    /// longer than a page has a page of its own). A page's room is set aside
    /// when it is begun, so that adding to it never moves it.
    let pageSize: Int
    private var pages: [[UInt8]] = []
    private var entries: [Entry] = []

    public init() { self.init(pageSize: 1 << 20) }

    init(pageSize: Int) {
        precondition(pageSize > 0 && pageSize <= 1 << 20)
        self.pageSize = pageSize
    }

    public init(_ notes: [Note]) { self.init(notes, pageSize: 1 << 20) }

    init(_ notes: [Note], pageSize: Int) {
        self.init(pageSize: pageSize)
        for note in notes { append(note) }
    }

    public var count: Int { entries.count }

    public mutating func append(_ note: Note) {
        var text = note.text
        let place = text.withUTF8 { bytes in
            if pages.isEmpty || pages[pages.count - 1].count + bytes.count > pageSize {
                var page: [UInt8] = []
                page.reserveCapacity(max(pageSize, bytes.count))
                pages.append(page)
            }
            let last = pages.count - 1
            let start = pages[last].count
            pages[last].append(contentsOf: bytes)
            return Place(page: last, start: start, count: bytes.count)
        }
        entries.append(Entry(entity: note.entity, author: note.author, time: note.time, text: place))
    }

    private func text(_ place: Place) -> String { String(decoding: pages[place.page][place.range], as: UTF8.self) }

    private func note(_ entry: Entry) -> Note {
        Note(entity: entry.entity, text: text(entry.text), time: entry.time, author: entry.author)
    }

    /// Every note, in the order they were added.
    var all: [Note] { entries.map(note) }

    func forEach(_ body: (Note) -> Void) {
        for entry in entries { body(note(entry)) }
    }

    /// The notes on one record, in the order they were added.
    func notes(on entity: String) -> [Note] { entries.filter { $0.entity == entity }.map(note) }

    /// The same notes with the same texts, wherever their pages hold them.
    public static func == (a: NoteBook, b: NoteBook) -> Bool {
        guard a.entries.count == b.entries.count else { return false }
        return zip(a.entries, b.entries).allSatisfy { x, y in
            x.entity == y.entity && x.author == y.author && x.time == y.time
                && a.pages[x.text.page][x.text.range].elementsEqual(b.pages[y.text.page][y.text.range])
        }
    }
}
