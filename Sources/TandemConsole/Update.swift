import TandemCore

/// The console's one state transition: a message in, the new state and the
/// effects to run out. Pure: no I/O happens here.
public func update(_ state: inout ConsoleState, _ message: Message) -> [Effect] {
    switch message {
    case .history(let code, let entries):
        if state.detail == code { state.history = entries }
        return []
    case .resize(let width, let height):
        state.width = width
        state.height = height
        return []
    case .saved(let events):
        // Described before it is applied, so an edit names what it changed.
        let summary = events.last.map { state.caseFile.summary(of: $0.change) }
        for event in events { state.caseFile.apply(event) }
        state.form = nil
        if let last = events.last, let summary {
            let createdIn: Pane? = switch last.change {
            case .networkCreated: .networks
            case .investigationCreated: .investigations
            case .enquiryCreated: .enquiries
            case .referralCreated: .referrals
            default: nil
            }
            state.message = .info("Saved \(last.change.entity) to the journal" + (createdIn != nil ? "." : ": \(summary)."))
            if let pane = createdIn {
                state.pane = pane
                state.filter = ""
                state.sort = nil
                state.selectedIndex = pane.recordCount(in: state.caseFile) - 1
            }
        }
        return []
    case .arrived(let events):
        for event in events { state.caseFile.apply(event) }
        if !events.isEmpty {
            state.message = .info("\(events.count) change\(events.count == 1 ? "" : "s") arrived from another console.")
        }
        return []
    case .notice(let text):
        state.message = .info(text)
        return []
    case .refused(let refusal):
        showRefusal(refusal, &state)
        return []
    case .notSaved(let reason, let stopsWriting):
        if stopsWriting { state.readOnlyReason = "writing stopped after a failed save" }
        state.message = .error(reason)
        return []
    case .key(let key):
        if state.width < Layout.minimumWidth || state.height < Layout.minimumHeight {
            return key == .character("q") || key == .control("c") ? [.quit] : []
        }
        if state.form != nil { return updateForm(&state, key) }
        if state.showsHelp {
            if key == .escape || key == .character("?") || key == .character("q") { state.showsHelp = false }
            return []
        }
        if state.picker != nil { return updatePicker(&state, key) }
        if state.linkPicker != nil { return updateLinkPicker(&state, key) }
        if state.filterInput != nil { return updateFilter(&state, key) }
        if state.noteInput != nil { return updateNote(&state, key) }
        if state.commandInput != nil { return updateCommand(&state, key) }
        if state.detail != nil, key == .escape {
            state.detail = nil
            state.history = []
            return []
        }
        return updateList(&state, key)
    }
}

private func updateList(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    let count = state.visibleRecords.count
    let page = max(1, Layout(width: state.width, height: state.height).listRows)
    switch key {
    case .character("q"), .control("c"):
        return [.quit]
    case .character(let c) where ("1"..."5").contains(c):
        state.pane = Pane(rawValue: Int(String(c))! - 1)!
    case .tab:
        state.pane = state.pane.next
    case .backTab:
        state.pane = state.pane.previous
    case .character("j"), .down:
        state.selectedIndex = min(max(0, count - 1), (state.selectedRow ?? 0) + 1)
    case .character("k"), .up:
        state.selectedIndex = max(0, (state.selectedRow ?? 0) - 1)
    case .character("g"), .home:
        state.selectedIndex = 0
    case .character("G"), .end:
        state.selectedIndex = max(0, count - 1)
    case .pageDown, .control("f"):
        state.selectedIndex = min(max(0, count - 1), (state.selectedRow ?? 0) + page)
    case .pageUp, .control("b"):
        state.selectedIndex = max(0, (state.selectedRow ?? 0) - page)
    case .character("n") where state.pane.isList:
        let form: RecordForm = switch state.pane {
        case .networks: .newNetwork()
        case .investigations: .newInvestigation()
        case .referrals: .newReferral()
        default: .newEnquiry()
        }
        openForm(form, &state)
    case .character("e") where state.pane.isList:
        guard let code = state.selectedCode else { return [] }
        let caseFile = state.caseFile
        let form: RecordForm? = switch state.pane {
        case .networks: caseFile.networks[code].map { .editing($0) }
        case .investigations: caseFile.investigations[code].map { .editing($0) }
        case .enquiries: caseFile.enquiries[code].map { .editing($0) }
        case .referrals: caseFile.referrals[code].map { .editing($0) }
        case .dashboard: nil
        }
        if let form { openForm(form, &state) }
    case .character("i") where state.pane == .investigations, .character("r") where state.pane == .investigations:
        guard let code = state.selectedCode, let investigation = state.caseFile.investigations[code] else { return [] }
        openForm(key == .character("i") ? .newActionItem(for: investigation) : .newOutcome(for: investigation), &state)
    case .character("/") where state.pane.isList:
        state.filterInput = TextInput(state.filter)
        state.message = .info("Filter: status:sent to:THA overdue, or words from codes, names and subjects. Enter keeps it, Esc clears it.")
    case .character("?"):
        state.showsHelp = true
    case .character("o") where state.pane.isList, .character("O") where state.pane.isList:
        // o: sort by the next column; O: the other way round.
        let columns = PaneTables.columns(state.pane)
        if key == .character("O") {
            guard var sort = state.sort else { return [] }
            sort.descending.toggle()
            state.sort = sort
        } else {
            let next = (state.sort?.column ?? -1) + 1
            state.sort = next < columns.count ? SortOrder(column: next, descending: false) : nil
        }
        state.selectedIndex = 0
        state.message = .info(state.sort.map { "Sorted by \(columns[$0.column].title.lowercased())\($0.descending ? ", descending" : "")." }
                              ?? "In journal order.")
    case .character(":"):
        state.commandInput = TextInput()
        state.message = .info("Commands: goto CODE, filter QUERY, quit.")
    case .character("s") where state.pane.isList:
        openStatusPicker(&state)
    case .enter where state.pane.isList, .character("h") where state.pane.isList:
        guard let code = state.selectedCode else { return [] }
        state.detail = code
        state.history = []
        return [.loadHistory(code: code)]
    case .character("l") where state.pane.isList:
        guard let code = state.selectedCode else { return [] }
        state.linkPicker = LinkPicker(from: code)
        state.message = .info("Link \(code) to: type to narrow, ↑/↓ to choose, Enter links, Esc cancels.")
    case .character("a") where state.pane.isList:
        guard let code = state.selectedCode else { return [] }
        state.noteInput = TextInput()
        state.message = .info("Note on \(code): type it, Enter saves, Esc cancels.")
    case .character("c") where state.pane == .enquiries:
        guard let index = state.selectedRecord else { return [] }
        return decided(.enquiryChased(reference: state.caseFile.enquiries.all[index].reference), &state)
    case .escape:
        if !state.filter.isEmpty {
            state.filter = ""
            state.message = .info("Filter cleared.")
        } else {
            state.message = nil
        }
    default:
        break
    }
    return []
}

/// Checks a change as the core would; on a refusal says why and writes nothing.
private func decided(_ change: Change, _ state: inout ConsoleState) -> [Effect] {
    if let reason = state.readOnlyReason {
        state.message = .error("Not saved: the journal is read-only (\(reason)).")
        return []
    }
    do {
        _ = try state.caseFile.decide(change, by: state.user, at: state.now)
        return [.commit(change)]
    } catch {
        state.message = .error("Not saved: \(error.description).")
        return []
    }
}

private func updateLinkPicker(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    guard var picker = state.linkPicker else { return [] }
    let count = picker.candidates(in: state.caseFile).count
    switch key {
    case .escape:
        state.linkPicker = nil
        state.message = .info("Nothing linked.")
        return []
    case .enter:
        let candidates = picker.candidates(in: state.caseFile)
        guard !candidates.isEmpty else { return [] }
        let to = candidates[min(picker.selected, candidates.count - 1)].code
        state.linkPicker = nil
        return decided(.linkAdded(Link(from: picker.from, to: to)), &state)
    case .down, .tab: picker.selected = count == 0 ? 0 : (picker.selected + 1) % count
    case .up, .backTab: picker.selected = count == 0 ? 0 : (picker.selected + count - 1) % count
    case .character(let c):
        picker.query.insert(c)
        picker.selected = 0
    case .backspace:
        picker.query.backspace()
        picker.selected = 0
    case .control("u"):
        picker.query.clear()
        picker.selected = 0
    default: break
    }
    state.linkPicker = picker
    return []
}

private func updateCommand(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    guard var input = state.commandInput else { return [] }
    switch key {
    case .escape:
        state.commandInput = nil
        state.message = nil
        return []
    case .enter:
        state.commandInput = nil
        return run(command: input.text, &state)
    default:
        _ = input.edit(with: key)
    }
    state.commandInput = input
    return []
}

/// `:goto CODE` jumps to any record by its code; `:filter QUERY` sets the
/// pane's filter; `:quit` quits.
private func run(command text: String, _ state: inout ConsoleState) -> [Effect] {
    let words = text.trimmingWhitespace.split(separator: " ", maxSplits: 1).map(String.init)
    guard let verb = words.first?.lowercased() else { return [] }
    let argument = words.count > 1 ? words[1].trimmingWhitespace : ""
    switch verb {
    case "goto", "g":
        let code = argument.uppercased()
        let c = state.caseFile
        let places: [(Pane, Int?)] = [
            (.networks, c.networks.all.firstIndex { $0.code == code }),
            (.investigations, c.investigations.all.firstIndex { $0.code == code }),
            (.enquiries, c.enquiries.all.firstIndex { $0.reference == code }),
            (.referrals, c.referrals.all.firstIndex { $0.reference == code }),
        ]
        guard let (pane, index) = places.first(where: { $0.1 != nil }).map({ ($0.0, $0.1!) }) else {
            state.message = .error(":goto: no network, investigation, enquiry or referral \"\(argument)\" in this journal.")
            return []
        }
        state.pane = pane
        state.filter = ""
        state.selectedIndex = index
        state.message = .info("\(code) in \(pane.title).")
    case "filter", "f":
        guard state.pane.isList else {
            state.message = .error(":filter works on the list panes (1–4).")
            return []
        }
        state.filter = argument
        state.selectedIndex = 0
        state.message = .info(argument.isEmpty ? "Filter cleared." : "Filter: \(argument) (\(state.visibleRecords.count) of \(state.pane.recordCount(in: state.caseFile)))")
    case "quit", "q":
        return [.quit]
    default:
        state.message = .error(":\(verb): unknown command (goto CODE, filter QUERY, quit).")
    }
    return []
}

private func updateNote(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    guard var input = state.noteInput, let code = state.selectedCode else { state.noteInput = nil; return [] }
    switch key {
    case .escape:
        state.noteInput = nil
        state.message = .info("Note cancelled; nothing was written.")
        return []
    case .enter:
        let effects = decided(.noteAdded(entity: code, text: input.text), &state)
        if !effects.isEmpty { state.noteInput = nil }
        if effects.isEmpty, state.detail != nil { return [] }
        return effects + (state.detail == code ? [.loadHistory(code: code)] : [])
    default:
        _ = input.edit(with: key)
    }
    state.noteInput = input
    return []
}

private func updateFilter(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    guard var input = state.filterInput else { return [] }
    switch key {
    case .escape:
        state.filterInput = nil
        state.filter = ""
        state.message = .info("Filter cleared.")
        return []
    case .enter:
        state.filterInput = nil
        state.selectedIndex = 0
        state.message = state.filter.isEmpty ? nil : .info("Filter: \(state.filter) (\(state.visibleRecords.count) of \(state.pane.recordCount(in: state.caseFile)))")
        return []
    default:
        guard input.edit(with: key) else { return [] }
    }
    state.filterInput = input
    state.filter = input.text   // the list follows as the query is typed
    state.selectedIndex = 0
    return []
}

/// `s`: the statuses the selected record may move to, each marked unavailable
/// (with the reason) when the user's role may not choose it.
private func openStatusPicker(_ state: inout ConsoleState) {
    guard let index = state.selectedRecord else { return }
    let c = state.caseFile
    let (code, current, options): (String, String, [(String, Change)]) = switch state.pane {
    case .networks:
        { let n = c.networks.all[index]; return (n.code, n.status.label, n.status.allowedNext.map { ($0.label, .networkStatusChanged(code: n.code, to: $0)) }) }()
    case .investigations:
        { let i = c.investigations.all[index]; return (i.code, i.status.label, i.status.allowedNext.map { ($0.label, .investigationStatusChanged(code: i.code, to: $0)) }) }()
    case .enquiries:
        { let e = c.enquiries.all[index]; return (e.reference, e.status.label, e.status.allowedNext.map { ($0.label, .enquiryStatusChanged(reference: e.reference, to: $0)) }) }()
    case .referrals:
        { let r = c.referrals.all[index]; return (r.reference, r.status.label, r.allowedNext.map { ($0.label, .referralStatusChanged(reference: r.reference, to: $0)) }) }()
    case .dashboard:
        ("", "", [])
    }
    if options.isEmpty {
        state.message = .error("\(code) is \(current): a final status; it cannot change.")
        return
    }
    state.picker = StatusPicker(code: code, current: current, options: options.map { label, change in
        StatusPicker.Option(label: label, change: change, unavailable: c.permissionRefusal(for: change, by: state.user)?.reason)
    })
}

private func updatePicker(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    guard var picker = state.picker else { return [] }
    switch key {
    case .escape, .character("q"):
        state.picker = nil
        state.message = .info("Status unchanged.")
    case .down, .character("j"), .tab:
        picker.selected = (picker.selected + 1) % picker.options.count
        state.picker = picker
    case .up, .character("k"), .backTab:
        picker.selected = (picker.selected + picker.options.count - 1) % picker.options.count
        state.picker = picker
    case .enter:
        let option = picker.options[picker.selected]
        if let reason = option.unavailable {
            state.message = .error("Cannot choose \(option.label): \(reason).")
            return []
        }
        state.picker = nil
        return decided(option.change, &state)
    default:
        break
    }
    return []
}

private func updateForm(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    guard var form = state.form else { return [] }
    let isPicker = form.focusedField.choices != nil
    switch key {
    case .escape, .control("c"):
        state.message = .info("\(form.title): cancelled; nothing was written.")
        state.form = nil
        return []
    case .tab, .down:
        form.focusNext()
    case .backTab, .up:
        form.focusPrevious()
    case .enter where !form.isOnLastField:
        form.focusNext()
    case .enter, .control("s"):
        return save(&state)
    case .left where isPicker:
        form.cycleChoice(by: -1)
    case .right where isPicker, .character(" ") where isPicker:
        form.cycleChoice(by: 1)
    case .character(let c) where isPicker:
        form.pickChoice(startingWith: c)
    default:
        _ = form.inputs[form.focus].edit(with: key)
    }
    state.form = form
    return []
}

/// Validates the form through the core; a refusal stays on screen and focuses
/// the field it names, and nothing is written.
private func save(_ state: inout ConsoleState) -> [Effect] {
    guard var form = state.form else { return [] }
    if let reason = state.readOnlyReason {
        form.refusal = Refusal(field: "journal", reason: "is read-only (\(reason)); nothing was saved")
        state.form = form
        return []
    }
    do {
        guard let change = try form.change(in: state.caseFile, now: state.now) else {
            state.form = nil
            state.message = .info("Nothing changed in \(form.editing ?? "the record"); nothing was written.")
            return []
        }
        _ = try state.caseFile.decide(change, by: state.user, at: state.now)
        form.refusal = nil
        state.form = form
        return [.commit(change)]
    } catch {
        showRefusal(error, &state)
        return []
    }
}

/// A refusal of the open form: shown under its fields, with focus on the field it names.
private func showRefusal(_ refusal: Refusal, _ state: inout ConsoleState) {
    if var form = state.form {
        form.refusal = refusal
        form.focus(on: refusal.field)
        state.form = form
    }
    state.message = .error("Not saved: \(refusal.description)")
}

/// Opens a form, unless the journal is read-only or the user's role may not
/// make the change it would save: then says why, before anything is typed.
private func openForm(_ form: RecordForm, _ state: inout ConsoleState) {
    if let reason = state.readOnlyReason {
        state.message = .error("\(form.title): not possible, the journal is read-only (\(reason)).")
        return
    }
    if let refusal = state.caseFile.permissionRefusal(for: form.probe, by: state.user) {
        state.message = .error("\(form.title): not possible, \(refusal.reason).")
        return
    }
    state.form = form
    state.message = .info("\(form.title): Tab moves between fields, Ctrl-S or Enter on the last field saves, Esc cancels.")
}
