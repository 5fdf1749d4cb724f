import TandemCore

/// The console's one state transition: a message in, the new state and the
/// effects to run out. Pure: no I/O happens here.
public func update(_ state: inout ConsoleState, _ message: Message) -> [Effect] {
    switch message {
    case .resize(let width, let height):
        state.width = width
        state.height = height
        return []
    case .saved(let events):
        for event in events { state.caseFile.apply(event) }
        state.form = nil
        if let last = events.last {
            state.message = .info("Saved \(last.change.entity) to the journal.")
            if case .enquiryCreated = last.change {
                state.pane = .enquiries
                state.selectedIndex = state.caseFile.enquiries.count - 1
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
        if var form = state.form {
            form.refusal = refusal
            if let field = EnquiryForm.field(named: refusal.field) { form.focus = field }
            state.form = form
        }
        state.message = .error("Not saved: \(refusal.description)")
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
        return updateList(&state, key)
    }
}

private func updateList(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    let count = state.pane.recordCount(in: state.caseFile)
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
    case .character("n"):
        guard state.pane == .enquiries else {
            state.message = .error("n: new records can be created on the Enquiries pane (3) in this version.")
            return []
        }
        if let reason = state.readOnlyReason {
            state.message = .error("Cannot create an enquiry: the journal is read-only (\(reason)).")
            return []
        }
        let probe = Change.enquiryCreated(Enquiry(
            reference: "PROBE", requesting: CountryCode("AUS")!, requested: CountryCode("THA")!, channel: .policeToPolice,
            priority: .routine, subject: "", drafted: state.now, due: state.now, handling: .h2))
        if let refusal = state.caseFile.permissionRefusal(for: probe, by: state.user) {
            state.message = .error("Cannot create an enquiry: \(refusal.reason).")
            return []
        }
        state.form = EnquiryForm()
        state.message = .info("New enquiry: Tab moves between fields, Ctrl-S or Enter on the last field saves, Esc cancels.")
    case .escape:
        state.message = nil
    default:
        break
    }
    return []
}

private func updateForm(_ state: inout ConsoleState, _ key: Key) -> [Effect] {
    guard var form = state.form else { return [] }
    let isPicker = form.focus.choices != nil
    switch key {
    case .escape, .control("c"):
        state.form = nil
        state.message = .info("New enquiry cancelled; nothing was written.")
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
    case .character(let c):
        form[form.focus].insert(c)
    case .left: form[form.focus].moveLeft()
    case .right: form[form.focus].moveRight()
    case .home, .control("a"): form[form.focus].moveHome()
    case .end, .control("e"): form[form.focus].moveEnd()
    case .backspace: form[form.focus].backspace()
    case .delete, .control("d"): form[form.focus].deleteForward()
    case .control("u"): form[form.focus].clear()
    default: break
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
        let enquiry = try form.draft.enquiry(draftedAt: state.now)
        let change = Change.enquiryCreated(enquiry)
        _ = try state.caseFile.decide(change, by: state.user, at: state.now)
        form.refusal = nil
        state.form = form
        return [.commit(change)]
    } catch {
        form.refusal = error
        if let field = EnquiryForm.field(named: error.field) { form.focus = field }
        state.form = form
        state.message = .error("Not saved: \(error.description)")
        return []
    }
}
