import TandemCore

/// The case file in the snapshot's binary form, every field of every record,
/// kind by kind in a fixed order.
enum CaseFileSnapshot {
    typealias S = SnapshotSchema

    static func encode(_ file: CaseFile, into w: inout SnapshotWriter) {
        w.list(file.users.all) { w, user in
            w.string(user.name); w.string(user.displayName); w.pick(user.role, in: S.roles)
            w.optional(user.publicKey) { $0.string($1) }; w.bool(user.removed)
        }
        w.list(file.agencies.all) { w, agency in
            w.string(agency.code); w.string(agency.name); w.country(agency.country)
            w.pick(agency.kind, in: S.agencyKinds); w.pick(agency.handling, in: S.handlings)
        }
        w.list(file.focalPoints.all) { w, point in
            w.string(point.code); w.string(point.name); w.string(point.agency); w.country(point.country)
            w.pick(point.role, in: S.focalRoles); w.list(point.channels) { $0.string($1) }; w.string(point.timeZone)
            w.list(point.languages) { $0.string($1) }; w.day(point.since); w.optional(point.until) { $0.day($1) }
            w.pick(point.handling, in: S.handlings)
        }
        w.list(file.networks.all) { w, network in
            w.string(network.code); w.string(network.name); w.list(network.aliases) { $0.string($1) }
            w.list(network.crimeTypes) { $0.pick($1, in: S.crimeTypes) }; w.list(network.sectors) { $0.pick($1, in: S.sectors) }
            w.list(network.route) { $0.country($1) }; w.string(network.modusOperandi)
            w.pick(network.reliability, in: S.reliabilities); w.pick(network.accuracy, in: S.accuracies)
            w.pick(network.status, in: S.networkStatuses); w.pick(network.handling, in: S.handlings)
        }
        w.list(file.suspects.all) { w, suspect in
            w.string(suspect.reference); w.list(suspect.aliases) { $0.string($1) }; w.country(suspect.nationality)
            w.optional(suspect.network) { $0.string($1) }; w.pick(suspect.role, in: S.networkRoles)
            w.pick(suspect.status, in: S.suspectStatuses); w.pick(suspect.handling, in: S.handlings)
        }
        w.list(file.victims.all) { w, victim in
            w.string(victim.reference); w.country(victim.nationality); w.pick(victim.sex, in: S.sexes)
            w.pick(victim.ageBand, in: S.ageBands); w.pick(victim.exploitation, in: S.crimeTypes)
            w.pick(victim.sector, in: S.sectors); w.list(victim.assistance) { $0.pick($1, in: S.assistances) }
            w.bool(victim.consentToShare); w.pick(victim.handling, in: S.handlings)
        }
        w.list(file.investigations.all) { w, investigation in
            w.string(investigation.code); w.string(investigation.title); w.country(investigation.lead)
            w.list(investigation.partners) { $0.country($1) }; w.list(investigation.targetNetworks) { $0.string($1) }
            w.pick(investigation.legalBasis, in: S.legalBases); w.day(investigation.start); w.day(investigation.end)
            w.pick(investigation.status, in: S.investigationStatuses); w.pick(investigation.handling, in: S.handlings)
            w.list(investigation.teamLeaders) { $0.string($1) }
            w.list(investigation.extensions) { w, e in w.day(e.day); w.day(e.newEnd); w.bool(e.consentRecorded) }
            w.list(investigation.actionItems) { w, item in
                w.int(item.id); w.string(item.item); w.country(item.owner); w.day(item.due)
                w.pick(item.status, in: S.actionStatuses)
            }
        }
        w.list(file.enquiries.all) { w, enquiry in
            w.string(enquiry.reference); w.country(enquiry.requesting); w.country(enquiry.requested)
            w.pick(enquiry.channel, in: S.channels); w.pick(enquiry.priority, in: S.priorities); w.string(enquiry.subject)
            w.pick(enquiry.status, in: S.enquiryStatuses); w.time(enquiry.drafted); w.time(enquiry.due)
            w.pick(enquiry.handling, in: S.handlings)
            for time in [enquiry.sent, enquiry.acknowledged, enquiry.answered, enquiry.revisedDue, enquiry.lastChased] {
                w.optional(time) { $0.time($1) }
            }
            w.int(enquiry.chases); w.list(enquiry.coerciveMeasures) { $0.pick($1, in: S.coerciveMeasures) }
            w.optional(enquiry.answer) { $0.string($1) }; w.optional(enquiry.sentRecorded) { $0.time($1) }
        }
        w.list(file.referrals.all) { w, referral in
            w.string(referral.reference); w.pick(referral.kind, in: S.referralKinds); w.country(referral.issuingNCB)
            w.list(referral.recipients) { $0.country($1) }; w.string(referral.subject)
            w.optional(referral.interpolReference) { $0.string($1) }; w.pick(referral.status, in: S.referralStatuses)
            w.pick(referral.handling, in: S.handlings)
        }
        w.list(file.operations.all) { w, operation in
            w.string(operation.code); w.string(operation.name); w.day(operation.start); w.day(operation.end)
            w.list(operation.countries) { $0.country($1) }; w.list(operation.organisations) { $0.string($1) }
            w.list(operation.coChairs) { $0.country($1) }; w.pick(operation.handling, in: S.handlings)
        }
        w.list(file.outcomes) { w, outcome in
            w.optional(outcome.investigation) { $0.string($1) }; w.country(outcome.country); w.day(outcome.day)
            w.pick(outcome.kind, in: S.outcomeKinds); w.int(outcome.count); w.optional(outcome.recorded) { $0.time($1) }
        }
        w.list(file.activities) { w, activity in
            w.optional(activity.operation) { $0.string($1) }; w.country(activity.country); w.day(activity.day)
            w.pick(activity.kind, in: S.activityKinds); w.int(activity.count)
            let trained = activity.officersTrained.sorted { $0.key.rawValue < $1.key.rawValue }
            w.list(trained) { w, pair in w.pick(pair.key, in: S.officerKinds); w.int(pair.value) }
            w.string(activity.description); w.optional(activity.recorded) { $0.time($1) }
        }
        // As `list` writes them, each note made whole only as it is written.
        w.int(file.noteCount)
        file.forEachNote { note in
            w.string(note.entity); w.string(note.text); w.time(note.time); w.string(note.author)
        }
        w.list(file.links) { w, link in w.string(link.from); w.string(link.to) }
        w.list(file.exports) { w, export in
            w.string(export.id); w.string(export.format); w.string(export.destination)
            w.list(export.tables) { $0.string($1) }; w.int(export.records); w.bool(export.includesVictims)
            w.bool(export.restricted); w.string(export.recipient); w.string(export.reason)
        }
        // In code order, so the same case file always makes the same bytes.
        w.list(file.stampsByCode.sorted { $0.code < $1.code }) { w, stamped in
            let stamp = stamped.stamp
            w.string(stamped.code); w.string(stamp.createdBy); w.string(stamp.lastChangedBy); w.int(stamp.version)
            w.list(stamp.fieldChanges) { w, change in
                w.string(change.field); w.int(change.version); w.string(change.actor); w.time(change.time)
            }
            w.optional(stamp.downgrade) { w, d in
                w.pick(d.from, in: S.handlings); w.pick(d.to, in: S.handlings); w.string(d.actor); w.time(d.time); w.string(d.reason)
            }
        }
    }

    static func decode(_ r: inout SnapshotReader) throws(SnapshotDamaged) -> CaseFile {
        let users = try r.list { r throws(SnapshotDamaged) in
            var user = User(name: try r.string(), displayName: try r.string(), role: try r.pick(S.roles),
                            publicKey: try r.optional { r throws(SnapshotDamaged) in try r.string() })
            user.removed = try r.bool()
            return user
        }
        let agencies = try r.list { r throws(SnapshotDamaged) in
            Agency(code: try r.string(), name: try r.string(), country: try r.country(), kind: try r.pick(S.agencyKinds),
                   handling: try r.pick(S.handlings))
        }
        let focalPoints = try r.list { r throws(SnapshotDamaged) in
            FocalPoint(
                code: try r.string(), name: try r.string(), agency: try r.string(), country: try r.country(),
                role: try r.pick(S.focalRoles), channels: try r.list { r throws(SnapshotDamaged) in try r.string() },
                timeZone: try r.string(), languages: try r.list { r throws(SnapshotDamaged) in try r.string() },
                since: try r.day(), until: try r.optional { r throws(SnapshotDamaged) in try r.day() },
                handling: try r.pick(S.handlings))
        }
        let networks = try r.list { r throws(SnapshotDamaged) in
            Network(
                code: try r.string(), name: try r.string(), aliases: try r.list { r throws(SnapshotDamaged) in try r.string() },
                crimeTypes: try r.list { r throws(SnapshotDamaged) in try r.pick(S.crimeTypes) },
                sectors: try r.list { r throws(SnapshotDamaged) in try r.pick(S.sectors) },
                route: try r.list { r throws(SnapshotDamaged) in try r.country() }, modusOperandi: try r.string(),
                reliability: try r.pick(S.reliabilities), accuracy: try r.pick(S.accuracies),
                status: try r.pick(S.networkStatuses), handling: try r.pick(S.handlings))
        }
        let suspects = try r.list { r throws(SnapshotDamaged) in
            Suspect(
                reference: try r.string(), aliases: try r.list { r throws(SnapshotDamaged) in try r.string() },
                nationality: try r.country(), network: try r.optional { r throws(SnapshotDamaged) in try r.string() },
                role: try r.pick(S.networkRoles), status: try r.pick(S.suspectStatuses), handling: try r.pick(S.handlings))
        }
        let victims = try r.list { r throws(SnapshotDamaged) in
            Victim(
                reference: try r.string(), nationality: try r.country(), sex: try r.pick(S.sexes),
                ageBand: try r.pick(S.ageBands), exploitation: try r.pick(S.crimeTypes), sector: try r.pick(S.sectors),
                assistance: try r.list { r throws(SnapshotDamaged) in try r.pick(S.assistances) },
                consentToShare: try r.bool(), handling: try r.pick(S.handlings))
        }
        let investigations = try r.list { r throws(SnapshotDamaged) in
            var investigation = JointInvestigation(
                code: try r.string(), title: try r.string(), lead: try r.country(),
                partners: try r.list { r throws(SnapshotDamaged) in try r.country() },
                targetNetworks: try r.list { r throws(SnapshotDamaged) in try r.string() },
                legalBasis: try r.pick(S.legalBases), start: try r.day(), end: try r.day(),
                status: try r.pick(S.investigationStatuses), handling: try r.pick(S.handlings),
                teamLeaders: try r.list { r throws(SnapshotDamaged) in try r.string() })
            investigation.extensions = try r.list { r throws(SnapshotDamaged) in
                Extension(day: try r.day(), newEnd: try r.day(), consentRecorded: try r.bool())
            }
            investigation.actionItems = try r.list { r throws(SnapshotDamaged) in
                ActionItem(id: try r.int(), item: try r.string(), owner: try r.country(), due: try r.day(),
                           status: try r.pick(S.actionStatuses))
            }
            return investigation
        }
        let enquiries = try r.list { r throws(SnapshotDamaged) in
            var enquiry = Enquiry(
                reference: try r.string(), requesting: try r.country(), requested: try r.country(),
                channel: try r.pick(S.channels), priority: try r.pick(S.priorities), subject: try r.string(),
                drafted: .init(secondsSinceEpoch: 0), due: .init(secondsSinceEpoch: 0), handling: .h0)
            enquiry.status = try r.pick(S.enquiryStatuses)
            enquiry.drafted = try r.time()
            enquiry.due = try r.time()
            enquiry.handling = try r.pick(S.handlings)
            enquiry.sent = try r.optional { r throws(SnapshotDamaged) in try r.time() }
            enquiry.acknowledged = try r.optional { r throws(SnapshotDamaged) in try r.time() }
            enquiry.answered = try r.optional { r throws(SnapshotDamaged) in try r.time() }
            enquiry.revisedDue = try r.optional { r throws(SnapshotDamaged) in try r.time() }
            enquiry.lastChased = try r.optional { r throws(SnapshotDamaged) in try r.time() }
            enquiry.chases = try r.int()
            enquiry.coerciveMeasures = try r.list { r throws(SnapshotDamaged) in try r.pick(S.coerciveMeasures) }
            enquiry.answer = try r.optional { r throws(SnapshotDamaged) in try r.string() }
            enquiry.sentRecorded = try r.optional { r throws(SnapshotDamaged) in try r.time() }
            return enquiry
        }
        let referrals = try r.list { r throws(SnapshotDamaged) in
            var referral = Referral(
                reference: try r.string(), kind: try r.pick(S.referralKinds), issuingNCB: try r.country(),
                recipients: try r.list { r throws(SnapshotDamaged) in try r.country() }, subject: try r.string(),
                interpolReference: try r.optional { r throws(SnapshotDamaged) in try r.string() }, handling: .h0)
            referral.status = try r.pick(S.referralStatuses)
            referral.handling = try r.pick(S.handlings)
            return referral
        }
        let operations = try r.list { r throws(SnapshotDamaged) in
            Operation(
                code: try r.string(), name: try r.string(), start: try r.day(), end: try r.day(),
                countries: try r.list { r throws(SnapshotDamaged) in try r.country() },
                organisations: try r.list { r throws(SnapshotDamaged) in try r.string() },
                coChairs: try r.list { r throws(SnapshotDamaged) in try r.country() }, handling: try r.pick(S.handlings))
        }
        let outcomes = try r.list { r throws(SnapshotDamaged) in
            var outcome = Outcome(investigation: try r.optional { r throws(SnapshotDamaged) in try r.string() }, country: try r.country(),
                                  day: try r.day(), kind: try r.pick(S.outcomeKinds), count: try r.int())
            outcome.recorded = try r.optional { r throws(SnapshotDamaged) in try r.time() }
            return outcome
        }
        let activities = try r.list { r throws(SnapshotDamaged) in
            let operation = try r.optional { r throws(SnapshotDamaged) in try r.string() }
            let (country, day, kind, count) = (try r.country(), try r.day(), try r.pick(S.activityKinds), try r.int())
            var trained: [OfficerKind: Int] = [:]
            for _ in 0..<(try r.count()) { trained[try r.pick(S.officerKinds)] = try r.int() }
            var activity = Activity(operation: operation, country: country, day: day, kind: kind, count: count,
                                    officersTrained: trained, description: try r.string())
            activity.recorded = try r.optional { r throws(SnapshotDamaged) in try r.time() }
            return activity
        }
        // Into the case file's pages one at a time: a list of them all first held every text twice.
        var notes = NoteBook()
        for _ in 0..<(try r.count()) {
            notes.append(Note(entity: try r.string(), text: try r.string(), time: try r.time(), author: try r.string()))
        }
        let links = try r.list { r throws(SnapshotDamaged) in Link(from: try r.string(), to: try r.string()) }
        let exports = try r.list { r throws(SnapshotDamaged) in
            ExportRecord(
                id: try r.string(), format: try r.string(), destination: try r.string(),
                tables: try r.list { r throws(SnapshotDamaged) in try r.string() }, records: try r.int(),
                includesVictims: try r.bool(), restricted: try r.bool(), recipient: try r.string(), reason: try r.string())
        }
        var stamps: [String: RecordStamp] = [:]
        for (code, stamp) in try r.list({ r throws(SnapshotDamaged) in
            (try r.string(), RecordStamp(
                createdBy: try r.string(), lastChangedBy: try r.string(), version: try r.int(),
                fieldChanges: try r.list { r throws(SnapshotDamaged) in
                    FieldChange(field: try r.string(), version: try r.int(), actor: try r.string(), time: try r.time())
                },
                downgrade: try r.optional { r throws(SnapshotDamaged) in
                    HandlingDowngrade(from: try r.pick(S.handlings), to: try r.pick(S.handlings), actor: try r.string(),
                                      time: try r.time(), reason: try r.string())
                }))
        }) { stamps[code] = stamp }
        // A stamp for each network, investigation, enquiry and referral.
        guard stamps.count == networks.count + investigations.count + enquiries.count + referrals.count else {
            throw SnapshotDamaged(reason: "its records' stamps do not match its records")
        }
        return CaseFile(
            users: users, agencies: agencies, focalPoints: focalPoints, networks: networks, suspects: suspects,
            victims: victims, investigations: investigations, enquiries: enquiries, referrals: referrals,
            operations: operations, outcomes: outcomes, activities: activities, notes: notes, links: links,
            exports: exports, stamps: stamps)
    }
}
