import Testing
import TandemCore
import TandemSample

/// What an officer off the roster may read: the case file less the records marked
/// H2, H3 or TLP:RED and every victim, with what is about them.
@Suite struct WithholdingTests {
    static let whole = CaseFile(replaying: SampleScenario.events())

    @Test func onTheRosterOrWithNoRosterNothingIsWithheld() throws {
        #expect(Self.whole.withholding(from: "liaison") == nil)
        #expect(Self.whole.withholding(from: "k.perera") == nil)
        var alone = CaseFile()
        let network = Network(code: "NET-1", name: "Net", crimeTypes: [.migrantSmuggling], sectors: [.fishing],
                              route: [CountryCode("THA")!], handling: .tlpRed)
        alone.apply(try alone.decide(.networkCreated(network), by: "anyone", at: SampleScenario.screensNow)[0])
        #expect(alone.withholding(from: "anyone") == nil, "a journal with no roster is one officer's: they read it all")
    }

    @Test func offTheRosterTheRestrictedRecordsAndWhatIsAboutThemAreWithheld() throws {
        let whole = Self.whole
        let kept = try #require(whole.withholding(from: "visitor"))
        let readable = kept.readable
        // Every record marked H2, H3 or TLP:RED, and every victim, is withheld, and nothing else.
        var restricted: [String: Restriction] = [:]
        for n in whole.networks.all where n.handling.isRestricted { restricted[n.code] = .marked(n.handling) }
        for i in whole.investigations.all where i.handling.isRestricted { restricted[i.code] = .marked(i.handling) }
        for e in whole.enquiries.all where e.handling.isRestricted { restricted[e.reference] = .marked(e.handling) }
        for r in whole.referrals.all where r.handling.isRestricted { restricted[r.reference] = .marked(r.handling) }
        for s in whole.suspects.all where s.handling.isRestricted { restricted[s.reference] = .marked(s.handling) }
        for a in whole.agencies.all where a.handling.isRestricted { restricted[a.code] = .marked(a.handling) }
        for f in whole.focalPoints.all where f.handling.isRestricted { restricted[f.code] = .marked(f.handling) }
        for o in whole.operations.all where o.handling.isRestricted { restricted[o.code] = .marked(o.handling) }
        for v in whole.victims.all { restricted[v.reference] = .victim }
        #expect(!restricted.isEmpty && restricted.values.contains(.marked(.tlpRed)) && restricted.values.contains(.victim),
                "the sample holds restricted records of several kinds")
        #expect(kept.withheld == restricted)
        #expect(readable.recordCount + kept.count == whole.recordCount)
        #expect(readable.victims.count == 0)
        for code in restricted.keys { #expect(!readable.isCodeInUse(code) && readable.isRestricted(code) == false) }
        // What is kept is kept whole: the same records, with the same stamps (who changed them, their version).
        #expect(readable.networks.all == whole.networks.all.filter { !$0.handling.isRestricted })
        #expect(readable.enquiries.all == whole.enquiries.all.filter { !$0.handling.isRestricted })
        for e in readable.enquiries.all { #expect(readable.stamp(of: e.reference) == whole.stamp(of: e.reference)) }
        #expect(readable.users == whole.users && readable.exports == whole.exports)
        // Notes, links, outcomes and activities about a withheld record go with it.
        #expect(readable.notes == whole.notes.filter { restricted[$0.entity] == nil })
        #expect(readable.notes.count < whole.notes.count)
        #expect(readable.links == whole.links.filter { restricted[$0.from] == nil && restricted[$0.to] == nil })
        #expect(readable.outcomes == whole.outcomes.filter { $0.investigation.map { restricted[$0] == nil } ?? true })
        #expect(readable.activities == whole.activities.filter { $0.operation.map { restricted[$0] == nil } ?? true })
    }

    @Test func aRecordMarkedDownIsReadOnceItIsNoLongerRestricted() throws {
        var whole = Self.whole
        let red = try #require(whole.networks.all.first { $0.handling == .tlpRed })
        #expect(whole.withholding(from: "visitor")?.withheld[red.code] == .marked(.tlpRed))
        var lowered = red
        lowered.handling = .tlpAmber
        let events = try whole.decide(Proposal(.networkRevised(lowered), reason: "cleared for the partners"),
                                      by: "k.perera", at: SampleScenario.screensNow)
        for event in events { whole.apply(event) }
        let kept = try #require(whole.withholding(from: "visitor"))
        #expect(kept.withheld[red.code] == nil)
        #expect(kept.readable.networks[red.code]?.handling == .tlpAmber)
    }

    /// An event carried over to the readable part: applied there when what it touches may be
    /// read; kept back (a record created restricted joining what is withheld) when it may not;
    /// refused, for the whole to be worked out again, when it changes what may be read.
    @Test func anEventIsCarriedOverOrTheReadablePartWorkedOutAgain() throws {
        var whole = Self.whole
        let start = try #require(whole.withholding(from: "visitor"))
        var readable = start.readable
        var withheld = start.withheld
        let now = SampleScenario.screensNow
        let open = try #require(readable.enquiries.all.first).reference
        let closed = try #require(withheld.keys.first { whole.enquiries.contains($0) })
        func carry(_ change: Change) -> Bool {
            let event = Event(time: now, actor: "k.perera", change: change)
            whole.apply(event)
            return readable.carryOver(event, from: whole, withheld: &withheld)
        }
        #expect(carry(.noteAdded(entity: open, text: "Seen")))
        #expect(readable.notes.last?.text == "Seen" && readable.version(of: open) == whole.version(of: open))
        #expect(carry(.noteAdded(entity: closed, text: "Not for the visitor")))
        #expect(readable.notes.last?.text == "Seen")
        var red = try #require(whole.networks.all.first { !$0.handling.isRestricted })
        red.code = "NET-NEW1"
        red.handling = .tlpRed
        #expect(carry(.networkCreated(red)))
        #expect(withheld["NET-NEW1"] == .marked(.tlpRed) && readable.networks["NET-NEW1"] == nil)
        #expect(readable.enquiries.all == whole.withholding(from: "visitor")?.readable.enquiries.all)
        #expect(!carry(.enquiryEdited(reference: open, EnquiryEdit(handling: .h3))), "marked up: worked out again")
        #expect(!carry(.userAdded(User(name: "visitor", displayName: "Visitor", role: .investigator))), "the roster changed")
    }
}
