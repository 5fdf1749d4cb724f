import TandemCore

/// How each change is written as a journal payload and read back.
enum EventCoding {
    static func payload(of change: Change) -> JSONValue {
        switch change {
        case .userAdded(let u): obj(("name", .string(u.name)), ("displayName", .string(u.displayName)), ("role", term(u.role)))
        case .userRoleChanged(_, let role): obj(("role", term(role)))
        case .agencyAdded(let a):
            obj(("code", .string(a.code)), ("name", .string(a.name)), ("country", country(a.country)), ("kind", term(a.kind)),
                ("handling", term(a.handling)))
        case .focalPointAppointed(let f):
            obj(("code", .string(f.code)), ("name", .string(f.name)), ("agency", .string(f.agency)), ("country", country(f.country)),
                ("role", term(f.role)), ("channels", .strings(f.channels)), ("timeZone", .string(f.timeZone)),
                ("languages", .strings(f.languages)), ("since", day(f.since)), ("handling", term(f.handling)))
        case .focalPointEnded(_, let until): obj(("until", day(until)))
        case .networkCreated(let n), .networkRevised(let n):
            obj(("code", .string(n.code)), ("name", .string(n.name)), ("aliases", .strings(n.aliases)),
                ("crimeTypes", .terms(n.crimeTypes)), ("sectors", .terms(n.sectors)), ("route", .countries(n.route)),
                ("modusOperandi", .string(n.modusOperandi)), ("reliability", term(n.reliability)),
                ("accuracy", term(n.accuracy)), ("status", term(n.status)), ("handling", term(n.handling)))
        case .networkStatusChanged(_, let s): obj(("status", term(s)))
        case .suspectAdded(let s):
            obj(("reference", .string(s.reference)), ("aliases", .strings(s.aliases)), ("nationality", country(s.nationality)),
                ("network", s.network.map { .string($0) } ?? .null), ("role", term(s.role)), ("status", term(s.status)),
                ("handling", term(s.handling)))
        case .suspectStatusChanged(_, let s): obj(("status", term(s)))
        case .victimAdded(let v):
            obj(("reference", .string(v.reference)), ("nationality", country(v.nationality)), ("sex", term(v.sex)),
                ("ageBand", term(v.ageBand)), ("exploitation", term(v.exploitation)), ("sector", term(v.sector)),
                ("assistance", .terms(v.assistance)), ("consentToShare", .bool(v.consentToShare)), ("handling", term(v.handling)))
        case .investigationCreated(let i), .investigationRevised(let i):
            obj(("code", .string(i.code)), ("title", .string(i.title)), ("lead", country(i.lead)),
                ("partners", .countries(i.partners)), ("targetNetworks", .strings(i.targetNetworks)),
                ("legalBasis", term(i.legalBasis)), ("start", day(i.start)), ("end", day(i.end)),
                ("teamLeaders", .strings(i.teamLeaders)), ("status", term(i.status)), ("handling", term(i.handling)))
        case .investigationStatusChanged(_, let s): obj(("status", term(s)))
        case .investigationExtended(_, let e):
            obj(("day", day(e.day)), ("newEnd", day(e.newEnd)), ("consentRecorded", .bool(e.consentRecorded)))
        case .actionItemAdded(_, let item):
            obj(("id", .int(Int64(item.id))), ("item", .string(item.item)), ("owner", country(item.owner)),
                ("due", day(item.due)), ("status", term(item.status)))
        case .actionItemStatusChanged(_, let id, let s): obj(("id", .int(Int64(id))), ("status", term(s)))
        case .outcomeRecorded(let o):
            obj(("investigation", o.investigation.map { .string($0) } ?? .null), ("country", country(o.country)),
                ("day", day(o.day)), ("kind", term(o.kind)), ("count", .int(Int64(o.count))))
        case .enquiryCreated(let e):
            obj(("reference", .string(e.reference)), ("requesting", country(e.requesting)), ("requested", country(e.requested)),
                ("channel", term(e.channel)), ("priority", term(e.priority)), ("subject", .string(e.subject)),
                ("coerciveMeasures", .terms(e.coerciveMeasures)), ("status", term(e.status)),
                ("drafted", time(e.drafted)), ("due", time(e.due)), ("handling", term(e.handling)))
        case .enquiryStatusChanged(_, let s): obj(("status", term(s)))
        case .enquiryChased: obj()
        case .enquiryDueRevised(_, let due): obj(("due", time(due)))
        case .enquiryEdited(_, let e):
            .object([e.subject.map { JSONField("subject", .string($0)) }, e.priority.map { JSONField("priority", term($0)) },
                     e.channel.map { JSONField("channel", term($0)) }, e.handling.map { JSONField("handling", term($0)) }]
                .compactMap { $0 })
        case .referralCreated(let r), .referralRevised(let r):
            obj(("reference", .string(r.reference)), ("kind", term(r.kind)), ("issuingNCB", country(r.issuingNCB)),
                ("recipients", .countries(r.recipients)), ("subject", .string(r.subject)),
                ("interpolReference", r.interpolReference.map { .string($0) } ?? .null), ("status", term(r.status)),
                ("handling", term(r.handling)))
        case .referralStatusChanged(_, let s): obj(("status", term(s)))
        case .referralInterpolReferenceSet(_, let value): obj(("interpolReference", .string(value)))
        case .operationCreated(let o):
            obj(("code", .string(o.code)), ("name", .string(o.name)), ("start", day(o.start)), ("end", day(o.end)),
                ("countries", .countries(o.countries)), ("organisations", .strings(o.organisations)),
                ("coChairs", .countries(o.coChairs)), ("handling", term(o.handling)))
        case .activityRecorded(let a):
            obj(("operation", a.operation.map { .string($0) } ?? .null), ("country", country(a.country)), ("day", day(a.day)),
                ("kind", term(a.kind)), ("count", .int(Int64(a.count))),
                ("officersTrained", .object(OfficerKind.allCases.compactMap { kind in
                    a.officersTrained[kind].map { JSONField(kind.rawValue, .int(Int64($0))) } })),
                ("description", .string(a.description)))
        case .noteAdded(_, let text): obj(("text", .string(text)))
        case .linkAdded(let link): obj(("to", .string(link.to)))
        case .exportMade(let e):
            obj(("id", .string(e.id)), ("format", .string(e.format)), ("destination", .string(e.destination)),
                ("tables", .strings(e.tables)), ("records", .int(Int64(e.records))), ("includesVictims", .bool(e.includesVictims)),
                ("restricted", .bool(e.restricted)), ("recipient", .string(e.recipient)), ("reason", .string(e.reason)))
        }
    }

    private static func obj(_ fields: (String, JSONValue)...) -> JSONValue { .object(fields.map { JSONField($0.0, $0.1) }) }
    private static func term<T: RawRepresentable>(_ t: T) -> JSONValue where T.RawValue == String { .string(t.rawValue) }
    private static func country(_ c: CountryCode) -> JSONValue { .string(c.code) }
    private static func day(_ d: Day) -> JSONValue { .string(d.iso8601) }
    private static func time(_ t: Timestamp) -> JSONValue { .string(t.iso8601) }

    static func change(type: String, entity: String, payload: JSONValue) throws(DecodeFailure) -> Change {
        try change(type: type, entity: entity, payload: try PayloadReader(payload))
    }

    static func change(type: String, entity: String, payload p: PayloadReader) throws(DecodeFailure) -> Change {
        let change: Change
        switch type {
        case "user.added":
            change = .userAdded(User(name: try p.string("name"), displayName: try p.string("displayName"), role: try p.term("role", Role.self)))
        case "user.role": change = .userRoleChanged(name: entity, to: try p.term("role", Role.self))
        case "agency.added":
            change = .agencyAdded(Agency(code: try p.string("code"), name: try p.string("name"), country: try p.country("country"),
                                         kind: try p.term("kind", AgencyKind.self), handling: try p.term("handling", Handling.self)))
        case "focal-point.appointed":
            change = .focalPointAppointed(FocalPoint(
                code: try p.string("code"), name: try p.string("name"), agency: try p.string("agency"),
                country: try p.country("country"), role: try p.term("role", FocalRole.self), channels: try p.strings("channels"),
                timeZone: try p.string("timeZone"), languages: try p.strings("languages"), since: try p.day("since"),
                handling: try p.term("handling", Handling.self)))
        case "focal-point.ended": change = .focalPointEnded(code: entity, on: try p.day("until"))
        case "network.created", "network.revised":
            var n = Network(
                code: try p.string("code"), name: try p.string("name"), aliases: try p.strings("aliases"),
                crimeTypes: try p.terms("crimeTypes", CrimeType.self), sectors: try p.terms("sectors", Sector.self),
                route: try p.countries("route"), modusOperandi: try p.string("modusOperandi"),
                reliability: try p.term("reliability", SourceReliability.self),
                accuracy: try p.term("accuracy", InformationAccuracy.self), handling: try p.term("handling", Handling.self))
            n.status = try p.term("status", NetworkStatus.self)
            change = type == "network.created" ? .networkCreated(n) : .networkRevised(n)
        case "network.status": change = .networkStatusChanged(code: entity, to: try p.term("status", NetworkStatus.self))
        case "suspect.added":
            change = .suspectAdded(Suspect(
                reference: try p.string("reference"), aliases: try p.strings("aliases"), nationality: try p.country("nationality"),
                network: try p.optionalString("network"), role: try p.term("role", NetworkRole.self),
                status: try p.term("status", SuspectStatus.self), handling: try p.term("handling", Handling.self)))
        case "suspect.status": change = .suspectStatusChanged(reference: entity, to: try p.term("status", SuspectStatus.self))
        case "victim.added":
            change = .victimAdded(Victim(
                reference: try p.string("reference"), nationality: try p.country("nationality"), sex: try p.term("sex", Sex.self),
                ageBand: try p.term("ageBand", AgeBand.self), exploitation: try p.term("exploitation", CrimeType.self),
                sector: try p.term("sector", Sector.self), assistance: try p.terms("assistance", Assistance.self),
                consentToShare: try p.bool("consentToShare"), handling: try p.term("handling", Handling.self)))
        case "investigation.created", "investigation.revised":
            var i = JointInvestigation(
                code: try p.string("code"), title: try p.string("title"), lead: try p.country("lead"),
                partners: try p.countries("partners"), targetNetworks: try p.strings("targetNetworks"),
                legalBasis: try p.term("legalBasis", LegalBasis.self), start: try p.day("start"), end: try p.day("end"),
                handling: try p.term("handling", Handling.self), teamLeaders: try p.strings("teamLeaders"))
            i.status = try p.term("status", InvestigationStatus.self)
            change = type == "investigation.created" ? .investigationCreated(i) : .investigationRevised(i)
        case "investigation.status":
            change = .investigationStatusChanged(code: entity, to: try p.term("status", InvestigationStatus.self))
        case "investigation.extended":
            change = .investigationExtended(code: entity, Extension(
                day: try p.day("day"), newEnd: try p.day("newEnd"), consentRecorded: try p.bool("consentRecorded")))
        case "investigation.action-added":
            change = .actionItemAdded(investigation: entity, ActionItem(
                id: try p.int("id"), item: try p.string("item"), owner: try p.country("owner"), due: try p.day("due"),
                status: try p.term("status", ActionStatus.self)))
        case "investigation.action-status":
            change = .actionItemStatusChanged(investigation: entity, item: try p.int("id"), to: try p.term("status", ActionStatus.self))
        case "outcome.recorded":
            change = .outcomeRecorded(Outcome(
                investigation: try p.optionalString("investigation"), country: try p.country("country"), day: try p.day("day"),
                kind: try p.term("kind", OutcomeKind.self), count: try p.int("count")))
        case "enquiry.created":
            var e = Enquiry(
                reference: try p.string("reference"), requesting: try p.country("requesting"),
                requested: try p.country("requested"), channel: try p.term("channel", Channel.self),
                priority: try p.term("priority", Priority.self), subject: try p.string("subject"),
                drafted: try p.timestamp("drafted"), due: try p.timestamp("due"), handling: try p.term("handling", Handling.self),
                coerciveMeasures: try p.terms("coerciveMeasures", CoerciveMeasure.self))
            e.status = try p.term("status", EnquiryStatus.self)
            change = .enquiryCreated(e)
        case "enquiry.status": change = .enquiryStatusChanged(reference: entity, to: try p.term("status", EnquiryStatus.self))
        case "enquiry.chased": change = .enquiryChased(reference: entity)
        case "enquiry.due-revised": change = .enquiryDueRevised(reference: entity, to: try p.timestamp("due"))
        case "enquiry.edited":
            change = .enquiryEdited(reference: entity, EnquiryEdit(
                subject: try p.optionalString("subject"), priority: try p.optionalTerm("priority", Priority.self),
                channel: try p.optionalTerm("channel", Channel.self), handling: try p.optionalTerm("handling", Handling.self)))
        case "referral.created", "referral.revised":
            var r = Referral(
                reference: try p.string("reference"), kind: try p.term("kind", ReferralKind.self),
                issuingNCB: try p.country("issuingNCB"), recipients: try p.countries("recipients"),
                subject: try p.string("subject"), interpolReference: try p.optionalString("interpolReference"),
                handling: try p.term("handling", Handling.self))
            r.status = try p.term("status", ReferralStatus.self)
            change = type == "referral.created" ? .referralCreated(r) : .referralRevised(r)
        case "referral.status": change = .referralStatusChanged(reference: entity, to: try p.term("status", ReferralStatus.self))
        case "referral.interpol-reference":
            change = .referralInterpolReferenceSet(reference: entity, to: try p.string("interpolReference"))
        case "operation.created":
            change = .operationCreated(Operation(
                code: try p.string("code"), name: try p.string("name"), start: try p.day("start"), end: try p.day("end"),
                countries: try p.countries("countries"), organisations: try p.strings("organisations"),
                coChairs: try p.countries("coChairs"), handling: try p.term("handling", Handling.self)))
        case "activity.recorded":
            var trained: [OfficerKind: Int] = [:]
            for (name, n) in try p.counts("officersTrained") {
                guard let kind = OfficerKind(rawValue: name) else {
                    throw DecodeFailure(reason: "\"officersTrained\" has an unknown entry \"\(name)\"")
                }
                trained[kind] = n
            }
            change = .activityRecorded(Activity(
                operation: try p.optionalString("operation"), country: try p.country("country"), day: try p.day("day"),
                kind: try p.term("kind", ActivityKind.self), count: try p.int("count"), officersTrained: trained,
                description: try p.string("description")))
        case "note.added": change = .noteAdded(entity: entity, text: try p.string("text"))
        case "link.added": change = .linkAdded(Link(from: entity, to: try p.string("to")))
        case "export.made":
            change = .exportMade(ExportRecord(
                id: try p.string("id"), format: try p.string("format"), destination: try p.string("destination"),
                tables: try p.strings("tables"), records: try p.int("records"), includesVictims: try p.bool("includesVictims"),
                restricted: try p.bool("restricted"), recipient: try p.string("recipient"), reason: try p.string("reason")))
        default:
            throw DecodeFailure(reason: "unknown event type \"\(type)\"")
        }
        guard change.entity == entity else {
            throw DecodeFailure(reason: "entity \"\(entity)\" does not match the payload's \"\(change.entity)\"")
        }
        return change
    }
}
