import Testing
@testable import TandemCore

@Suite struct EnquiryDraftTests {
    let now = Timestamp(iso8601: "2015-10-05T10:00:00Z")!

    func draft(_ change: (inout EnquiryDraft) -> Void = { _ in }) -> EnquiryDraft {
        var d = EnquiryDraft()
        d.reference = "aus/tha/15-031"
        d.requesting = "AUS"
        d.requested = "tha"
        d.channel = "liaison officer"
        d.subject = "  Crew lists for vessels  "
        change(&d)
        return d
    }

    func refusal(_ d: EnquiryDraft) -> Refusal? {
        do { _ = try d.enquiry(draftedAt: now, zone: .utc); return nil } catch { return error }
    }

    @Test func validDraftBecomesEnquiry() throws {
        let e = try draft().enquiry(draftedAt: now, zone: .utc)
        #expect(e.reference == "AUS/THA/15-031")
        #expect(e.requesting.code == "AUS")
        #expect(e.requested.code == "THA")
        #expect(e.channel == .liaisonOfficer)
        #expect(e.priority == .routine)
        #expect(e.subject == "Crew lists for vessels")
        #expect(e.status == .draft)
        #expect(e.handling == .h2)
        // No due date given: the channel's default for routine, seven days.
        #expect(e.due == now.adding(days: 7))
    }

    @Test func defaultDueDependsOnChannelAndPriority() throws {
        #expect(try draft { $0.priority = "urgent" }.enquiry(draftedAt: now, zone: .utc).due == now.adding(seconds: 8 * 3600))
        #expect(try draft { $0.channel = "mla" }.enquiry(draftedAt: now, zone: .utc).due == now.adding(days: 30))
    }

    /// A due date is typed where the officer is: 17:00 in Bangkok is 10:00 UTC, and a date
    /// alone is due by the end of that day there. An exact time keeps its own zone.
    @Test func aDueDateIsTypedWhereTheOfficerIs() throws {
        let bangkok = OfficerZone(name: "Asia/Bangkok", rules: .fixed(["Asia/Bangkok": 7 * 3600]))
        #expect(try draft { $0.due = "2015-10-20 17:00" }.enquiry(draftedAt: now, zone: bangkok).due == Timestamp(iso8601: "2015-10-20T10:00:00Z"))
        #expect(try draft { $0.due = "2015-10-20" }.enquiry(draftedAt: now, zone: bangkok).due == Timestamp(iso8601: "2015-10-20T16:59:59Z"))
        #expect(try draft { $0.due = "2015-10-20T17:00:00Z" }.enquiry(draftedAt: now, zone: bangkok).due == Timestamp(iso8601: "2015-10-20T17:00:00Z"))
        #expect(draft { $0.due = "2015-10-20 17:00" }.problems(draftedAt: now, zone: bangkok).isEmpty)
    }

    @Test func eachBadFieldIsNamed() {
        #expect(refusal(draft { $0.reference = "" }) == Refusal(field: "reference", reason: "is required"))
        #expect(refusal(draft { $0.reference = "15 031" })?.field == "reference")
        #expect(refusal(draft { $0.requesting = "" })?.field == "requesting country")
        let unknown = refusal(draft { $0.requested = "THL" })
        #expect(unknown?.field == "requested country")
        #expect(unknown?.reason.contains("unknown country code \"THL\"") == true)
        #expect(refusal(draft { $0.channel = "carrier pigeon" })?.field == "channel")
        #expect(refusal(draft { $0.priority = "whenever" })?.field == "priority")
        #expect(refusal(draft { $0.subject = "   " }) == Refusal(field: "subject", reason: "is required"))
        let date = refusal(draft { $0.due = "soon" })
        #expect(date?.field == "due date")
        #expect(date?.reason.contains("\"soon\" is not a date") == true)
        #expect(refusal(draft { $0.handling = "secret" })?.field == "handling")
    }

    @Test func countryCodesAreTheIsoList() {
        #expect(CountryCode.all.count == 249)
        for code in ["AUS", "IDN", "MYS", "MDV", "NZL", "PHL", "LKA", "THA", "MMR", "VNM"] {
            #expect(CountryCode(code) != nil, "\(code)")
        }
        #expect(CountryCode("XXX") == nil)
        #expect(CountryCode("TH") == nil)
        #expect(CountryCode("lka")?.name == "Sri Lanka")
    }

    /// A code is held in two bytes: each of the list's codes reads back as
    /// itself, equal and hashed alike only to itself, in alphabetical order.
    @Test func aCountryCodeIsTwoBytesAndReadsBackAsItsLetters() {
        #expect(MemoryLayout<CountryCode>.size == 2)
        let codes = CountryCode.all
        #expect(codes.map(\.code) == codes.map(\.code).sorted())
        #expect(codes == codes.sorted())
        for (index, country) in codes.enumerated() {
            #expect(CountryCode(country.code) == country && country.code.utf8.count == 3)
            #expect(CountryCode(country.code.lowercased()) == country)
            if index > 0 { #expect(codes[index - 1] < country && codes[index - 1] != country) }
        }
        #expect(Set(codes).count == 249)
        #expect(Set(codes.map(\.hashValue)).count > 240)
        #expect("\(CountryCode("THA")!)" == "THA")
    }

    /// Held to the list of names (the plain way: upper-case the text, look it up) over every three
    /// ASCII letters in either case, with non-letters, other lengths and non-ASCII refused.
    @Test func aCountryCodeIsKnownByItsLettersAsTheListOfNamesKnowsIt() {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for a in letters { for b in letters { for c in letters {
            for spelling in [[a, b, c], [a | 0x20, b, c | 0x20]] {
                let text = String(decoding: spelling, as: UTF8.self)
                let known = CountryCode.names[text.uppercased()] != nil
                #expect((spelling.withUnsafeBufferPointer { CountryCode(utf8: $0) } != nil) == known, "\(text)")
                #expect((CountryCode(text) != nil) == known, "\(text)")
            }
        } } }
        for refused in ["TH", "THAI", "", "TH1", "T@A", "TH[", "TH`", "TH{", "ıDN", "IDN ", " IDN"] {
            #expect(CountryCode(refused) == nil, "\(refused)")
        }
        #expect(CountryCode("idn") == CountryCode("IDN") && CountryCode("iDn") != nil)
    }
}
