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
            let pieces = TextWidth.wrap(text, width: buffer.width - 4 - TextWidth.columns(label))
            for (i, piece) in pieces.enumerated() {
                guard y < bottom else { return }
                if i == 0 { buffer.put(label, x: 1, y: y, style: .bold) }
                buffer.put(piece, x: 2 + TextWidth.columns(label), y: y, limit: buffer.width - 3 - TextWidth.columns(label))
                y += 1
            }
        }

        // The operation the settings name, else the one under way. Its statement counts every record,
        // withheld or not, as `tandem report` does for anyone; the lists below it hold what the officer may read.
        let today = state.zone.day(of: state.now)
        let all = state.wholeCaseFile
        if let operation = state.settings.dashboardOperation.flatMap({ all.operations[$0] }) ?? all.currentOperation(on: today) {
            let debrief = Debrief(operation: operation, caseFile: all, asOf: state.now, zones: state.zone.rules)
            let day = today.daysSinceEpoch - operation.start.daysSinceEpoch + 1
            let length = operation.end.daysSinceEpoch - operation.start.daysSinceEpoch + 1
            let when = day < 1 ? "starts in \(1 - day) days" : day > length ? "ended" : "day \(day) of \(length)"
            for piece in TextWidth.wrap("\(operation.code) · \(operation.name) · \(operation.start.iso8601) to \(operation.end.iso8601) (\(when))",
                                         width: buffer.width - 2) {
                line(piece, style: .bold)
            }
            // The one rule the report states too: as recorded up to a cut-off, here now.
            line("As recorded up to \(state.zone.minuteText(state.now)) (report --as-of: another cut-off)", style: .dim)
            y += 1
            if state.dashboardByDay {
                // Each measure's count day by day over the period, as a line of blocks.
                let period = operation.start...operation.end
                let daily = c.dailyCounts(in: period, asOf: state.now, zones: state.zone.rules)
                let days = operation.end.daysSinceEpoch - operation.start.daysSinceEpoch + 1
                // Wide enough for the largest total and a space: numbers never run into each other.
                let columnWidth = max(6, Debrief.Measure.allCases.map { "\(debrief[$0])".count }.max()! + 2)
                let lineWidth = min(days, max(0, buffer.width - 2 - 20 - columnWidth))
                let labelWidth = min(37, buffer.width - 3 - columnWidth - lineWidth)
                let span = "\(operation.start.iso8601) → \(operation.end.iso8601)"
                line(TextWidth.fit("Day by day", to: labelWidth) + TextWidth.fit("Total", to: columnWidth - 1, alignRight: true) + " "
                     + TextWidth.fit(span, to: lineWidth), style: Style(bold: true, underline: true))
                for measure in Debrief.Measure.allCases {
                    let values = Array((daily[measure.rawValue] ?? Array(repeating: 0, count: days)).prefix(lineWidth))
                    line(TextWidth.fit(measure.label, to: labelWidth) + TextWidth.fit("\(debrief[measure])", to: columnWidth - 1, alignRight: true)
                         + " " + Pictures.sparkline(values, ascii: state.plainASCII))
                }
            } else {
                // The debrief's figures: total, then each participating country as far as room allows.
                let widest = ([debrief.totals] + Array(debrief.byCountry.values)).flatMap(\.values).map { "\($0)".count }.max() ?? 1
                let columnWidth = max(5, widest + 2)
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
            }
            if let late = debrief.lateEntriesText { line("Late entries: " + late, style: Style(colour: .yellow)) }
            y += 1
            let ncbCountries = debrief.countriesUsingNCB.map(\.code).joined(separator: " ")
            wrapped("Enquiries sent:", "\(debrief[.enquiries]) in the period; via INTERPOL NCBs \(debrief.enquiriesViaNCB), direct \(debrief[.enquiries] - debrief.enquiriesViaNCB)"
                    + (ncbCountries.isEmpty ? "" : " (NCBs used by \(ncbCountries))"))
        } else {
            line("No operation in this journal yet.", style: .dim)
            y += 1
        }
        // The figures that count records: j/k choose one, Enter opens the list it counts.
        let figures = DashboardFigure.all(c, now: state.now, zone: state.zone)
        let chosen = min(state.lists[Pane.dashboard.rawValue].row, figures.count - 1)
        let labelWidth = figures.map { TextWidth.columns($0.label) }.max()! + 1
        for (i, figure) in figures.enumerated() {
            let selected = i == chosen
            let count = TextWidth.fit("\(figure.count)", to: 6, alignRight: true)
            let prefix = (selected ? "› " : "  ") + TextWidth.fit(figure.label, to: labelWidth) + count + "  "
            let prefixWidth = TextWidth.columns(prefix)
            let detailWidth = max(10, buffer.width - 2 - prefixWidth)
            // On a short terminal each figure keeps to one line, so that all of them are in sight.
            let pieces = buffer.height >= 30 ? Array(TextWidth.wrap(figure.detail, width: detailWidth).prefix(2))
                : [TextWidth.truncate(figure.detail, to: detailWidth)]
            for (j, piece) in pieces.enumerated() {
                guard y < bottom else { break }
                let style = selected ? Style(reverse: true) : j == 0 ? Style.plain : .dim
                if selected { buffer.fill(x: 1, y: y, width: buffer.width - 2, style: style) }
                buffer.put((j == 0 ? prefix : String(repeating: " ", count: prefixWidth)) + piece, x: 1, y: y,
                           limit: buffer.width - 2, style: style)
                y += 1
            }
        }
    }

    /// The figure the cursor stands on.
    static func chosenFigure(_ state: ConsoleState) -> DashboardFigure {
        let figures = DashboardFigure.all(state.caseFile, now: state.now, zone: state.zone)
        return figures[min(state.lists[Pane.dashboard.rawValue].row, figures.count - 1)]
    }

    /// "THA 5, IDN 4, AUS 1": most first, then by code.
    static func tally(_ countries: [CountryCode]) -> String {
        var counts: [CountryCode: Int] = [:]
        for c in countries { counts[c, default: 0] += 1 }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { Formatting.unbroken("\($0.key.code) \($0.value)") }.joined(separator: ", ")
    }
}
