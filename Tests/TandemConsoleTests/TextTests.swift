import Testing
import TandemCore
@testable import TandemConsole

@Suite struct TextTests {
    @Test func widthsOfScriptsOfTheRegion() {
        #expect(TextWidth.columns("Andaman") == 7)
        #expect(TextWidth.columns("中文") == 4)
        #expect(TextWidth.columns("ไทย") == 3)            // Thai: no combining marks here
        #expect(TextWidth.columns("ที่") == 1)             // base + two combining marks
        #expect(TextWidth.columns("Việt") == 4)           // precomposed
        #expect(TextWidth.columns("Vie\u{0323}\u{0302}t") == 4)  // decomposed: marks take no column
        #expect(TextWidth.columns("🚢") == 2)
    }

    @Test func controlCharactersAreShownNotObeyed() {
        let hostile = "\u{1B}]0;pwned\u{07}\u{1B}[2Jx\u{9B}y\u{202E}z\n"
        let safe = TextWidth.displayable(hostile)
        #expect(!safe.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
        #expect(safe == "␛]0;pwned␇␛[2Jx\u{FFFD}y\u{FFFD}z␊")
        var buffer = CellBuffer(width: 30, height: 1)
        buffer.put(hostile, x: 0, y: 0)
        #expect(buffer.lines[0].hasPrefix("␛]0;pwned␇␛[2Jx"))
    }

    @Test func wideCharactersAreNeverCutInHalf() {
        var buffer = CellBuffer(width: 6, height: 1)
        let used = buffer.put("ab中文", x: 0, y: 0)
        #expect(used == 6)
        #expect(buffer.lines[0] == "ab中文")
        // Cut short, it ends in "…" after the last character that leaves room for it.
        buffer.put("ab中文字", x: 0, y: 0)
        #expect(buffer.lines[0] == "ab中… ")
        var narrow = CellBuffer(width: 5, height: 1)
        narrow.put("ab中文", x: 0, y: 0)
        #expect(narrow.lines[0] == "ab中…")
        #expect(TextWidth.truncate("中文中文", to: 5) == "中文…")
        #expect(TextWidth.columns(TextWidth.fit("中文中文", to: 6)) == 6)
    }

    /// A box over a pane leaves a blank column either side: the pane's text never
    /// runs up to the border (a letter cut off there read as part of the box), and
    /// a wide character half under the margin is blanked whole.
    @Test func aBoxHasABlankColumnEitherSide() {
        var buffer = CellBuffer(width: 12, height: 5)
        for row in 0..<5 { buffer.put(row == 2 ? "x中xxxxxxxxx" : "xxxxxxxxxxxx", x: 0, y: row) }
        FormView.drawBox(x: 3, y: 0, width: 6, height: 4, title: "T", into: &buffer)
        #expect(buffer.lines == ["xx ┌─T──┐ xx", "xx │    │ xx", "x  │    │ xx", "xx └────┘ xx", "xxxxxxxxxxxx"])
        var edge = CellBuffer(width: 6, height: 3)
        FormView.drawBox(x: 0, y: 0, width: 6, height: 3, title: "", into: &edge)
        #expect(edge.lines == ["┌────┐", "│    │", "└────┘"])
    }

    /// Detail lines left out at the bottom of the panel (or of the full view)
    /// leave "…" at the end of the last line shown: a sentence cut there is not read as whole.
    @Test func detailLinesCutAtTheBottomEndInAnEllipsis() {
        let lines: [(label: String, text: String, style: Style)] = [
            ("Modus operandi", "Recruits men in", .plain), ("", "border towns", .plain), ("Aliases", "Sea Dragon", .plain),
        ]
        #expect(DetailView.shown(lines, rows: 3, width: 20).map(\.text) == ["Recruits men in", "border towns", "Sea Dragon"])
        #expect(DetailView.shown(lines, rows: 2, width: 20).map(\.text) == ["Recruits men in", "border towns …"])
        #expect(DetailView.shown(lines, rows: 1, width: 16).map(\.text) == ["Recruits men in…"])
        #expect(DetailView.shown(lines, rows: 2, width: 20).map(\.label) == ["Modus operandi", ""])
        #expect(DetailView.shown(lines, rows: 0, width: 20).isEmpty)
    }

    /// Wrapping keeps the spaces between words as written (the history puts two
    /// after the officer's name, the message log two after the time); a line starts at a word.
    @Test func wrappingKeepsTheSpacesBetweenWords() {
        #expect(TextWidth.wrap("#12 k.perera  note: two  spaces", width: 40) == ["#12 k.perera  note: two  spaces"])
        #expect(TextWidth.wrap("k.perera  note: one", width: 10) == ["k.perera", "note: one"])
        #expect(TextWidth.wrap("  lead  and trail  ", width: 20) == ["lead  and trail"])
        #expect(TextWidth.wrap("a verylongwordindeed", width: 6) == ["a", "veryl…"])
        #expect(TextWidth.wrap("a verylongwordindeed b", width: 6, keepingLongWords: true) == ["a", "verylongwordindeed", "b"])
    }

    /// A time is not broken across lines: an enquiry's timeline read "acknowledged
    /// 2015-09-30" at the end of one line and "04:00 UTC" at the start of the next.
    @Test func wrappingKeepsATimeWhole() {
        let timeline = "drafted 2015-09-28 03:00 UTC · sent 2015-09-28 04:00 UTC · acknowledged 2015-09-30 04:00 UTC · answered 2015-10-07 04:00 UTC"
        #expect(TextWidth.wrap(timeline, width: 82) == [
            "drafted 2015-09-28 03:00 UTC · sent 2015-09-28 04:00 UTC ·",
            "acknowledged 2015-09-30 04:00 UTC · answered 2015-10-07 04:00 UTC",
        ])
        #expect(TextWidth.wrap("due 2015-10-05 14:00 +07 (revised)", width: 26) == ["due 2015-10-05 14:00 +07", "(revised)"])
        // A time goes to the next line alone where it and the word before it do not fit one.
        #expect(TextWidth.wrap("acknowledged 2015-10-05 14:00 +07", width: 24) == ["acknowledged", "2015-10-05 14:00 +07"])
        // Not with a mark or a number before it.
        #expect(TextWidth.wrap("#12 2015-10-05 14:00 UTC k.perera", width: 24) == ["#12 2015-10-05 14:00 UTC", "k.perera"])
        #expect(TextWidth.wrap("#12 2015-10-05 14:00 UTC k.perera", width: 22) == ["#12", "2015-10-05 14:00 UTC", "k.perera"])
        // Too narrow for the whole time: broken between its words, as any text.
        #expect(TextWidth.wrap("on 2015-10-05 09:30 +05:30", width: 12) == ["on", "2015-10-05", "09:30 +05:30"])
        #expect(TextWidth.wrap("ended 2015-10-05 and 12:00 noon", width: 16) == ["ended 2015-10-05", "and 12:00 noon"])
        // A no-break space joins what it stands between, and is put as a space.
        #expect(TextWidth.wrap("by requested country: PHL\u{00A0}10, THA\u{00A0}3", width: 34) == ["by requested country: PHL 10,", "THA 3"])
        #expect(TextWidth.displayable("THA\u{00A0}3") == "THA 3")
        #expect(Formatting.unbroken("LKA Sri Lanka") == "LKA\u{00A0}Sri\u{00A0}Lanka")
        #expect(DashboardView.tally([CountryCode("THA")!, CountryCode("PHL")!, CountryCode("THA")!]) == "THA\u{00A0}2, PHL\u{00A0}1")
        // Two spaces between the date and the time are not a time as Tandem writes one.
        #expect(TextWidth.wrap("#3 2015-10-05  12:00 x", width: 13) == ["#3 2015-10-05", "12:00 x"])
    }

    /// Text cut at a limit or at the edge ends in "…", so that it is not read as
    /// the whole; spaces cut off are not marked, and text that fits is left as it is.
    @Test func textCutShortEndsInAnEllipsis() {
        var buffer = CellBuffer(width: 12, height: 4)
        buffer.put("Exchange crew lists", x: 1, y: 0, limit: 10)
        buffer.put("fits well", x: 1, y: 1, limit: 10)
        buffer.put("padded    " + "     ", x: 1, y: 2, limit: 10)
        buffer.put("runs off the edge", x: 4, y: 3)
        #expect(buffer.lines == [" Exchange … ", " fits well  ", " padded     ", "    runs of…"])
    }

    /// The message log's times carry the officer's offset, as every time shown does (they were UTC, unmarked).
    @Test func theMessageLogSaysItsTimesInTheOfficersZone() {
        var state = sampleState()
        state.zone = OfficerZone(name: "Asia/Bangkok", rules: .fixed(["Asia/Bangkok": 7 * 3600]))
        press([.character("o"), .character(":")] + typing("messages") + [.enter], &state)
        #expect(render(state).text.contains("2015-10-20 16:00 +07  Sorted by"), "\(render(state).text)")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = CellBuffer(width: 4, height: 1)
        buffer.put("中文", x: 0, y: 0)
        buffer.put("x", x: 1, y: 0)
        #expect(buffer.lines[0] == " x文")
    }

    @Test func combiningMarksJoinTheirBaseCell() {
        var buffer = CellBuffer(width: 5, height: 1)
        buffer.put("ที่ab", x: 0, y: 0)
        #expect(buffer[0, 0].text == "ที่")
        #expect(buffer[1, 0].text == "a")
    }

    @Test func textInputMovesOverWholeCharacters() {
        var input = TextInput()
        for c in "中a" { input.insert(c) }
        input.insert("e")
        input.insert("\u{0301}")  // combining acute joins the e
        #expect(input.text == "中ae\u{0301}")
        #expect(input.cursor == 3)
        #expect(input.cursorColumn == 4)
        input.moveLeft()
        input.moveLeft()
        #expect(input.cursorColumn == 2)
        input.backspace()
        #expect(input.text == "ae\u{0301}")
        input.moveEnd()
        input.backspace()
        #expect(input.text == "a")
        input.moveHome()
        input.deleteForward()
        #expect(input.text.isEmpty)
    }

    @Test func leftTruncationKeepsTheFileName() {
        #expect(leftTruncated("/home/officer/.local/share/tandem/journal.jsonl", to: 24) == "…re/tandem/journal.jsonl")
        #expect(leftTruncated("/tmp/j.jsonl", to: 24) == "/tmp/j.jsonl")
    }

    @Test func aTenThousandCharacterPasteStaysInItsColumn() throws {
        var state = sampleState()
        press([.character("3"), .character("n")], &state)
        let paste = String(repeating: "ไทย中文\u{1B}[1m\u{202E}", count: 1000)   // 10,000 characters, hostile ones among them
        #expect(paste.count == 10_000)
        press(typing("NZL/THA/PASTE") + [.tab] + typing("NZL") + [.tab] + typing("THA") + [.tab, .tab, .tab] + typing(paste), &state)
        let screen = render(state)
        for line in screen.lines { #expect(TextWidth.columns(line) == 100) }
        #expect(!screen.lines.joined().unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        // Longer than a subject may be (TextLimits): refused naming the limit, the form kept, still in its column.
        let effects = press([.control("s")], &state)
        #expect(!effects.contains { if case .commit = $0 { true } else { false } })
        let refused = render(state)
        #expect(refused.lines.joined().contains("subject: is longer than 1,000 characters"))
        for line in refused.lines { #expect(TextWidth.columns(line) == 100) }
    }

    @Test func theNoteEditorWrapsAtWordsAndMovesByLine() {
        let text = Array("Partners met in Bangkok\nthe port records are due")
        // Width 10: words stay whole; a line break starts a new line.
        let lines = NoteEditor.lines(text, width: 10).map { String(text[$0]) }
        #expect(lines == ["Partners ", "met in ", "Bangkok", "the port ", "records ", "are due"])
        var note = NoteEditor(code: "NET-7KQ2", text: TextInput(String(text)))
        #expect(note.cursorPlace(width: 10) == (5, 7))
        note.moveLine(by: -1, width: 10)
        #expect(note.cursorPlace(width: 10) == (4, 7), "up keeps the column")
        note.moveLine(by: -10, width: 10)
        #expect(note.cursorPlace(width: 10).line == 0)
        note.scrollToCursor(width: 10, rows: 3)
        #expect(note.top == 0)
        note.moveLine(by: 5, width: 10)
        note.scrollToCursor(width: 10, rows: 3)
        #expect(note.top == 3)
        // A word longer than the line is cut where the line ends.
        #expect(NoteEditor.lines(Array("abcdefghijkl"), width: 5).count == 3)
    }

    @Test func sparklinesAndTimelinesInBlocksOrASCII() {
        #expect(Pictures.sparkline([0, 1, 2, 4, 8], ascii: false) == " ▁▂▄█")
        #expect(Pictures.sparkline([0, 1, 2, 4, 8], ascii: true) == " .:=@")
        #expect(Pictures.sparkline([0, 0], ascii: false) == "  ", "nothing at all is blank, not a floor")
        let start = Day(iso8601: "2015-01-01")!, end = Day(iso8601: "2015-01-11")!
        let extended = Pictures.timeline(start: start, end: end, originalEnd: Day(iso8601: "2015-01-06")!,
                                         today: Day(iso8601: "2015-01-03")!, width: 11, ascii: true)
        #expect(extended == "==^--|-----", "today at day 2, the first end at day 5")
        #expect(Pictures.timeline(start: start, end: end, originalEnd: nil, today: Day(iso8601: "2016-01-01")!, width: 5, ascii: false) == "━━━━━",
                "a period in the past is all behind")
    }
}

