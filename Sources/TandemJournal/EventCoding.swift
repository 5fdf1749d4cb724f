import TandemCore

/// How each change is written as a journal payload and read back.
enum EventCoding {
    /// Writes the payload object of an event: its change's fields, then when it
    /// happened and the version it was decided against, when it names them.
    static func writePayload(of event: Event, to w: inout JSONBytesWriter) {
        w.beginObject()
        writeFields(of: event.change, to: &w)
        if let at = event.at { w.field("at"); w.time(at) }
        if let basedOn = event.basedOn { w.field("basedOn"); w.int(basedOn) }
        if let reason = event.reason { w.field("changeReason"); w.string(reason) }
        w.endObject()
    }

    private static func writeFields(of change: Change, to w: inout JSONBytesWriter) {
        switch change {
        case .userAdded(let u):
            w.field("name"); w.string(u.name); w.field("displayName"); w.string(u.displayName); w.field("role"); w.term(u.role)
            if let key = u.publicKey { w.field("publicKey"); w.string(key) }
        case .userRoleChanged(_, let role): w.field("role"); w.term(role)
        case .userRemoved: break
        case .userKeyReplaced(_, let key): w.field("publicKey"); w.string(key)
        case .agencyAdded(let a):
            w.field("code"); w.string(a.code); w.field("name"); w.string(a.name); w.field("country"); w.country(a.country)
            w.field("kind"); w.term(a.kind); w.field("handling"); w.term(a.handling)
        case .focalPointAppointed(let f):
            w.field("code"); w.string(f.code); w.field("name"); w.string(f.name); w.field("agency"); w.string(f.agency)
            w.field("country"); w.country(f.country); w.field("role"); w.term(f.role); w.field("channels"); w.strings(f.channels)
            w.field("timeZone"); w.string(f.timeZone); w.field("languages"); w.strings(f.languages)
            w.field("since"); w.day(f.since); w.field("handling"); w.term(f.handling)
        case .focalPointEnded(_, let until): w.field("until"); w.day(until)
        case .networkCreated(let n), .networkRevised(let n):
            w.field("code"); w.string(n.code); w.field("name"); w.string(n.name); w.field("aliases"); w.strings(n.aliases)
            w.field("crimeTypes"); w.terms(n.crimeTypes); w.field("sectors"); w.terms(n.sectors)
            w.field("route"); w.countries(n.route); w.field("modusOperandi"); w.string(n.modusOperandi)
            w.field("reliability"); w.term(n.reliability); w.field("accuracy"); w.term(n.accuracy)
            w.field("status"); w.term(n.status); w.field("handling"); w.term(n.handling)
        case .networkStatusChanged(_, let s): w.field("status"); w.term(s)
        case .suspectAdded(let s):
            w.field("reference"); w.string(s.reference); w.field("aliases"); w.strings(s.aliases)
            w.field("nationality"); w.country(s.nationality); w.field("network"); w.string(s.network)
            w.field("role"); w.term(s.role); w.field("status"); w.term(s.status); w.field("handling"); w.term(s.handling)
        case .suspectStatusChanged(_, let s): w.field("status"); w.term(s)
        case .victimAdded(let v):
            w.field("reference"); w.string(v.reference); w.field("nationality"); w.country(v.nationality)
            w.field("sex"); w.term(v.sex); w.field("ageBand"); w.term(v.ageBand); w.field("exploitation"); w.term(v.exploitation)
            w.field("sector"); w.term(v.sector); w.field("assistance"); w.terms(v.assistance)
            w.field("consentToShare"); w.bool(v.consentToShare); w.field("handling"); w.term(v.handling)
        case .investigationCreated(let i), .investigationRevised(let i):
            w.field("code"); w.string(i.code); w.field("title"); w.string(i.title); w.field("lead"); w.country(i.lead)
            w.field("partners"); w.countries(i.partners); w.field("targetNetworks"); w.strings(i.targetNetworks)
            w.field("legalBasis"); w.term(i.legalBasis); w.field("start"); w.day(i.start); w.field("end"); w.day(i.end)
            w.field("teamLeaders"); w.strings(i.teamLeaders); w.field("status"); w.term(i.status)
            w.field("handling"); w.term(i.handling)
        case .investigationStatusChanged(_, let s): w.field("status"); w.term(s)
        case .investigationExtended(_, let e):
            w.field("day"); w.day(e.day); w.field("newEnd"); w.day(e.newEnd); w.field("consentRecorded"); w.bool(e.consentRecorded)
        case .actionItemAdded(_, let item):
            w.field("id"); w.int(item.id); w.field("item"); w.string(item.item); w.field("owner"); w.country(item.owner)
            w.field("due"); w.day(item.due); w.field("status"); w.term(item.status)
        case .actionItemStatusChanged(_, let id, let s): w.field("id"); w.int(id); w.field("status"); w.term(s)
        case .actionItemDueRevised(_, let id, let due): w.field("id"); w.int(id); w.field("due"); w.day(due)
        case .investigationPeriodCorrected(_, let p):
            w.field("start"); w.day(p.start); w.field("end"); w.day(p.end); w.field("reason"); w.string(p.reason)
        case .activityCorrected(let c):
            w.field("activity"); w.int(c.number); w.field("count"); w.int(c.count)
            if let trained = c.officersTrained { w.field("officersTrained"); writeOfficers(trained, to: &w) }
            w.field("reason"); w.string(c.reason)
        case .outcomeRecorded(let o):
            w.field("investigation"); w.string(o.investigation); w.field("country"); w.country(o.country)
            w.field("day"); w.day(o.day); w.field("kind"); w.term(o.kind); w.field("count"); w.int(o.count)
        case .outcomeCorrected(let c):
            w.field("outcome"); w.int(c.number); w.field("count"); w.int(c.count); w.field("reason"); w.string(c.reason)
        case .statusReverted(let r):
            w.field("to"); w.string(r.to); w.field("reason"); w.string(r.reason)
        case .enquiryCreated(let e):
            w.field("reference"); w.string(e.reference); w.field("requesting"); w.country(e.requesting)
            w.field("requested"); w.country(e.requested); w.field("channel"); w.term(e.channel)
            w.field("priority"); w.term(e.priority); w.field("subject"); w.string(e.subject)
            w.field("coerciveMeasures"); w.terms(e.coerciveMeasures); w.field("status"); w.term(e.status)
            w.field("drafted"); w.time(e.drafted); w.field("due"); w.time(e.due); w.field("handling"); w.term(e.handling)
        case .enquiryStatusChanged(_, let s): w.field("status"); w.term(s)
        case .enquiryChased(_, let chase):
            if let means = chase.means { w.field("means"); w.term(means) }
            if !chase.note.isEmpty { w.field("note"); w.string(chase.note) }
        case .enquiryReturned(_, let reason): w.field("reason"); w.string(reason)
        case .enquiryAnswered(_, let answer): w.field("full"); w.bool(answer.full); w.field("text"); w.string(answer.text)
        case .enquiryDueRevised(_, let due): w.field("due"); w.time(due)
        case .enquiryEdited(_, let e):
            if let subject = e.subject { w.field("subject"); w.string(subject) }
            if let priority = e.priority { w.field("priority"); w.term(priority) }
            if let channel = e.channel { w.field("channel"); w.term(channel) }
            if let handling = e.handling { w.field("handling"); w.term(handling) }
            if let requested = e.requested { w.field("requested"); w.country(requested) }
            if let measures = e.coerciveMeasures { w.field("coerciveMeasures"); w.terms(measures) }
        case .referralCreated(let r), .referralRevised(let r):
            w.field("reference"); w.string(r.reference); w.field("kind"); w.term(r.kind)
            w.field("issuingNCB"); w.country(r.issuingNCB); w.field("recipients"); w.countries(r.recipients)
            w.field("subject"); w.string(r.subject); w.field("interpolReference"); w.string(r.interpolReference)
            w.field("status"); w.term(r.status); w.field("handling"); w.term(r.handling)
        case .referralStatusChanged(_, let s): w.field("status"); w.term(s)
        case .referralInterpolReferenceSet(_, let value): w.field("interpolReference"); w.string(value)
        case .operationCreated(let o), .operationRevised(let o):
            w.field("code"); w.string(o.code); w.field("name"); w.string(o.name); w.field("start"); w.day(o.start)
            w.field("end"); w.day(o.end); w.field("countries"); w.countries(o.countries)
            w.field("organisations"); w.strings(o.organisations); w.field("coChairs"); w.countries(o.coChairs)
            w.field("handling"); w.term(o.handling)
        case .activityRecorded(let a):
            w.field("operation"); w.string(a.operation); w.field("country"); w.country(a.country); w.field("day"); w.day(a.day)
            w.field("kind"); w.term(a.kind); w.field("count"); w.int(a.count)
            w.field("officersTrained"); writeOfficers(a.officersTrained, to: &w)
            w.field("description"); w.string(a.description)
        case .noteAdded(_, let text): w.field("text"); w.string(text)
        case .linkAdded(let link): w.field("to"); w.string(link.to)
        case .journalRepaired(let r):
            w.field("setAside"); w.string(r.setAside); w.field("bytes"); w.int(r.bytes); w.field("sha256"); w.string(r.sha256)
            w.field("fromSequence"); w.int(r.fromSequence); w.field("reason"); w.string(r.reason)
        case .exportMade(let e):
            w.field("id"); w.string(e.id); w.field("format"); w.string(e.format); w.field("destination"); w.string(e.destination)
            w.field("tables"); w.strings(e.tables); w.field("records"); w.int(e.records)
            w.field("includesVictims"); w.bool(e.includesVictims); w.field("restricted"); w.bool(e.restricted)
            w.field("recipient"); w.string(e.recipient); w.field("reason"); w.string(e.reason)
        }
    }

    private static func writeOfficers(_ trained: [OfficerKind: Int], to w: inout JSONBytesWriter) {
        w.beginObject()
        for kind in OfficerKind.allCases {
            if let n = trained[kind] { w.field(named: kind.rawValue); w.int(n) }
        }
        w.endObject()
    }

    static func event<P: PayloadSource>(time: Timestamp, actor: String, kind: ChangeKind, entity: String, payload p: P) throws(DecodeFailure) -> Event {
        let change = try change(kind: kind, entity: entity, payload: p)
        let (at, basedOn, reason) = try eventFields(payload: p)
        return Event(time: time, actor: actor, change: change, at: at, basedOn: basedOn, reason: reason)
    }

    /// The fields any event may carry beside its change's.
    static func eventFields<P: PayloadSource>(payload p: P) throws(DecodeFailure) -> (at: Timestamp?, basedOn: Int?, reason: String?) {
        (try p.optionalTimestamp("at"), try p.optionalInt("basedOn"), try p.optionalString("changeReason"))
    }

    /// The change a payload holds, about the line's `entity`.
    static func change<P: PayloadSource>(kind: ChangeKind, entity: String, payload p: P) throws(DecodeFailure) -> Change {
        let change = try changeAsRead(kind: kind, entity: entity, payload: p)
        guard change.entity == entity else {
            throw DecodeFailure(reason: "entity \"\(entity)\" does not match the payload's \"\(change.entity)\"")
        }
        return change
    }

    /// The change a payload holds, before its entity is held to the line's.
    static func changeAsRead<P: PayloadSource>(kind: ChangeKind, entity: String, payload p: P) throws(DecodeFailure) -> Change {
        let change: Change
        switch kind {
        case .enquiryStatusChanged: change = .enquiryStatusChanged(reference: entity, to: try p.term("status", EnquiryStatus.self))
        case .noteAdded: change = .noteAdded(entity: entity, text: try p.string("text"))
        case .enquiryCreated:
            var e = Enquiry(
                reference: try p.string("reference"), requesting: try p.country("requesting"),
                requested: try p.country("requested"), channel: try p.term("channel", Channel.self),
                priority: try p.term("priority", Priority.self), subject: try p.string("subject"),
                drafted: try p.timestamp("drafted"), due: try p.timestamp("due"), handling: try p.term("handling", Handling.self),
                coerciveMeasures: try p.terms("coerciveMeasures", CoerciveMeasure.self))
            e.status = try p.term("status", EnquiryStatus.self)
            change = .enquiryCreated(e)
        case .enquiryChased:
            change = .enquiryChased(reference: entity, chase: Chase(
                means: try p.optionalTerm("means", ChaseMeans.self), note: try p.optionalString("note") ?? ""))
        case .enquiryReturned: change = .enquiryReturned(reference: entity, reason: try p.string("reason"))
        case .enquiryAnswered:
            change = .enquiryAnswered(reference: entity, EnquiryAnswer(full: try p.bool("full"), text: try p.string("text")))
        case .linkAdded: change = .linkAdded(Link(from: entity, to: try p.string("to")))
        case .outcomeRecorded:
            change = .outcomeRecorded(Outcome(
                investigation: try p.optionalString("investigation"), country: try p.country("country"), day: try p.day("day"),
                kind: try p.term("kind", OutcomeKind.self), count: try p.int("count")))
        case .statusReverted:
            change = .statusReverted(StatusReversion(entity: entity, to: try p.string("to"), reason: try p.string("reason")))
        case .outcomeCorrected:
            change = .outcomeCorrected(OutcomeCorrection(
                entity: entity, number: try p.int("outcome"), count: try p.int("count"), reason: try p.string("reason")))
        case .suspectAdded:
            change = .suspectAdded(Suspect(
                reference: try p.string("reference"), aliases: try p.strings("aliases"), nationality: try p.country("nationality"),
                network: try p.optionalString("network"), role: try p.term("role", NetworkRole.self),
                status: try p.term("status", SuspectStatus.self), handling: try p.term("handling", Handling.self)))
        case .suspectStatusChanged: change = .suspectStatusChanged(reference: entity, to: try p.term("status", SuspectStatus.self))
        case .referralStatusChanged: change = .referralStatusChanged(reference: entity, to: try p.term("status", ReferralStatus.self))
        case .referralCreated, .referralRevised:
            var r = Referral(
                reference: try p.string("reference"), kind: try p.term("kind", ReferralKind.self),
                issuingNCB: try p.country("issuingNCB"), recipients: try p.countries("recipients"),
                subject: try p.string("subject"), interpolReference: try p.optionalString("interpolReference"),
                handling: try p.term("handling", Handling.self))
            r.status = try p.term("status", ReferralStatus.self)
            change = kind == .referralCreated ? .referralCreated(r) : .referralRevised(r)
        case .networkStatusChanged: change = .networkStatusChanged(code: entity, to: try p.term("status", NetworkStatus.self))
        case .victimAdded:
            change = .victimAdded(Victim(
                reference: try p.string("reference"), nationality: try p.country("nationality"), sex: try p.term("sex", Sex.self),
                ageBand: try p.term("ageBand", AgeBand.self), exploitation: try p.term("exploitation", CrimeType.self),
                sector: try p.term("sector", Sector.self), assistance: try p.terms("assistance", Assistance.self),
                consentToShare: try p.bool("consentToShare"), handling: try p.term("handling", Handling.self)))
        case .enquiryDueRevised: change = .enquiryDueRevised(reference: entity, to: try p.timestamp("due"))
        case .enquiryEdited:
            change = .enquiryEdited(reference: entity, EnquiryEdit(
                subject: try p.optionalString("subject"), priority: try p.optionalTerm("priority", Priority.self),
                channel: try p.optionalTerm("channel", Channel.self), handling: try p.optionalTerm("handling", Handling.self),
                requested: p.has("requested") ? try p.country("requested") : nil,
                coerciveMeasures: p.has("coerciveMeasures") ? try p.terms("coerciveMeasures", CoerciveMeasure.self) : nil))
        case .userAdded:
            change = .userAdded(User(name: try p.string("name"), displayName: try p.string("displayName"), role: try p.term("role", Role.self),
                                     publicKey: try p.optionalString("publicKey")))
        case .userRoleChanged: change = .userRoleChanged(name: entity, to: try p.term("role", Role.self))
        case .userRemoved: change = .userRemoved(name: entity)
        case .userKeyReplaced: change = .userKeyReplaced(name: entity, key: try p.string("publicKey"))
        case .agencyAdded:
            change = .agencyAdded(Agency(code: try p.string("code"), name: try p.string("name"), country: try p.country("country"),
                                         kind: try p.term("kind", AgencyKind.self), handling: try p.term("handling", Handling.self)))
        case .focalPointAppointed:
            change = .focalPointAppointed(FocalPoint(
                code: try p.string("code"), name: try p.string("name"), agency: try p.string("agency"),
                country: try p.country("country"), role: try p.term("role", FocalRole.self), channels: try p.strings("channels"),
                timeZone: try p.string("timeZone"), languages: try p.strings("languages"), since: try p.day("since"),
                handling: try p.term("handling", Handling.self)))
        case .focalPointEnded: change = .focalPointEnded(code: entity, on: try p.day("until"))
        case .networkCreated, .networkRevised:
            var n = Network(
                code: try p.string("code"), name: try p.string("name"), aliases: try p.strings("aliases"),
                crimeTypes: try p.terms("crimeTypes", CrimeType.self), sectors: try p.terms("sectors", Sector.self),
                route: try p.countries("route"), modusOperandi: try p.string("modusOperandi"),
                reliability: try p.term("reliability", SourceReliability.self),
                accuracy: try p.term("accuracy", InformationAccuracy.self), handling: try p.term("handling", Handling.self))
            n.status = try p.term("status", NetworkStatus.self)
            change = kind == .networkCreated ? .networkCreated(n) : .networkRevised(n)
        case .investigationCreated, .investigationRevised:
            var i = JointInvestigation(
                code: try p.string("code"), title: try p.string("title"), lead: try p.country("lead"),
                partners: try p.countries("partners"), targetNetworks: try p.strings("targetNetworks"),
                legalBasis: try p.term("legalBasis", LegalBasis.self), start: try p.day("start"), end: try p.day("end"),
                handling: try p.term("handling", Handling.self), teamLeaders: try p.strings("teamLeaders"))
            i.status = try p.term("status", InvestigationStatus.self)
            change = kind == .investigationCreated ? .investigationCreated(i) : .investigationRevised(i)
        case .investigationStatusChanged:
            change = .investigationStatusChanged(code: entity, to: try p.term("status", InvestigationStatus.self))
        case .investigationExtended:
            change = .investigationExtended(code: entity, Extension(
                day: try p.day("day"), newEnd: try p.day("newEnd"), consentRecorded: try p.bool("consentRecorded")))
        case .actionItemAdded:
            change = .actionItemAdded(investigation: entity, ActionItem(
                id: try p.int("id"), item: try p.string("item"), owner: try p.country("owner"), due: try p.day("due"),
                status: try p.term("status", ActionStatus.self)))
        case .actionItemStatusChanged:
            change = .actionItemStatusChanged(investigation: entity, item: try p.int("id"), to: try p.term("status", ActionStatus.self))
        case .actionItemDueRevised:
            change = .actionItemDueRevised(investigation: entity, item: try p.int("id"), to: try p.day("due"))
        case .investigationPeriodCorrected:
            change = .investigationPeriodCorrected(code: entity, PeriodCorrection(
                start: try p.day("start"), end: try p.day("end"), reason: try p.string("reason")))
        case .activityCorrected:
            change = .activityCorrected(ActivityCorrection(
                entity: entity, number: try p.int("activity"), count: try p.int("count"),
                officersTrained: p.has("officersTrained") ? try p.counts("officersTrained", OfficerKind.self) : nil, reason: try p.string("reason")))
        case .referralInterpolReferenceSet:
            change = .referralInterpolReferenceSet(reference: entity, to: try p.string("interpolReference"))
        case .operationCreated, .operationRevised:
            let operation = Operation(
                code: try p.string("code"), name: try p.string("name"), start: try p.day("start"), end: try p.day("end"),
                countries: try p.countries("countries"), organisations: try p.strings("organisations"),
                coChairs: try p.countries("coChairs"), handling: try p.term("handling", Handling.self))
            change = kind == .operationCreated ? .operationCreated(operation) : .operationRevised(operation)
        case .activityRecorded:
            let trained = try p.counts("officersTrained", OfficerKind.self)
            change = .activityRecorded(Activity(
                operation: try p.optionalString("operation"), country: try p.country("country"), day: try p.day("day"),
                kind: try p.term("kind", ActivityKind.self), count: try p.int("count"), officersTrained: trained,
                description: try p.string("description")))
        case .exportMade:
            change = .exportMade(ExportRecord(
                id: try p.string("id"), format: try p.string("format"), destination: try p.string("destination"),
                tables: try p.strings("tables"), records: try p.int("records"), includesVictims: try p.bool("includesVictims"),
                restricted: try p.bool("restricted"), recipient: try p.string("recipient"), reason: try p.string("reason")))
        case .journalRepaired:
            change = .journalRepaired(JournalRepair(
                id: entity, setAside: try p.string("setAside"), bytes: try p.int("bytes"), sha256: try p.string("sha256"),
                fromSequence: try p.int("fromSequence"), reason: try p.string("reason")))
        }
        return change
    }
}
