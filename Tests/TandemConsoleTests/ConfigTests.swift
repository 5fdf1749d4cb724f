import Testing
import TandemCore
import TandemSample
import TestSupport
@testable import TandemConsole

/// The config file: what it sets, where each value came from, what a bad one says.
@Suite struct ConfigTests {
    func parsed(_ text: String) throws -> Settings { try ConfigFile.parse(text).get() }

    func problem(_ text: String) -> ConfigProblem? {
        if case .failure(let problem) = ConfigFile.parse(text) { problem } else { nil }
    }

    @Test func theTemplateIsAllCommentedDefaults() throws {
        let settings = try parsed(ConfigFile.template)
        #expect(settings == Settings())
    }

    @Test func valuesAndWhereTheyCameFrom() throws {
        let settings = try parsed("""
            user = "k.perera"
            keys-folder = "/media/usb/tandem-keys"
            time-zone = "Asia/Colombo"
            theme = "high-contrast"
            mouse = false
            [dashboard]
            operation = "jpa-2015"
            [due.mla]
            routine = "60d"
            [due.police-to-police]
            urgent = "4h"
            [keys]
            new-record = "N"
            quit = ["Q", "ctrl-c"]
            """)
        #expect(settings.user == "k.perera" && settings.theme == .highContrast && !settings.mouse)
        #expect(settings.dashboardOperation == "JPA-2015")
        #expect(settings.keysFolder == "/media/usb/tandem-keys" && settings.timeZone == "Asia/Colombo")
        #expect(settings.sources["keys-folder"] == .file && settings.sources["time-zone"] == .file)
        #expect(settings.answerTimes == ["mla.routine": 60 * 86_400, "police-to-police.urgent": 4 * 3600])
        #expect(settings.keys["new-record"] == [.character("N")] && settings.keys["quit"] == [.character("Q"), .control("c")])
        #expect(settings.sources["theme"] == .file && settings.sources["keys.quit"] == .file && settings.sources["due.mla.routine"] == .file)
        #expect(settings.sources["due.mla.urgent"] == nil, "unset values are the defaults")
    }

    @Test func aBadFileNamesTheLineAndTheKey() {
        #expect(problem("user = \"k.perera\"\ntheme = \"neon\"\n") == ConfigProblem(line: 2, key: "theme", reason: "is one of: \"standard\", \"high-contrast\", \"monochrome\""))
        #expect(problem("colour = 3\n")?.description.hasPrefix("line 1, colour: unknown setting") == true)
        #expect(problem("\n[due.mla]\nroutine = 30\n")?.description == "line 3, due.mla.routine: is a length of time in quotes, such as \"8h\", \"7d\" or \"2w\"")
        #expect(problem("[due.fax]\nroutine = \"1d\"\n")?.description.hasPrefix("line 1, due.fax: no such channel") == true)
        #expect(problem("[keys]\nlaunch = \"L\"\n")?.description.hasPrefix("line 2, keys.launch: no such action") == true)
        #expect(problem("[keys]\nquit = \"ctrl-1\"\n")?.description.hasPrefix("line 2, keys.quit: \"ctrl-1\" is not a key") == true)
        #expect(problem("user = \n")?.line == 1, "a syntax error names its line")
        #expect(problem("keys-folder = \"keys\"\n")?.description.hasPrefix("line 1, keys-folder: is a folder's full path in quotes") == true)
        #expect(problem("time-zone = \"Asia/Bangkok; rm\"\n")?.description.hasPrefix("line 1, time-zone: is a zone's name in quotes") == true)
        #expect(problem("user = \"not a name!\"\n")?.key == "user")
    }

    @Test func twoActionsOnOneKeyAreRefusedNamingBoth() {
        let found = problem("[keys]\nnew-record = \"s\"\n")
        #expect(found?.key == "keys")
        #expect(found?.reason == "s would do both change-status and new-record on the list", "\(String(describing: found))")
        // Moving the other action off the key too makes it good.
        #expect(problem("[keys]\nnew-record = \"s\"\nchange-status = \"S\"\n") == nil)
    }

    @Test func reboundKeysDispatchAndShowInTheFooterAndHelp() throws {
        var state = sampleState()
        try state.apply(parsed("[keys]\nnew-record = \"N\"\n"))
        press([.character("3"), .character("n")], &state)
        #expect(state.form == nil && state.message?.text.contains("does nothing") == true)
        press([.character("N")], &state)
        #expect(state.form?.title == "New enquiry")
        press([.escape], &state)
        #expect(render(state).text.contains("N new"))
        press([.character("?")], &state)
        #expect(render(state).text.contains("a new record of the pane's kind"))
    }

    @Test func dueDefaultsByChannelAndPriority() throws {
        var state = sampleState()
        state.user = "k.perera"
        try state.apply(parsed("[due.police-to-police]\nroutine = \"3d\"\n"))
        let effects = press([.character("3"), .character("n")] + typing("AUS/THA/15-900") + [.tab] + typing("AUS") + [.tab]
                            + typing("THA") + [.tab, .tab, .tab] + typing("Subscriber check") + [.control("s")], &state)
        guard case .enquiryCreated(let enquiry)? = effects.committedCommands.first else { Issue.record("no enquiry: \(effects)"); return }
        #expect(enquiry.due == state.now.adding(days: 3))
        #expect(enquiry.channel == .policeToPolice && enquiry.priority == .routine)
    }

    @Test func theDashboardShowsTheOperationTheSettingsName() throws {
        var state = sampleState()
        let other = try #require(sampleCaseFile.operations.all.first)
        try state.apply(parsed("[dashboard]\noperation = \"\(other.code)\"\n"))
        press([.character("5")], &state)
        #expect(render(state).text.contains(other.code))
        var unknown = sampleState()
        try unknown.apply(parsed("[dashboard]\noperation = \"NOPE-1\"\n"))
        press([.character("5")], &unknown)
        #expect(render(unknown).text.contains("JPA-2015"), "an operation not in the journal leaves the one under way")
    }

    @Test func aFileIsMadeOnceAndNeverReplaced() {
        let dir = TemporaryDirectory()
        let path = dir.path + "/config/tandem/config.toml"
        #expect(ConfigFile.createIfMissing(at: path))
        #expect(readText(path) == ConfigFile.template)
        writeBytes(path, Array("theme = \"monochrome\"\n".utf8))
        #expect(!ConfigFile.createIfMissing(at: path))
        #expect(readText(path) == "theme = \"monochrome\"\n")
    }
}
