import TandemCore

/// The forms of the unit screen (`U`): a supervisor adds officers, changes
/// their roles, replaces a lost key, takes an officer off the roster, adds
/// agencies, appoints and ends focal points, and creates or edits operations.
/// Field labels are the words the core's refusals use.
extension RecordForm {
    public static func newOfficer() -> RecordForm {
        RecordForm(.officer, fields: [
            .text("user name", "their user name: letters, digits, . - _"),
            .text("display name", "the name shown on screen (empty: the user name)"),
            .picker("role", Role.allCases.map(\.rawValue)),
            .text("key", "their public key, as tandem key show prints it (ed25519:…); empty: they may only read"),
        ], values: ["role": Role.investigator.rawValue])
    }

    /// Officers still on the roster, for the forms that pick one.
    private static func officers(_ caseFile: CaseFile) -> [String] {
        caseFile.users.all.filter { !$0.removed }.map(\.name)
    }

    public static func roleChange(in caseFile: CaseFile) -> RecordForm {
        RecordForm(.role, fields: [.picker("user name", officers(caseFile)), .picker("role", Role.allCases.map(\.rawValue))])
    }

    public static func keyReplacement(in caseFile: CaseFile) -> RecordForm {
        RecordForm(.key, fields: [
            .picker("user name", officers(caseFile)),
            .text("key", "the new public key (ed25519:…); the old one is refused from now on"),
        ])
    }

    public static func removal(in caseFile: CaseFile) -> RecordForm {
        RecordForm(.removal, fields: [.picker("user name", officers(caseFile))])
    }

    public static func newAgency() -> RecordForm {
        RecordForm(.agency, fields: [
            .text("code", "e.g. AG-THA-ATHD"),
            .text("name", "e.g. Anti-Trafficking in Persons Division"),
            .country("country"),
            .picker("kind", AgencyKind.allCases.map(\.rawValue)),
        ])
    }

    public static func appointment(in caseFile: CaseFile) -> RecordForm {
        RecordForm(.focalPoint, fields: [
            .text("code", "e.g. FP-THA-03"),
            .text("name", "the person's name"),
            .picker("agency", caseFile.agencies.all.map(\.code)),
            .picker("role", FocalRole.allCases.map(\.rawValue)),
            .text("since", "from when: 2026-11-01 or -3d; empty: today"),
        ])
    }

    public static func appointmentEnd(in caseFile: CaseFile) -> RecordForm {
        let open = caseFile.focalPoints.all.filter { $0.until == nil }.map { "\($0.code) · \($0.name) · \($0.role.rawValue)" }
        return RecordForm(.appointmentEnd, fields: [
            .picker("appointment", open),
            .text("until", "their last day: 2026-11-30 or -1d; empty: today"),
        ])
    }

    public static func newOperation() -> RecordForm {
        RecordForm(.operation, fields: [
            .text("code", "e.g. JPA-2026"),
            .text("name", "e.g. Joint Period of Action 2026"),
            .text("start", "its first day: 2026-11-01"),
            .text("end", "its last day, or a length from the start: +30d"),
            .text("countries", "the participating countries: THA IDN MYS"),
        ])
    }

    public static func operationEdit(_ operation: Operation) -> RecordForm {
        var form = RecordForm(.operation, fields: newOperation().fields, values: [
            "code": operation.code, "name": operation.name, "start": operation.start.iso8601, "end": operation.end.iso8601,
            "countries": operation.countries.map(\.code).joined(separator: " "),
        ])
        form.editing = operation.code
        form.locked = ["code"]
        form.focus = 1
        return form
    }

    /// The change a unit form asks for (nil when an edit changed nothing).
    func unitChange(in caseFile: CaseFile, now: Timestamp, zone: OfficerZone) throws(Refusal) -> Change? {
        func required(_ label: String) throws(Refusal) -> String {
            let text = value(label).trimmingWhitespace
            if text.isEmpty { throw Refusal(field: label, reason: "is required") }
            return text
        }
        func day(_ label: String) throws(Refusal) -> Day {
            value(label).trimmingWhitespace.isEmpty ? zone.day(of: now) : try RecordFields.day(value(label), now: now, field: label, zone: zone)
        }
        let role = { () throws(Refusal) in try parseTerm(self.value("role"), as: Role.self, field: "role") { $0.rawValue } }
        switch kind {
        case .officer:
            let name = try required("user name")
            let display = value("display name").trimmingWhitespace
            let key = value("key").trimmingWhitespace
            return .userAdded(User(name: name, displayName: display.isEmpty ? name : display, role: try role(),
                                   publicKey: key.isEmpty ? nil : key))
        case .role:
            return .userRoleChanged(name: try required("user name"), to: try role())
        case .key:
            return .userKeyReplaced(name: try required("user name"), key: try required("key"))
        case .removal:
            return .userRemoved(name: try required("user name"))
        case .agency:
            let kind = try parseTerm(value("kind"), as: AgencyKind.self, field: "kind") { $0.rawValue }
            return .agencyAdded(Agency(code: try required("code").uppercased(), name: try required("name"),
                                       country: try CountryCode.parse(value("country"), field: "country"), kind: kind))
        case .focalPoint:
            let code = try required("agency")
            guard let agency = caseFile.agencies[code] else { throw Refusal(field: "agency", reason: "no agency \"\(code)\" in this journal") }
            let focalRole = try parseTerm(value("role"), as: FocalRole.self, field: "role") { $0.rawValue }
            return .focalPointAppointed(FocalPoint(
                code: try required("code").uppercased(), name: try required("name"), agency: agency.code, country: agency.country,
                role: focalRole, timeZone: agency.country.defaultTimeZone, since: try day("since")))
        case .appointmentEnd:
            let code = String(try required("appointment").prefix { $0 != " " })
            return .focalPointEnded(code: code, on: try day("until"))
        case .operation:
            let start = try RecordFields.day(try required("start"), now: now, field: "start", zone: zone)
            let endText = try required("end")
            let end = endText.hasPrefix("+") ? try RecordFields.relativeDay(endText, from: start, field: "end")
                : try RecordFields.day(endText, now: now, field: "end", zone: zone)
            let countries = try RecordFields.countries(try required("countries"), field: "countries")
            guard let code = editing else {
                return .operationCreated(Operation(code: try required("code").uppercased(), name: try required("name"),
                                                   start: start, end: end, countries: countries))
            }
            guard var operation = caseFile.operations[code] else { throw Refusal(field: "code", reason: "\(code) is no longer in the journal") }
            let before = operation
            (operation.name, operation.start, operation.end, operation.countries) = (try required("name"), start, end, countries)
            return operation == before ? nil : .operationRevised(operation)
        default:
            return nil
        }
    }

    /// A change of a unit form's kind, to ask whether the user's role may make it.
    var unitProbe: Change? {
        let user = User(name: "probe", displayName: "", role: .investigator)
        let operation = Operation(code: "PROBE", name: "", start: Day(daysSinceEpoch: 0), end: Day(daysSinceEpoch: 0), countries: [])
        switch kind {
        case .officer: return .userAdded(user)
        case .role: return .userRoleChanged(name: "probe", to: .investigator)
        case .key: return .userKeyReplaced(name: "probe", key: "")
        case .removal: return .userRemoved(name: "probe")
        case .agency: return .agencyAdded(Agency(code: "PROBE", name: "", country: CountryCode("AUS")!, kind: .police))
        case .focalPoint:
            return .focalPointAppointed(FocalPoint(code: "PROBE", name: "", agency: "", country: CountryCode("AUS")!, role: .jitLeader,
                                                   since: Day(daysSinceEpoch: 0)))
        case .appointmentEnd: return .focalPointEnded(code: "PROBE", on: Day(daysSinceEpoch: 0))
        case .operation: return editing == nil ? .operationCreated(operation) : .operationRevised(operation)
        default: return nil
        }
    }

    var unitTitle: String? {
        switch kind {
        case .officer: "Add an officer to the roster"
        case .role: "Change an officer's role"
        case .key: "Replace an officer's key"
        case .removal: "Take an officer off the roster"
        case .agency: "Add an agency"
        case .focalPoint: "Appoint a focal point"
        case .appointmentEnd: "End a focal point's appointment"
        case .operation: editing.map { "Edit operation \($0)" } ?? "New operation"
        default: nil
        }
    }
}
