import TandemCore

/// How each change is written as a journal payload and read back.
enum EventCoding {
    static func payload(of change: Change) -> JSONValue {
        switch change {
        case .networkCreated(let n):
            return .object([
                JSONField("code", .string(n.code)), JSONField("name", .string(n.name)),
                JSONField("aliases", .strings(n.aliases)), JSONField("crimeTypes", .terms(n.crimeTypes)),
                JSONField("sectors", .terms(n.sectors)), JSONField("route", .countries(n.route)),
                JSONField("modusOperandi", .string(n.modusOperandi)),
                JSONField("reliability", .string(n.reliability.rawValue)),
                JSONField("accuracy", .string(n.accuracy.rawValue)),
                JSONField("status", .string(n.status.rawValue)), JSONField("handling", .string(n.handling.rawValue)),
            ])
        case .investigationCreated(let i):
            return .object([
                JSONField("code", .string(i.code)), JSONField("title", .string(i.title)),
                JSONField("lead", .string(i.lead.code)), JSONField("partners", .countries(i.partners)),
                JSONField("targetNetworks", .strings(i.targetNetworks)),
                JSONField("legalBasis", .string(i.legalBasis.rawValue)),
                JSONField("start", .string(i.start.iso8601)), JSONField("end", .string(i.end.iso8601)),
                JSONField("status", .string(i.status.rawValue)), JSONField("handling", .string(i.handling.rawValue)),
            ])
        case .enquiryCreated(let e):
            return .object([
                JSONField("reference", .string(e.reference)),
                JSONField("requesting", .string(e.requesting.code)), JSONField("requested", .string(e.requested.code)),
                JSONField("channel", .string(e.channel.rawValue)), JSONField("priority", .string(e.priority.rawValue)),
                JSONField("subject", .string(e.subject)), JSONField("status", .string(e.status.rawValue)),
                JSONField("drafted", .string(e.drafted.iso8601)), JSONField("due", .string(e.due.iso8601)),
                JSONField("handling", .string(e.handling.rawValue)),
            ])
        case .referralCreated(let r):
            return .object([
                JSONField("reference", .string(r.reference)), JSONField("kind", .string(r.kind.rawValue)),
                JSONField("issuingNCB", .string(r.issuingNCB.code)), JSONField("recipients", .countries(r.recipients)),
                JSONField("subject", .string(r.subject)),
                JSONField("interpolReference", r.interpolReference.map { .string($0) } ?? .null),
                JSONField("status", .string(r.status.rawValue)), JSONField("handling", .string(r.handling.rawValue)),
            ])
        case .networkStatusChanged(_, let status): return statusPayload(status.rawValue)
        case .investigationStatusChanged(_, let status): return statusPayload(status.rawValue)
        case .enquiryStatusChanged(_, let status): return statusPayload(status.rawValue)
        case .referralStatusChanged(_, let status): return statusPayload(status.rawValue)
        }
    }

    private static func statusPayload(_ status: String) -> JSONValue {
        .object([JSONField("status", .string(status))])
    }

    static func change(type: String, entity: String, payload: JSONValue) throws(DecodeFailure) -> Change {
        let p = try PayloadReader(payload)
        let change: Change
        switch type {
        case "network.created":
            var n = Network(
                code: try p.string("code"), name: try p.string("name"), aliases: try p.strings("aliases"),
                crimeTypes: try p.terms("crimeTypes", CrimeType.self), sectors: try p.terms("sectors", Sector.self),
                route: try p.countries("route"), modusOperandi: try p.string("modusOperandi"),
                reliability: try p.term("reliability", SourceReliability.self),
                accuracy: try p.term("accuracy", InformationAccuracy.self), handling: try p.term("handling", Handling.self)
            )
            n.status = try p.term("status", NetworkStatus.self)
            change = .networkCreated(n)
        case "investigation.created":
            var i = JointInvestigation(
                code: try p.string("code"), title: try p.string("title"), lead: try p.country("lead"),
                partners: try p.countries("partners"), targetNetworks: try p.strings("targetNetworks"),
                legalBasis: try p.term("legalBasis", LegalBasis.self), start: try p.day("start"), end: try p.day("end"),
                handling: try p.term("handling", Handling.self)
            )
            i.status = try p.term("status", InvestigationStatus.self)
            change = .investigationCreated(i)
        case "enquiry.created":
            var e = Enquiry(
                reference: try p.string("reference"), requesting: try p.country("requesting"),
                requested: try p.country("requested"), channel: try p.term("channel", Channel.self),
                priority: try p.term("priority", Priority.self), subject: try p.string("subject"),
                drafted: try p.timestamp("drafted"), due: try p.timestamp("due"), handling: try p.term("handling", Handling.self)
            )
            e.status = try p.term("status", EnquiryStatus.self)
            change = .enquiryCreated(e)
        case "referral.created":
            var r = Referral(
                reference: try p.string("reference"), kind: try p.term("kind", ReferralKind.self),
                issuingNCB: try p.country("issuingNCB"), recipients: try p.countries("recipients"),
                subject: try p.string("subject"), interpolReference: try p.optionalString("interpolReference"),
                handling: try p.term("handling", Handling.self)
            )
            r.status = try p.term("status", ReferralStatus.self)
            change = .referralCreated(r)
        case "network.status":
            change = .networkStatusChanged(code: entity, to: try p.term("status", NetworkStatus.self))
        case "investigation.status":
            change = .investigationStatusChanged(code: entity, to: try p.term("status", InvestigationStatus.self))
        case "enquiry.status":
            change = .enquiryStatusChanged(reference: entity, to: try p.term("status", EnquiryStatus.self))
        case "referral.status":
            change = .referralStatusChanged(reference: entity, to: try p.term("status", ReferralStatus.self))
        default:
            throw DecodeFailure(reason: "unknown event type \"\(type)\"")
        }
        guard change.entity == entity else {
            throw DecodeFailure(reason: "entity \"\(entity)\" does not match the payload's \"\(change.entity)\"")
        }
        return change
    }
}
