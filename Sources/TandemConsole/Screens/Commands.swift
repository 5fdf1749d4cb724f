import TandemCore

/// The `:` commands.
enum Commands {
    static let summary = "goto CODE, find TEXT, filter QUERY, messages, unit, help, quit"

    static func run(_ text: String, _ state: inout ConsoleState, _ lists: ListCache) -> [Effect] {
        let words = text.trimmingWhitespace.split(separator: " ", maxSplits: 1).map(String.init)
        guard let verb = words.first?.lowercased() else { return [] }
        let argument = words.count > 1 ? words[1].trimmingWhitespace : ""
        switch verb {
        case "goto", "g":
            return goto(argument, &state, lists)
        case "filter", "f":
            guard state.pane.isList else {
                state.message = .error(":filter works on the list panes (1–4).")
                return []
            }
            if let problem = RecordFilter.problem(in: argument, pane: state.pane) {
                state.message = .error(":filter: \(problem)")
                return []
            }
            state.stack.removeAll { if case .detail = $0 { false } else { true } }
            state.filter = argument
            Selection.refresh(&state, lists: lists)
            state.message = .info(argument.isEmpty ? "Filter cleared."
                                  : "Filter: \(argument) (\(NumberText.count(state.visibleRecords.count)) of \(NumberText.count(state.pane.recordCount(in: state.caseFile))))")
        case "find":
            find(argument, &state)
        case "messages", "m":
            state.stack.append(.messages(MessagesScreen()))
        case "unit", "u":
            state.stack.append(.unit(UnitScreen()))
        case "help", "h":
            state.stack.append(.help(HelpScreen(about: state.screenKind)))
        case "quit", "q":
            return Update.perform(.quit, key: .enter, &state, lists)
        default:
            state.message = .error(":\(verb): unknown command (\(summary)).")
        }
        return []
    }

    /// `:find TEXT`: the words looked for in every list pane, as the filter looks for words.
    static func find(_ text: String, _ state: inout ConsoleState) {
        let words = text.split(separator: " ").filter { !$0.contains(":") }.joined(separator: " ")
        guard !words.isEmpty else {
            state.message = .error(":find: give words to look for in every pane's codes, names, titles and subjects.")
            return
        }
        var matches: [FoundScreen.Match] = []
        for pane in Pane.allCases where pane.isList {
            for index in ListCache().visible(pane: pane, caseFile: state.caseFile, now: state.now, zone: state.zone, filter: words, sort: nil) {
                let code = PaneRecords.code(of: index, in: pane, state.caseFile)
                matches.append(FoundScreen.Match(pane: pane, code: code, title: PaneRecords.title(of: code, state.caseFile)))
            }
        }
        state.stack.append(.found(FoundScreen(query: words, matches: matches)))
        let panes = Set(matches.map(\.pane)).count
        state.message = .info(":find \(words): \(NumberText.count(matches.count, "record", "records")) in \(NumberText.count(panes, "pane", "panes")).")
    }

    /// `:goto CODE`: the record selected in its pane; from a record in full, that record in full.
    static func goto(_ argument: String, _ state: inout ConsoleState, _ lists: ListCache) -> [Effect] {
        let code = argument.uppercased()
        if let reason = state.withheldReason(code) {
            state.message = .error(":goto: \(reason)")
            return []
        }
        guard let pane = PaneRecords.pane(of: code, state.caseFile) else {
            state.message = .error(":goto: no network, investigation, enquiry or referral \"\(argument)\" in this journal.")
            return []
        }
        let wasInFull = state.detail != nil
        state.stack = []
        state.pane = pane
        state.list.selected = code
        // A filter that hides it gives way (the list kept between frames says, as the next frame will draw it).
        if let index = PaneRecords.index(of: code, in: pane, state.caseFile),
           !lists.visible(pane: pane, caseFile: state.caseFile, now: state.now, zone: state.zone, filter: state.filter, sort: state.sort, user: state.user).contains(index) {
            state.filter = ""
        }
        state.message = .info("\(code) in \(pane.title).")
        guard wasInFull else { return [] }
        state.stack = [.detail(DetailScreen(pane: pane, code: code))]
        return [.loadHistory(code: code)]
    }
}
