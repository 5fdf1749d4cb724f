import Testing
import TandemCore
import TandemSample
@testable import TandemConsole

/// The bindings table is the only way a key acts: each binding dispatches to
/// its action on its screens, no binding hides another's key with a different
/// action, and a key no binding takes on a screen changes nothing there.
@Suite struct BindingsTests {
    /// A state with the screen on top, on a pane the binding works on, its list
    /// selection away from both ends so that every move can happen.
    static func state(on screen: ScreenKind, pane: Pane?) -> ConsoleState {
        var state = sampleState()
        state.user = "k.perera"
        let listPane = pane ?? .enquiries
        func go(_ keys: [Key]) { press(keys, &state) }
        go([.character(Character(String(listPane.rawValue + 1))), .character("j"), .character("j")])
        switch screen {
        case .list: break
        case .dashboard: go([.character("5"), .character("j"), .character("j")])
        case .detail:
            go([.enter])
            let code = state.detail!.code
            let history = (0..<40).map { HistoryEntry(sequence: $0 + 1, time: state.now, actor: "liaison", summary: "note.added: \($0)",
                                                       linkedTo: $0 == 20 ? "JIT-TRAWLER" : nil) }
            _ = update(&state, .history(code: code, history))
            go([.pageDown, .down])
        case .form: go([.character("n")])
        case .statusPicker:
            go([.character(":")] + typing("goto AUS/PHL/15-114") + [.enter, .character("s"), .down])
        case .linkPicker: go([.character("l"), .down])
        case .filterPrompt: go([.character("/")] + typing("crew"))
        case .commandPrompt: go([.character(":")] + typing("goto"))
        case .note: go([.character("a")] + typing("one") + [.enter] + typing("two"))
        case .confirm: go([.character(":")] + typing("goto THA/IDN/15-031") + [.enter, .character("s"), .enter])
        case .confirmWithReason:
            go([.character(":")] + typing("goto AUS/PHL/15-114") + [.enter, .character("s")])
            let withdrawn = state.picker!.options.firstIndex { $0.label == "withdrawn" }!
            go(Array(repeating: .down, count: withdrawn) + [.enter])
        case .found: go([.character(":")] + typing("find crew") + [.enter, .character("j")])
        case .help: go([.character("?"), .character("j")])
        case .unit: go([.character("U"), .character("j")])
        case .messages:
            for i in 0..<60 { state.message = .info("message \(i)") }
            go([.character(":")] + typing("messages") + [.enter, .character("j")])
        }
        #expect(state.screenKind == screen, "could not reach \(screen)")
        return state
    }

    @Test func everyBindingDispatchesOnEveryScreenItNames() {
        for binding in Bindings.table {
            for screen in binding.screens.sorted(by: { $0.rawValue < $1.rawValue }) {
                for case .key(let key) in binding.keys {
                    let pane = binding.panes.first
                    var state = Self.state(on: screen, pane: pane)
                    if binding.action == .goToPane, key == .character(Character(String(state.pane.rawValue + 1))) { continue }
                    Self.prepare(for: binding.action, &state)
                    let found = Bindings.binding(for: key, screen: screen, pane: Update.bindingPane(state))
                    #expect(found?.action == binding.action, "\(key.label) on \(screen): \(String(describing: found?.action)) shadows \(binding.action)")
                    let before = state
                    let effects = update(&state, .key(key))
                    #expect(state != before || !effects.isEmpty, "\(key.label) on \(screen) (\(binding.action)) did nothing")
                }
            }
        }
    }

    /// Something for the action to act on: text with the cursor in its middle,
    /// a line below the cursor, a filter to clear.
    static func prepare(for action: Action, _ state: inout ConsoleState) {
        switch action {
        case .type: press(typing("abcd") + [.left, .left], &state)
        case .choiceLeft, .choiceRight: press(typing("abcd") + [.left], &state)
        case .lineDown: press([.up], &state)
        case .clearFilter:
            state.filter = "crew"
            refresh(&state)
        default: break
        }
    }

    @Test func aKeyNoBindingTakesChangesNothingButTheMessage() {
        let strays: [Key] = [.function(7), .unknown(27), .control("z"), .character("§")]
        for screen in ScreenKind.allCases where !screen.takesText {
            for key in strays where Bindings.binding(for: key, screen: screen, pane: .enquiries) == nil {
                var state = Self.state(on: screen, pane: .enquiries)
                var before = state
                let effects = update(&state, .key(key))
                #expect(effects.isEmpty)
                #expect(state.message?.text.hasSuffix("? lists the keys.") == true)
                before.message = state.message
                #expect(state == before, "\(key.label) changed \(screen)")
            }
        }
    }

    @Test func theFooterAndHelpComeFromTheTable() {
        for screen in ScreenKind.allCases {
            let state = Self.state(on: screen, pane: .enquiries)
            let footer = Bindings.footer(on: screen, pane: Update.bindingPane(state), readOnly: false)
            for hint in footer {
                #expect(Bindings.table.contains { $0.footer == hint.words && $0.screens.contains(screen) })
            }
            if screen != .filterPrompt && screen != .commandPrompt {
                let text = render(state).text
                let shown = footer.filter { text.contains("\($0.key) \($0.words)") }
                #expect(!shown.isEmpty || footer.isEmpty, "the footer of \(screen) shows none of its hints")
            }
        }
        let help = OverlayView.helpLines(HelpScreen(about: .list), state: sampleState())
        for binding in Bindings.shown(on: .list, pane: .networks, readOnly: false) {
            #expect(help.contains { $0.keys == binding.label && $0.text == binding.help })
        }
    }

    /// A line of hints too long for its room leaves whole hints out from the
    /// right, not one cut in the middle; a box keeps how to leave it, the
    /// footer keeps help (which lists every key).
    @Test func hintsThatDoNotFitAreLeftOutWhole() {
        let whole = Bindings.hints(on: .unit)
        #expect(whole.hasSuffix("Esc close"))
        for width in [20, 40, 60, TextWidth.columns(whole)] {
            let fitted = Bindings.hints(on: .unit, fitting: width)
            #expect(TextWidth.columns(fitted) <= width || !fitted.contains(" · "), "\(width): \(fitted)")
            #expect(fitted.hasSuffix("Esc close"))
            #expect(fitted.components(separatedBy: " · ").allSatisfy { whole.components(separatedBy: " · ").contains($0) })
        }
        #expect(Bindings.hints(on: .unit, fitting: TextWidth.columns(whole)) == whole)
        var state = Self.state(on: .list, pane: .investigations)
        for width in [60, 80, 100] {
            state.width = width
            let footer = render(state).lines[Layout(width: width, height: state.height).footerRow]
            #expect(footer.contains("? help") && !footer.contains("…"), "\(width): \(footer)")
        }
    }
}
