import Foundation
import Testing
@testable import TandemCore
import TandemSample

@Suite struct SpreadsheetTests {
    let now = Timestamp(iso8601: "2015-10-05T10:00:00Z")!

    @Test func csvQuotesWhatNeedsQuotingAndDisarmsFormulas() {
        #expect(CSV.line(["plain", "a,b", "say \"hi\"", "two\nlines", "=SUM(A1)", "-3", "@cmd", "ไทย"])
            == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",'=SUM(A1),-3,'@cmd,ไทย\r\n")
    }

    @Test func csvParsesQuotesLineBreaksAndLineNumbers() throws {
        let rows = try CSV.parse("a,b,c\r\n\"x, y\",\"multi\nline\",\"q\"\"q\"\n\nlast,,\n")
        #expect(rows == [
            CSV.Row(line: 1, cells: ["a", "b", "c"]),
            CSV.Row(line: 2, cells: ["x, y", "multi\nline", "q\"q"]),
            CSV.Row(line: 5, cells: ["last", "", ""]),
        ])
        #expect(throws: CSV.ParseError(line: 2, reason: "a quoted field opened here is never closed")) {
            try CSV.parse("a\n\"open\nnever closed\n")
        }
        // What the writer writes, the parser reads back.
        let cells = ["a,b", "say \"hi\"", "two\nlines", "ශ්‍රී ලංකා"]
        #expect(try CSV.parse(CSV.line(cells)).first?.cells == cells)
    }

    func importing(_ text: String, kind: SpreadsheetImport.Kind = .enquiries) -> Result<[Change], SpreadsheetImport.Problems> {
        SpreadsheetImport.changes(from: text, kind: kind, into: CaseFile(), by: "liaison", at: now)
    }

    /// From the attack's findings: Excel's byte order mark, old Mac line endings, and the labels the console shows.
    @Test func aByteOrderMarkIsNotPartOfTheFirstColumn() throws {
        let changes = try importing("\u{FEFF}reference,requesting,requested,channel,subject,handling\nX-1,AUS,THA,P2P,One,H2\n").get()
        guard case .enquiryCreated(let enquiry)? = changes.first else { Issue.record("no enquiry"); return }
        #expect(enquiry.reference == "X-1" && enquiry.channel == .policeToPolice)
    }

    @Test func carriageReturnsAloneAreOneClearProblem() {
        let result = importing("reference,requesting,requested,channel,subject,handling\rX-1,AUS,THA,mla,One,H2\r")
        #expect(result == .failure(SpreadsheetImport.Problems(all: [SpreadsheetImport.Problem(
            line: 1, column: "-", reason: "its lines end with a carriage return alone (an old Mac format); save it as CSV with ordinary line endings")])))
    }

    @Test func theShortLabelsTheConsoleShowsAreChannels() throws {
        let text = "reference,requesting,requested,channel,subject,handling\n"
            + Channel.allCases.enumerated().map { "X-\($0.offset),AUS,THA,\($0.element.shortLabel),One,H2" }.joined(separator: "\n") + "\n"
        let changes = try importing(text).get()
        let channels: [Channel] = changes.compactMap { if case .enquiryCreated(let e) = $0 { e.channel } else { nil } }
        #expect(channels == Channel.allCases)
    }

    @Test func goodEnquiriesBecomeChanges() throws {
        let result = importing("""
            Reference,Requesting,Requested,Channel,Priority,Subject,Due,Handling
            aus/tha/1,AUS,THA,liaison officer,urgent,"Crew lists, vessel A",,H2
            AUS/THA/2,AUS,THA,mla,routine,Search of premises,2015-11-01,TLP:AMBER
            """)
        let changes = try result.get()
        #expect(changes.count == 2)
        guard case .enquiryCreated(let first) = changes[0] else { Issue.record("not an enquiry"); return }
        #expect(first.reference == "AUS/THA/1")
        #expect(first.subject == "Crew lists, vessel A")
        #expect(first.due == now.adding(seconds: 8 * 3600))
    }

    @Test func everyProblemIsListedWithItsLineAndColumn() {
        let result = importing("""
            reference,requesting country,requested country,channel,subject,handling
            A-1,AUS,THL,police-to-police,Crew,H2
            A-2,AUS,THA,pigeon,,H9
            A-1,AUS,THA,police-to-police,Duplicate,H2
            A-4,AUS
            """)
        guard case .failure(let problems) = result else { Issue.record("accepted a bad spreadsheet"); return }
        #expect(problems.all.map(\.description) == [
            "line 2, column requested country: unknown country code \"THL\" (use ISO 3166 alpha-3, e.g. AUS, IDN, THA)",
            "line 3, column channel: \"pigeon\" is not one of: police-to-police, liaison officer, INTERPOL I-24/7, mutual legal assistance",
            "line 3, column subject: is required",
            "line 3, column handling: \"H9\" is not one of: H0, H1, H2, H3, TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED",
            "line 5, column -: has 2 cells where the header has 6",
        ])
    }

    @Test func duplicatesWithinTheFileAreFound() {
        let result = importing("""
            reference,requesting,requested,channel,subject,handling
            A-1,AUS,THA,police-to-police,First,H2
            A-1,AUS,THA,police-to-police,Again,H2
            """)
        guard case .failure(let problems) = result else { Issue.record("accepted a duplicate"); return }
        #expect(problems.all.map(\.description) == ["line 3, column reference: A-1 is already in use"])
    }

    @Test func headersAreChecked() {
        guard case .failure(let problems) = importing("reference,colour,subject\nA,B,C\n") else { Issue.record("accepted"); return }
        #expect(problems.all.map(\.description).contains("line 1, column colour: unknown column (known: reference, requesting country, requested country, channel, priority, subject, due date, handling, drafted, coercive measures, status, sent, acknowledged, answered, answer, revised due, chases, last chased)"))
        #expect(problems.all.map(\.description).contains("line 1, column handling: is missing from the header"))
        guard case .failure(let empty) = importing("") else { Issue.record("accepted"); return }
        #expect(empty.all.map(\.description) == ["line 1, column -: the file is empty"])
    }

    @Test func networksImportWithListsAndRoutes() throws {
        let changes = try importing("""
            code,name,crime types,sectors,route,handling
            NET-A1,Harbour crews,02042; migrant smuggling,fishing,MMR > THA > IDN,H2
            """, kind: .networks).get()
        guard case .networkCreated(let n) = changes.first else { Issue.record("not a network"); return }
        #expect(n.crimeTypes == [.traffickingForcedLabour, .migrantSmuggling])
        #expect(n.route.map(\.code) == ["MMR", "THA", "IDN"])
        guard case .failure(let problems) = importing("code,name,crime types,route,handling\nNET-B,X,arson,ZZZ,H2\n", kind: .networks) else {
            Issue.record("accepted"); return
        }
        #expect(problems.all.first?.column == "crime types")
    }

    @Test func referralsImportAndARoundTripThroughExportWorks() throws {
        let changes = try importing("""
            reference,kind,issuing NCB,recipients,subject,handling
            NCB-1,red,THA,,Wanted organiser,H2
            NCB-2,diffusion,AUS,PHL THA,Locate facilitators,TLP:AMBER
            """, kind: .referrals).get()
        #expect(changes.count == 2)
        guard case .referralCreated(let diffusion) = changes[1] else { Issue.record("not a referral"); return }
        #expect(diffusion.recipients.map(\.code) == ["PHL", "THA"])
        guard case .failure(let problems) = importing("reference,kind,issuing NCB,subject,handling\nNCB-3,diffusion,AUS,No list,H2\n", kind: .referrals) else {
            Issue.record("accepted a diffusion without recipients"); return
        }
        #expect(problems.all.map(\.description) == ["line 2, column recipients: a diffusion names the countries it goes to"])
        // What export writes for networks, import reads back.
        var c = CaseFile()
        let network = Network(code: "NET-R1", name: "Round trip", aliases: ["A", "B"], crimeTypes: [.traffickingForcedLabour, .migrantSmuggling],
                              sectors: [.fishing], route: [CountryCode("MMR")!, CountryCode("THA")!], modusOperandi: "Boats, \"debts\"", handling: .h1)
        c.apply(try c.decide(.networkCreated(network), by: "x", at: now)[0])
        let table = c.exportTables(includeVictims: false)[0]
        let csv = ([CSV.line(table.header)] + table.rows.map(CSV.line)).joined()
        let back = try SpreadsheetImport.changes(from: csv, kind: .networks, into: CaseFile(), by: "x", at: now).get()
        #expect(back == [.networkCreated(network)])
        // And enquiries: the export's timeline columns are worked out, so import ignores them.
        let enquiry = Enquiry(reference: "E-R1", requesting: CountryCode("AUS")!, requested: CountryCode("THA")!, channel: .mutualLegalAssistance,
                              priority: .urgent, subject: "Search, and seize", drafted: now, due: now.adding(days: 3), handling: .h2,
                              coerciveMeasures: [.search, .seizure])
        c.apply(try c.decide(.enquiryCreated(enquiry), by: "x", at: now)[0])
        let enquiries = c.exportTables(includeVictims: false)[2]
        let text = ([CSV.line(enquiries.header)] + enquiries.rows.map(CSV.line)).joined()
        let imported = try SpreadsheetImport.changes(from: text, kind: .enquiries, into: CaseFile(), by: "x", at: now.adding(days: 1)).get()
        #expect(imported == [.enquiryCreated(enquiry)])
    }

    /// Finding 12 of "Saved means kept": what `tandem export` writes, `tandem import` reads
    /// back into a new journal as the same records, each step of their history an event
    /// dated when it happened (so the derived dates, overdue and the debrief come out the same).
    @Test func anExportImportedIntoANewJournalGivesTheSameRecords() throws {
        let sample = CaseFile(replaying: SampleScenario.events())
        let tables = sample.exportTables(includeVictims: false)
        func csv(_ name: String) -> String {
            let table = tables.first { $0.name == name }!
            return ([CSV.line(table.header)] + table.rows.map(CSV.line)).joined()
        }
        let later = Timestamp(Day(iso8601: "2026-12-06")!)
        var copy = CaseFile()
        for kind in SpreadsheetImport.Kind.allCases {
            let events = try SpreadsheetImport.events(from: csv(kind.rawValue), kind: kind, into: copy, by: "k.perera", at: later,
                                                      reason: "imported from the 2015 export").get()
            events.forEach { copy.apply($0) }
        }
        #expect(copy.networks == sample.networks)
        #expect(copy.referrals == sample.referrals)
        // When a sending was entered is this journal's own; everything else is the record as it was.
        var imported = copy.enquiries.all
        for i in imported.indices { imported[i].sentRecorded = sample.enquiries.all[i].sentRecorded }
        #expect(imported == sample.enquiries.all)
        #expect(copy.enquiries.all.filter { $0.isOverdue(at: SampleScenario.screensNow) }.count
                == sample.enquiries.all.filter { $0.isOverdue(at: SampleScenario.screensNow) }.count)
    }

    /// Times typed without a zone are read where the importing officer is (`tandem import --tz`);
    /// an export's times, which carry theirs, stay as they are.
    @Test func timesWithoutAZoneAreReadWhereTheOfficerIs() throws {
        let text = """
            reference,requesting,requested,channel,subject,handling,drafted,due date,status,sent
            E-1,AUS,THA,police-to-police,Crew list,H2,2015-10-01,2015-10-26 17:00,sent,2015-10-01 09:00
            E-2,AUS,THA,police-to-police,Crew list,H2,2015-10-01T00:00:00Z,2015-10-26T17:00:00Z,sent,2015-10-01T09:00:00Z

            """
        let bangkok = OfficerZone(name: "Asia/Bangkok", rules: .fixed(["Asia/Bangkok": 7 * 3600]))
        let late = Timestamp(Day(iso8601: "2016-01-01")!)
        let events = try SpreadsheetImport.events(from: text, kind: .enquiries, into: CaseFile(), by: "k", at: late, reason: "paper files",
                                                  zone: bangkok).get()
        let created = events.compactMap { if case .enquiryCreated(let e) = $0.change { e } else { nil } }
        #expect(created.map(\.drafted) == [Timestamp(iso8601: "2015-09-30T17:00:00Z"), Timestamp(iso8601: "2015-10-01T00:00:00Z")],
                "a day alone is drafted at its start where the officer is")
        #expect(created.map(\.due) == [Timestamp(iso8601: "2015-10-26T10:00:00Z"), Timestamp(iso8601: "2015-10-26T17:00:00Z")])
        #expect(events.compactMap(\.at) == [Timestamp(iso8601: "2015-10-01T02:00:00Z"), Timestamp(iso8601: "2015-10-01T09:00:00Z")])
    }

    @Test func aRowsHistoryIsDatedAsTheRowGivesItAndLateStepsNeedASupervisor() throws {
        let text = """
            reference,requesting,requested,channel,subject,handling,drafted,status,sent,acknowledged,answered,answer,chases,last chased
            E-1,AUS,THA,police-to-police,Crew list,H2,2015-10-01T00:00:00Z,closed,2015-10-01T02:00:00Z,2015-10-02T03:00:00Z,2015-10-05T04:00:00Z,Three names,2,2015-10-04T00:00:00Z

            """
        let late = Timestamp(Day(iso8601: "2016-01-01")!)
        let events = try SpreadsheetImport.events(from: text, kind: .enquiries, into: CaseFile(), by: "k", at: late, reason: "paper files").get()
        #expect(events.map(\.change.type) == ["enquiry.created", "enquiry.status", "enquiry.status", "enquiry.chased", "enquiry.chased",
                                              "enquiry.answered", "enquiry.status"])
        #expect(events.map(\.at) == [nil, Timestamp(iso8601: "2015-10-01T02:00:00Z"), Timestamp(iso8601: "2015-10-02T03:00:00Z"),
                                     Timestamp(iso8601: "2015-10-04T00:00:00Z"), Timestamp(iso8601: "2015-10-04T00:00:00Z"),
                                     Timestamp(iso8601: "2015-10-05T04:00:00Z"), nil])
        #expect(events.dropFirst().allSatisfy { $0.reason == "paper files" && $0.time == late })
        // A liaison officer on a roster may not enter steps that happened months ago: the row names the column.
        var roster = CaseFile()
        roster.apply(Event(time: late, actor: "k", change: .userAdded(User(name: "k", displayName: "K", role: .supervisor))))
        roster.apply(Event(time: late, actor: "k", change: .userAdded(User(name: "lia", displayName: "L", role: .liaisonOfficer))))
        guard case .failure(let refused) = SpreadsheetImport.events(from: text, kind: .enquiries, into: roster, by: "lia", at: late) else {
            Issue.record("a liaison officer sent an enquiry"); return
        }
        #expect(refused.all.map(\.description) == ["line 2, column sent: only a supervisor may approve and send an enquiry; lia is a liaison officer"])
        // A status the dates cannot lead to is named.
        let impossible = text.replacingOccurrences(of: ",closed,", with: ",withdrawn,")
        guard case .failure(let problems) = SpreadsheetImport.events(from: impossible, kind: .enquiries, into: CaseFile(), by: "k", at: late) else {
            Issue.record("accepted"); return
        }
        #expect(problems.all.map(\.description) == ["line 2, column status: withdrawn cannot be reached from a draft through the dates given"])
    }

    /// A spreadsheet of new enquiries (no status, none of the history's columns)
    /// is not looked into for a history; one history column alone still is.
    @Test func aHistoryColumnAloneIsReadWithoutAStatusColumn() throws {
        let plain = "reference,requesting,requested,channel,subject,handling\nE-1,AUS,THA,police-to-police,Crew list,H2\n"
        #expect(try importing(plain).get().map(\.type) == ["enquiry.created"])
        for (column, value, problem) in [
            ("chases", "2", "column chases: an enquiry is chased only while it awaits an answer; draft never did"),
            ("sent", "2015-10-01T02:00:00Z", "column status: draft cannot be reached from a draft through the dates given"),
            ("revised due", "soon", "column revised due: "),
        ] {
            let text = "reference,requesting,requested,channel,subject,handling,\(column)\nE-1,AUS,THA,police-to-police,Crew list,H2,\(value)\n"
            guard case .failure(let problems) = importing(text) else { Issue.record("\(column) was not read"); continue }
            #expect(problems.all.count == 1)
            #expect(problems.all.first?.description.hasPrefix("line 2, \(problem)") == true, "\(problems.all)")
        }
        // The list the import checks for is every column the history reads.
        let enquiry = try #require(try importing(plain).get().first.flatMap { if case .enquiryCreated(let e) = $0 { e } else { nil } })
        for target in EnquiryStatus.allCases {
            var asked: Set<String> = []
            _ = try? RowHistory.enquiry(enquiry, target: target, cell: { asked.insert($0); return "" }, now: now, zone: .utc)
            #expect(asked.isSubset(of: RowHistory.enquiryColumns), "\(target): \(asked)")
        }
    }

    @Test func exportTablesCarryHandlingAndCountVictims() {
        var c = CaseFile()
        let victim = Victim(reference: "V-ABC123", nationality: CountryCode("PHL")!, sex: .female, ageBand: .from12to17,
                            exploitation: .onlineChildSexualExploitation, sector: .online)
        c.apply(try! c.decide(.victimAdded(victim), by: "x", at: now)[0])
        var consenting = victim
        consenting.reference = "V-DEF456"
        consenting.consentToShare = true
        consenting.handling = .h2
        c.apply(try! c.decide(.victimAdded(consenting), by: "x", at: now)[0])
        var amber = victim
        amber.reference = "V-GHI789"
        amber.handling = .tlpAmber
        c.apply(try! c.decide(.victimAdded(amber), by: "x", at: now)[0])
        let counted = c.exportTables(includeVictims: false)
        #expect(counted.map(\.name) == ["networks", "investigations", "enquiries", "referrals", "suspects", "victim-counts"])
        // A count row carries the strictest code of the victims it counts (it used to say H1 whatever they were).
        #expect(counted.last?.rows == [["PHL", "OCSE", "minor", "3", "TLP:RED"]])
        #expect(counted.last?.handlings == [.tlpRed])
        #expect(!counted.flatMap(\.rows).joined().contains("V-"))
        // One by one only the victim who consented to sharing, under its own code; the others still as counts.
        let listed = c.exportTables(includeVictims: true)
        #expect(listed.map(\.name).suffix(2) == ["victims", "victim-counts"])
        #expect(listed[listed.count - 2].rows.map { $0[0] } == ["V-DEF456"])
        #expect(listed[listed.count - 2].handlings == [.h2])
        #expect(listed.last?.rows == [["PHL", "OCSE", "minor", "2", "TLP:RED"]])
        // Every table carries each row's code; a record's lowered code is marked beside it.
        for table in listed { #expect(table.header.last == "handling" || table.header.suffix(2) == ["handling", "handling downgraded"]) }
    }
}

/// A long spreadsheet is checked row by row, with its progress told as it goes.
@Suite struct SpreadsheetStreamingTests {
    @Test func rowsAreHandedOverAsTheyAreCheckedWithProgress() {
        let now = Timestamp(iso8601: "2015-10-05T10:00:00Z")!
        var text = "reference,requesting,requested,channel,subject,handling\n"
        for index in 1...20_000 { text += "AUS/THA/\(index),AUS,THA,mla,Bank records \(index),H2\n" }
        var progress: [[Int]] = []
        var accepted: [String] = []
        let problems = SpreadsheetImport.check(text, kind: .enquiries, into: CaseFile(), by: "liaison", at: now,
                                               progress: { progress.append([$0, $1]) }) { accepted.append($0.change.entity) }
        #expect(problems == nil)
        #expect(accepted.count == 20_000 && accepted.first == "AUS/THA/1" && accepted.last == "AUS/THA/20000")
        #expect(progress == [[8_193, 20_001], [16_385, 20_001]])
        // A bad row late in the file: nothing after it is handed over, and it is named.
        let bad = text + "AUS/THA/1,AUS,THA,mla,Again,H2\nAUS/THA/20001,AUS,THA,mla,After,H2\n"
        var handed = 0
        let refused = SpreadsheetImport.check(bad, kind: .enquiries, into: CaseFile(), by: "liaison", at: now) { _ in handed += 1 }
        #expect(refused?.all.map(\.line) == [20_002])
        #expect(handed == 20_000)
    }
}
