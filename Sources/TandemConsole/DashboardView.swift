import TandemCore

/// The supervisors' pane: the current operation's outcome tallies (the
/// debrief's figures), open investigations, overdue enquiries, and how many
/// enquiries went through INTERPOL NCBs.
enum DashboardView {
    static func draw(_ state: ConsoleState, layout: Layout, into buffer: inout CellBuffer) {
        let c = state.caseFile
        var y = layout.headerRow
        let bottom = layout.footerRow
        func line(_ text: String, style: Style = .plain, x: Int = 1) {
            guard y < bottom else { return }
            buffer.put(text, x: x, y: y, limit: buffer.width - x - 1, style: style)
            y += 1
        }
        func wrapped(_ label: String, _ text: String) {
            let pieces = DetailView.wrap(text, width: buffer.width - 4 - TextWidth.columns(label))
            for (i, piece) in pieces.enumerated() {
                guard y < bottom else { return }
                if i == 0 { buffer.put(label, x: 1, y: y, style: .bold) }
                buffer.put(piece, x: 2 + TextWidth.columns(label), y: y, limit: buffer.width - 3 - TextWidth.columns(label))
                y += 1
            }
        }

        if let operation = c.currentOperation(on: state.now.day) {
            let debrief = Debrief(operation: operation, atEnd: c, now: c)
            let day = state.now.day.daysSinceEpoch - operation.start.daysSinceEpoch + 1
            let length = operation.end.daysSinceEpoch - operation.start.daysSinceEpoch + 1
            let when = day < 1 ? "starts in \(1 - day) days" : day > length ? "ended" : "day \(day) of \(length)"
            for piece in DetailView.wrap("\(operation.code) · \(operation.name) · \(operation.start.iso8601) to \(operation.end.iso8601) (\(when))",
                                         width: buffer.width - 2) {
                line(piece, style: .bold)
            }
            y += 1
            // The debrief's figures: total, then each participating country as far as room allows.
            let columnWidth = 5
            let room = max(0, (buffer.width - 2 - 20 - columnWidth) / columnWidth)
            let countries = Array(debrief.countries.prefix(room))
            let labelWidth = min(37, buffer.width - 2 - columnWidth * (1 + countries.count))
            var header = TextWidth.fit("In the period", to: labelWidth) + TextWidth.fit("Total", to: columnWidth, alignRight: true)
            for country in countries { header += TextWidth.fit(country.code, to: columnWidth, alignRight: true) }
            line(header, style: Style(bold: true, underline: true))
            for measure in Debrief.Measure.allCases {
                var row = TextWidth.fit(measure.label, to: labelWidth) + TextWidth.fit("\(debrief[measure])", to: columnWidth, alignRight: true)
                for country in countries {
                    row += TextWidth.fit("\(debrief.byCountry[country]?[measure] ?? 0)", to: columnWidth, alignRight: true)
                }
                line(row)
            }
            y += 1
            let ncbCountries = debrief.countriesUsingNCB.map(\.code).joined(separator: " ")
            wrapped("Enquiries sent:", "\(debrief[.enquiries]) in the period; via INTERPOL NCBs \(debrief.enquiriesViaNCB), direct \(debrief[.enquiries] - debrief.enquiriesViaNCB)"
                    + (ncbCountries.isEmpty ? "" : " (NCBs used by \(ncbCountries))"))
        } else {
            line("No operation in this journal yet.", style: .dim)
            y += 1
        }
        let open = c.openInvestigations
        let byStatus = InvestigationStatus.allCases.compactMap { status -> String? in
            let n = open.filter { $0.status == status }.count
            return n == 0 ? nil : "\(status.label) \(n)"
        }
        wrapped("Open investigations:", open.isEmpty ? "none"
                : "\(open.count): \(byStatus.joined(separator: ", ")); by lead: \(tally(open.map(\.lead)))")
        let overdue = c.overdueEnquiries(at: state.now)
        wrapped("Overdue enquiries:", overdue.isEmpty ? "none" : "\(overdue.count); by requested country: \(tally(overdue.map(\.requested)))")
    }

    /// "THA 5, IDN 4, AUS 1": most first, then by code.
    static func tally(_ countries: [CountryCode]) -> String {
        var counts: [CountryCode: Int] = [:]
        for c in countries { counts[c, default: 0] += 1 }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key.code) \($0.value)" }.joined(separator: ", ")
    }
}
