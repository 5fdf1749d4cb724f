import Testing
@testable import TandemCore
import TandemSample

/// Notes' texts are held in pages of bytes (`NoteBook`); read back, they are
/// the notes as added, held to a plain list of them.
@Suite struct NoteBookTests {
    static let texts = [
        "", "a", "Crew lists cross-checked: 14 matches.", "Zeilen mit Umlauten: äöü, und 🚢 ein Schiff",
        String(repeating: "long text that runs past a page ", count: 9), "x\ny\n", "ทดสอบ",
    ]

    static func notes(_ count: Int) -> [Note] {
        (0..<count).map { index in
            Note(entity: ["NET-1", "ENQ/2", "JIT-3"][index % 3], text: texts[index % texts.count] + (index % 5 == 0 ? "\(index)" : ""),
                 time: Timestamp(secondsSinceEpoch: Int64(1_440_000_000 + index)), author: "officer\(index % 4)")
        }
    }

    @Test func notesReadBackAsAddedAcrossPages() {
        let plain = Self.notes(200)
        // Pages far smaller than a note: most texts begin a page, some longer than one have their own.
        for pageSize in [1, 16, 64, 1 << 20] {
            let book = NoteBook(plain, pageSize: pageSize)
            #expect(book.count == plain.count)
            #expect(book.all == plain, "page size \(pageSize)")
            for entity in ["NET-1", "ENQ/2", "JIT-3", "none"] {
                #expect(book.notes(on: entity) == plain.filter { $0.entity == entity })
            }
            #expect(book == NoteBook(plain), "page size \(pageSize)")
        }
    }

    @Test func booksDifferWhenANoteDoes() {
        let plain = Self.notes(30)
        var changed = plain
        changed[17].text += "!"
        #expect(NoteBook(plain, pageSize: 32) != NoteBook(changed, pageSize: 32))
        changed = plain
        changed[3].author = "someone else"
        #expect(NoteBook(plain) != NoteBook(changed))
        #expect(NoteBook(plain) != NoteBook(Array(plain.dropLast())))
    }

    /// A case file replayed holds every note of its events, in order, as a plain list would.
    @Test func aCaseFilesNotesAreItsEventsNotes() {
        var events = SampleScenario.events()
        var casework = SyntheticCasework(seed: 3)
        for _ in 0..<3_000 { events.append(casework.next()!) }
        let caseFile = CaseFile(replaying: events)
        let plain = events.compactMap { event -> Note? in
            guard case .noteAdded(let entity, let text) = event.change else { return nil }
            return Note(entity: entity, text: text, time: event.time, author: event.actor)
        }
        #expect(plain.count > 100)
        #expect(caseFile.notes == plain && caseFile.noteCount == plain.count)
        var each: [Note] = []
        caseFile.forEachNote { each.append($0) }
        #expect(each == plain)
        let entity = plain[plain.count / 2].entity
        #expect(caseFile.notes(on: entity) == plain.filter { $0.entity == entity })
    }
}
