/// Records from a spreadsheet (CSV with a header row). Every row is checked
/// before anything is applied: on any problem, all of them are listed as
/// `line N, column X: reason` and nothing is imported.
public enum SpreadsheetImport {
    public enum Kind: String, CaseIterable, Sendable {
        case enquiries, networks, referrals

        /// What one row makes: "enquiry".
        public var oneRecord: String {
            switch self {
            case .enquiries: "enquiry"
            case .networks: "network"
            case .referrals: "referral"
            }
        }
    }

    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var column: String
        public var reason: String
        public var description: String { "line \(line), column \(column): \(reason)" }
    }

    /// Every problem of a refused spreadsheet, in file order.
    public struct Problems: Error, Equatable, Sendable {
        public var all: [Problem]
    }

    /// The changes the spreadsheet makes, each decided against the case file as
    /// it would stand after the rows before it; or every problem found.
    public static func changes(
        from text: String, kind: Kind, into caseFile: CaseFile, by actor: String, at now: Timestamp, reason: String? = nil,
        zone: OfficerZone = .utc
    ) -> Result<[Change], Problems> {
        events(from: text, kind: kind, into: caseFile, by: actor, at: now, reason: reason, zone: zone).map { $0.map(\.change) }
    }

    /// The events the spreadsheet makes (a row of a record past its first status
    /// makes its history too, each step dated as the row gives it); or every problem found.
    public static func events(
        from text: String, kind: Kind, into caseFile: CaseFile, by actor: String, at now: Timestamp, reason: String? = nil,
        zone: OfficerZone = .utc
    ) -> Result<[Event], Problems> {
        var events: [Event] = []
        let problems = check(text, kind: kind, into: caseFile, by: actor, at: now, reason: reason, zone: zone) { events.append($0) }
        return problems.map { .failure($0) } ?? .success(events)
    }

    /// Reads and checks the spreadsheet row by row, handing each row's change to
    /// `accepted` as soon as it is decided (while no problem has been found), and
    /// returns every problem, or nil when the whole spreadsheet is good. A caller
    /// that gets problems back drops the changes it was handed.
    public static func check(
        _ text: String, kind: Kind, into caseFile: CaseFile, by actor: String, at now: Timestamp, reason: String? = nil,
        zone: OfficerZone = .utc, progress: ((_ line: Int, _ of: Int) -> Void)? = nil, accepted: (Event) -> Void
    ) -> Problems? {
        var text = text
        return text.withUTF8 {
            check(utf8: $0, kind: kind, into: caseFile, by: actor, at: now, reason: reason, zone: zone, progress: progress, accepted: accepted)
        }
    }

    /// `check` over the bytes of a file (a mapped one, not copied into a
    /// string), which must be valid UTF-8 (see `UTF8Text.check`).
    public static func check(
        utf8 file: UnsafeBufferPointer<UInt8>, kind: Kind, into caseFile: CaseFile, by actor: String, at now: Timestamp,
        reason: String? = nil, zone: OfficerZone = .utc, progress: ((_ line: Int, _ of: Int) -> Void)? = nil, accepted: (Event) -> Void
    ) -> Problems? {
        // Excel's "CSV UTF-8" starts with a byte order mark: it is not part of the first column's name.
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let text = file.count >= 3 && file.prefix(3).elementsEqual(bom) ? UnsafeBufferPointer(rebasing: file[3...]) : file
        if text.contains(UInt8(ascii: "\r")), !text.contains(UInt8(ascii: "\n")) {
            return Problems(all: [Problem(line: 1, column: "-", reason: "its lines end with a carriage return alone (an old Mac format); save it as CSV with ordinary line endings")])
        }
        let columns = switch kind {
        case .enquiries: enquiryColumns
        case .networks: networkColumns
        case .referrals: referralColumns
        }
        var problems: [Problem] = []
        var header: CSV.Row?
        var headerProblems = false
        var rowCount = 0
        var position: [(field: String, index: Int)] = []   // field → index in the row
        var headerName: [String: String] = [:]  // field → the header as written
        var working = caseFile
        // A spreadsheet of new enquiries has no column of their history: its rows' history is not looked for.
        var hasHistory = false
        let lineCount = CSV.lineCount(utf8: text)
        working.codesTakenByImport.reserveCapacity(lineCount)
        let parseError = CSV.forEachRow(utf8: text) { row in
            guard let header else {
                header = row
                problems = readHeader(row, columns: columns, position: &position, headerName: &headerName)
                headerProblems = !problems.isEmpty
                hasHistory = RowHistory.enquiryColumns.contains { field in position.contains { $0.field == field } }
                return
            }
            if headerProblems { return }
            rowCount += 1
            if rowCount % 8192 == 0 { progress?(row.line, lineCount) }
            // A row with a change added no problem: none so far means none before it either.
            if let events = checkRow(row, header: header, kind: kind, columns: columns, position: position, headerName: headerName,
                                     hasHistory: hasHistory, into: &working, by: actor, at: now, reason: reason, zone: zone, problems: &problems),
               problems.isEmpty {
                events.forEach(accepted)
            }
        }
        if let parseError {
            return Problems(all: [Problem(line: parseError.line, column: "-", reason: parseError.reason)])
        }
        guard let header else { return Problems(all: [Problem(line: 1, column: "-", reason: "the file is empty")]) }
        if !problems.isEmpty { return Problems(all: problems) }
        if rowCount == 0 { return Problems(all: [Problem(line: header.line, column: "-", reason: "the file has a header but no rows")]) }
        return nil
    }

    /// Where each field's column is; problems with the header, if any.
    private static func readHeader(
        _ header: CSV.Row, columns: [Column], position: inout [(field: String, index: Int)], headerName: inout [String: String]
    ) -> [Problem] {
        var problems: [Problem] = []
        for (index, raw) in header.cells.enumerated() {
            let name = raw.trimmingWhitespace.lowercased()
            // Columns Tandem's own export writes that are worked out, not typed in.
            if derivedColumns.contains(name) { continue }
            guard let field = columns.first(where: { $0.names.contains(name) })?.field else {
                problems.append(Problem(line: header.line, column: raw, reason: "unknown column (known: \(columns.map(\.names[0]).joined(separator: ", ")))"))
                continue
            }
            if position.contains(where: { $0.field == field }) {
                problems.append(Problem(line: header.line, column: raw, reason: "the column appears twice"))
            }
            position.append((field, index))
            headerName[field] = raw
        }
        for column in columns where column.required && !position.contains(where: { $0.field == column.field }) {
            problems.append(Problem(line: header.line, column: column.names[0], reason: "is missing from the header"))
        }
        return problems
    }

    /// One row's events, decided against `working`, whose code it then takes; or nil,
    /// with the row's problems added to `problems`.
    private static func checkRow(
        _ row: CSV.Row, header: CSV.Row, kind: Kind, columns: [Column], position: [(field: String, index: Int)],
        headerName: [String: String], hasHistory: Bool, into working: inout CaseFile, by actor: String, at now: Timestamp, reason: String?,
        zone: OfficerZone, problems: inout [Problem]
    ) -> [Event]? {
        if row.cells.count != header.cells.count {
            problems.append(Problem(line: row.line, column: "-", reason: "has \(row.cells.count) cells where the header has \(header.cells.count)"))
            return nil
        }
        // A dozen columns at most: a look along them (lengths first) beats hashing each name.
        func cell(_ field: String) -> String {
            let length = field.utf8.count
            for column in position where column.field.utf8.count == length && column.field == field { return row.cells[column.index] }
            return ""
        }
        func column(for refusal: Refusal) -> String {
            headerName[refusal.field] ?? columns.first { $0.names.contains(refusal.field) }.flatMap { headerName[$0.field] } ?? refusal.field
        }
        // An enquiry row is read once; only a row with a problem is gone
        // over again, to name every problem it has rather than the first.
        var enquiry: Enquiry?
        if kind == .enquiries {
            let (draft, drafted, dateProblem) = enquiryDraft(cell, now: now, zone: zone)
            do throws(Refusal) {
                if let dateProblem { throw dateProblem }
                enquiry = try draft.enquiry(draftedAt: drafted, zone: zone)
            } catch {
                let found = (dateProblem.map { [$0] } ?? []) + draft.problems(draftedAt: drafted, zone: zone)
                problems += found.map { Problem(line: row.line, column: column(for: $0), reason: $0.reason) }
                return nil
            }
        }
        var stepColumn: String?
        do {
            let change: Change
            let history: RowHistory
            let status = cell("status").trimmingWhitespace
            switch kind {
            case .enquiries:
                enquiry!.coerciveMeasures = try RecordFields.coerciveMeasures(cell("coercive measures"))
                change = .enquiryCreated(enquiry!)
                let target = status.isEmpty ? .draft : try parseTerm(status, as: EnquiryStatus.self, field: "status") { $0.label }
                history = hasHistory || target != .draft ? try RowHistory.enquiry(enquiry!, target: target, cell: cell, now: now, zone: zone) : RowHistory()
            case .networks:
                let network = try RecordFields.network(cell)
                change = .networkCreated(network)
                let target = status.isEmpty ? .identified : try parseTerm(status, as: NetworkStatus.self, field: "status") { $0.label }
                history = try RowHistory.statuses(to: target, from: .identified, next: { $0.allowedNext }, label: target.label) {
                    .networkStatusChanged(code: network.code, to: $0)
                }
            case .referrals:
                let referral = try RecordFields.referral(cell)
                change = .referralCreated(referral)
                let target = status.isEmpty ? .draft : try parseTerm(status, as: ReferralStatus.self, field: "status") { $0.label }
                history = try RowHistory.statuses(to: target, from: .draft, next: { $0.allowedNext(for: referral.kind) }, label: target.label) {
                    .referralStatusChanged(reference: referral.reference, to: $0)
                }
            }
            // Every import row creates a record, and a creation depends on the
            // rows before it only through the codes they take: taking the code is
            // deciding the next rows against the case file with this row applied.
            var events = try working.decide(change, by: actor, at: now, zone: zone)
            if history.steps.isEmpty {
                working.codesTakenByImport.insert(change.entity)
                return events
            }
            // A record past its first status: its history is decided step by step against it.
            working.apply(events[0])
            for step in history.steps {
                stepColumn = step.column
                let made = try working.decide(step.change, by: actor, at: now, happened: step.happened, reason: reason, zone: zone)
                made.forEach { working.apply($0) }
                events += made
            }
            return events
        } catch {
            let named = stepColumn.flatMap { ["when", "reason", "role", "user"].contains(error.field) ? headerName[$0] ?? $0 : nil }
            problems.append(Problem(line: row.line, column: named ?? column(for: error), reason: error.reason))
            return nil
        }
    }

    /// Written by `tandem export`, worked out from events: ignored on import.
    static let derivedColumns: Set<String> = ["current end", "action items", "start", "end", "handling downgraded"]

    struct Column {
        var field: String
        var names: [String]
        var required: Bool
    }

    static let enquiryColumns = [
        Column(field: "reference", names: ["reference"], required: true),
        Column(field: "requesting country", names: ["requesting country", "requesting", "from"], required: true),
        Column(field: "requested country", names: ["requested country", "requested", "to"], required: true),
        Column(field: "channel", names: ["channel"], required: true),
        Column(field: "priority", names: ["priority"], required: false),
        Column(field: "subject", names: ["subject"], required: true),
        Column(field: "due date", names: ["due date", "due"], required: false),
        Column(field: "handling", names: ["handling"], required: true),
        Column(field: "drafted", names: ["drafted"], required: false),
        Column(field: "coercive measures", names: ["coercive measures"], required: false),
        Column(field: "status", names: ["status"], required: false),
        Column(field: "sent", names: ["sent"], required: false),
        Column(field: "acknowledged", names: ["acknowledged"], required: false),
        Column(field: "answered", names: ["answered"], required: false),
        Column(field: "answer", names: ["answer"], required: false),
        Column(field: "revised due", names: ["revised due"], required: false),
        Column(field: "chases", names: ["chases"], required: false),
        Column(field: "last chased", names: ["last chased"], required: false),
    ]

    static let networkColumns = [
        Column(field: "code", names: ["code"], required: true),
        Column(field: "name", names: ["name"], required: true),
        Column(field: "aliases", names: ["aliases"], required: false),
        Column(field: "crime types", names: ["crime types"], required: true),
        Column(field: "sectors", names: ["sectors"], required: false),
        Column(field: "route", names: ["route"], required: true),
        Column(field: "modus operandi", names: ["modus operandi"], required: false),
        Column(field: "reliability", names: ["reliability"], required: false),
        Column(field: "accuracy", names: ["accuracy"], required: false),
        Column(field: "handling", names: ["handling"], required: true),
        Column(field: "status", names: ["status"], required: false),
    ]

    /// The row as a draft, with the time it was drafted (the `drafted` column
    /// for a historical spreadsheet; otherwise now).
    static func enquiryDraft(_ cell: (String) -> String, now: Timestamp, zone: OfficerZone) -> (EnquiryDraft, Timestamp, Refusal?) {
        var draft = EnquiryDraft()
        draft.reference = cell("reference")
        draft.requesting = cell("requesting country")
        draft.requested = cell("requested country")
        draft.channel = cell("channel")
        if !cell("priority").trimmingWhitespace.isEmpty { draft.priority = cell("priority") }
        draft.subject = cell("subject")
        draft.due = cell("due date")
        draft.handling = cell("handling")
        let draftedText = cell("drafted").trimmingWhitespace
        if draftedText.isEmpty { return (draft, now, nil) }
        if let exact = Timestamp(iso8601: draftedText) { return (draft, exact, nil) }
        do {
            let drafted = try DateInput.parse(draftedText, now: now, field: "drafted", zone: zone)
            // A bare date means the start of that day where the officer is, not its end.
            return (draft, Day(iso8601: draftedText).map { zone.moment(atLocal: Timestamp($0)) } ?? drafted, nil)
        } catch {
            return (draft, now, error)
        }
    }

    static let referralColumns = [
        Column(field: "reference", names: ["reference"], required: true),
        Column(field: "kind", names: ["kind"], required: true),
        Column(field: "issuing NCB", names: ["issuing ncb", "ncb"], required: true),
        Column(field: "recipients", names: ["recipients"], required: false),
        Column(field: "subject", names: ["subject"], required: true),
        Column(field: "INTERPOL reference", names: ["interpol reference"], required: false),
        Column(field: "handling", names: ["handling"], required: true),
        Column(field: "status", names: ["status"], required: false),
    ]
}
