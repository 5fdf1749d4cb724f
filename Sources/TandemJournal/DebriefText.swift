import TandemCore

/// The debrief statement written out: Markdown that reads like a debrief annex,
/// and JSON with a fixed shape for scripts.
public enum DebriefText {
    public static func markdown(_ d: Debrief, zone: OfficerZone = .utc) -> String {
        let o = d.operation
        var out = "# \(o.name): debrief statement\n\n"
        out += "Operation \(o.code), \(o.start.iso8601) to \(o.end.iso8601). "
        out += "Participating: \(o.countries.map(\.name).joined(separator: ", "))"
        out += o.organisations.isEmpty ? ".\n" : ", and \(o.organisations.joined(separator: ", ")).\n"
        out += "Handling: \(o.handling.rawValue). Computed from the journal's dated records as recorded up to \(zone.minuteText(d.asOf)); "
        out += "only those dated inside the period count, each on its country's calendar.\n\n"
        // Counts read with their thousands marked, as on screen: a decade of casework reaches them.
        let n: (Int) -> String = NumberText.count
        out += "## In total, authorities in the \(NumberText.count(o.countries.count, "country", "countries"))\n\n"
        for measure in Debrief.Measure.allCases {
            out += "- \(measure.label): **\(n(d[measure]))**\n"
        }
        if let late = d.lateEntriesText { out += "\nLate entries: \(late).\n" }
        out += "\n## By country\n\n"
        let short: [Debrief.Measure: String] = [
            .personsAssisted: "Assisted", .searchWarrants: "Warrants", .suspectsIdentified: "Suspects", .arrests: "Arrests",
            .newInvestigations: "New inv.", .enquiries: "Enquiries", .awarenessActivities: "Awareness",
            .trainingSessions: "Training", .officersTrained: "Officers",
        ]
        out += "| Country | " + Debrief.Measure.allCases.map { short[$0]! }.joined(separator: " | ") + " |\n"
        out += "|---|" + Debrief.Measure.allCases.map { _ in "---:" }.joined(separator: "|") + "|\n"
        for country in d.countries {
            let row = d.byCountry[country] ?? [:]
            out += "| \(country.name) | " + Debrief.Measure.allCases.map { n(row[$0] ?? 0) }.joined(separator: " | ") + " |\n"
        }
        out += "| **Total** | " + Debrief.Measure.allCases.map { "**\(n(d[$0]))**" }.joined(separator: " | ") + " |\n"
        out += "\n## What the debrief asked to improve\n\n"
        out += "- Networks identified: \(n(d.networksIdentified)); prioritised for joint investigation: \(n(d.networksPrioritised))\n"
        out += "- Joint investigations established: \(n(d.investigationsEstablished))\n"
        out += "- Enquiries through INTERPOL NCBs: \(n(d.enquiriesViaNCB)) of \(n(d[.enquiries]))"
        out += d.countriesUsingNCB.isEmpty ? "; no country used them\n"
            : ", by \(NumberText.count(d.countriesUsingNCB.count, "country", "countries")): \(d.countriesUsingNCB.map(\.name).sorted().joined(separator: ", "))\n"
        out += "- Focal points in place at the start who stayed through the period: \(n(d.focalPointsStayed)) of \(n(d.focalPointsAtStart))\n"
        return out
    }

    public static func json(_ d: Debrief) -> String {
        func measures(_ values: [Debrief.Measure: Int]) -> JSONValue {
            .object(Debrief.Measure.allCases.map { JSONField($0.rawValue, .int(Int64(values[$0] ?? 0))) })
        }
        let o = d.operation
        let value = JSONValue.object([
            JSONField("operation", .string(o.code)), JSONField("name", .string(o.name)),
            JSONField("start", .string(o.start.iso8601)), JSONField("end", .string(o.end.iso8601)),
            JSONField("handling", .string(o.handling.rawValue)),
            JSONField("asOf", .string(d.asOf.iso8601)),
            JSONField("totals", measures(d.totals)),
            JSONField("recordedAfterTheEnd", measures(d.late)),
            JSONField("byCountry", .object(d.countries.map { JSONField($0.code, measures(d.byCountry[$0] ?? [:])) })),
            JSONField("improvements", .object([
                JSONField("networksIdentified", .int(Int64(d.networksIdentified))),
                JSONField("networksPrioritised", .int(Int64(d.networksPrioritised))),
                JSONField("jointInvestigationsEstablished", .int(Int64(d.investigationsEstablished))),
                JSONField("enquiriesViaNCB", .int(Int64(d.enquiriesViaNCB))),
                JSONField("countriesUsingNCB", .array(d.countriesUsingNCB.map { .string($0.code) })),
                JSONField("focalPointsAtStart", .int(Int64(d.focalPointsAtStart))),
                JSONField("focalPointsStayed", .int(Int64(d.focalPointsStayed))),
            ])),
        ])
        return value.text + "\n"
    }
}
