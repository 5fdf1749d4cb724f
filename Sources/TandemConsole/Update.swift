import TandemCore

/// The console's one state transition: a message in, the new state and the
/// effects to run out. Pure: no I/O happens here. `lists` is work kept between
/// frames (search texts, sort orders); it changes no result.
public func update(_ state: inout ConsoleState, _ message: Message, lists: ListCache = ListCache()) -> [Effect] {
    let effects = Update.handle(&state, message, lists)
    Selection.refresh(&state, lists: lists)
    return effects
}

enum Update {
    static func handle(_ state: inout ConsoleState, _ message: Message, _ lists: ListCache) -> [Effect] {
        switch message {
        case .history(let code, let entries):
            for i in state.stack.indices {
                guard case .detail(var d) = state.stack[i], d.code == code else { continue }
                let wasEmpty = d.history == nil
                d.history = entries
                d.cursor = min(d.cursor, max(0, entries.count - 1))
                if wasEmpty { d.cursor = 0; d.top = 0 }
                state.stack[i] = .detail(d)
            }
            return []
        case .resize(let width, let height):
            state.width = width
            state.height = height
            return []
        case .saved(let events):
            state.saving = nil
            return saved(events, &state)
        case .arrived(let events):
            state.apply(events)
            if !events.isEmpty {
                state.message = .info("\(NumberText.count(events.count, "change", "changes")) arrived from another console.")
            }
            return historyReloads(after: events, state)
        case .notice(let text):
            state.message = .info(text)
            return []
        case .refused(let refusal):
            state.saving = nil
            showRefusal(refusal, &state)
            return []
        case .notSaved(let reason, let stopsWriting):
            state.saving = nil
            if stopsWriting { state.readOnlyReason = "writing stopped after a failed save" }
            let kept = state.top?.holdsTyping == true ? " What you typed is still here." : ""
            state.message = .error(reason + kept)
            return []
        case .journalState(let reason, let checking):
            state.readOnlyReason = reason
            state.checkingJournal = checking
            return []
        case .notYetShared(let count):
            state.notYetShared = count
            return []
        case .replaced(let caseFile):
            state.show(caseFile)
            return historyReloads(after: [], state)
        case .waitingForLock:
            state.saving?.waitingForLock = true
            state.message = .info("Waiting for another console to finish saving… (Esc to stop waiting)")
            return []
        case .mouse(let mouse):
            if state.width < Layout.minimumWidth || state.height < Layout.minimumHeight { return [] }
            return MouseInput.handle(mouse, &state, lists)
        case .key(let key):
            if state.width < Layout.minimumWidth || state.height < Layout.minimumHeight {
                return key == .character("q") || key == .control("c") ? [.quit] : []
            }
            if state.saving?.waitingForLock == true, key == .escape {
                return [.stopWaiting]
            }
            return dispatch(key, &state, lists)
        }
    }

    /// The pane whose bindings apply: the full view's own record's pane, else the pane on screen.
    static func bindingPane(_ state: ConsoleState) -> Pane {
        if case .detail(let d) = state.top { return d.pane }
        return state.pane
    }

    static func dispatch(_ key: Key, _ state: inout ConsoleState, _ lists: ListCache) -> [Effect] {
        let screen = state.screenKind
        guard let binding = Bindings.binding(for: key, screen: screen, pane: bindingPane(state), in: state.bindings) else {
            if !screen.takesText {
                state.message = .info("\(key.label) does nothing on \(screen.title); ? lists the keys.")
            }
            return []
        }
        if binding.writes, let reason = state.readOnlyReason {
            state.message = .error("\(binding.label): nothing can be written, the journal is read-only (\(reason)).")
            return []
        }
        return perform(binding.action, key: key, &state, lists)
    }

    // MARK: Saved changes

    static func saved(_ events: [Event], _ state: inout ConsoleState) -> [Effect] {
        // Described before it is applied, so an edit names what it changed.
        let summary = events.first.map { state.caseFile.summary(of: $0.change, in: state.zone) }
        state.apply(events)
        if let top = state.top, case .form = top { state.stack.removeLast() }
        if let top = state.top, case .note = top { state.stack.removeLast() }
        guard let first = events.first, let summary else { return [] }
        if let pane = PaneRecords.pane(createdBy: first.change) {
            state.message = .info("Saved \(first.change.entity) to the journal.")
            if state.detail == nil {
                state.pane = pane
                state.filter = ""
                state.list.selected = first.change.entity
            }
        } else {
            // A note that ends a sentence of its own takes no second full stop.
            let ends = summary.last.map { ".!?…".contains($0) } ?? false
            state.message = .info("Saved \(first.change.entity) to the journal: \(summary)\(ends ? "" : ".")")
        }
        return historyReloads(after: events, state)
    }

    /// A history read again for each record in full on the stack that the events touch.
    static func historyReloads(after events: [Event], _ state: ConsoleState) -> [Effect] {
        var codes: [String] = []
        for screen in state.stack {
            guard case .detail(let d) = screen, !codes.contains(d.code) else { continue }
            let touched = events.contains { event in
                if event.change.entity == d.code { return true }
                if case .linkAdded(let link) = event.change { return link.to == d.code }
                return false
            }
            if touched { codes.append(d.code) }
        }
        return codes.map { .loadHistory(code: $0) }
    }

    // MARK: Actions

    static func perform(_ action: Action, key: Key, _ state: inout ConsoleState, _ lists: ListCache) -> [Effect] {
        let page = max(1, Layout(width: state.width, height: state.height).listRows)
        switch action {
        case .quit:
            if state.stack.contains(where: \.holdsTyping) {
                state.stack.append(.confirm(Confirmation(
                    title: "Quit", lines: ["What you typed has not been saved.", "Quit and throw it away?"], then: .quit)))
                return []
            }
            return [.quit]
        case .goToPane:
            if case .character(let c) = key, let n = c.wholeNumberValue, let pane = Pane(rawValue: n - 1) { state.pane = pane }
        case .nextPane: state.pane = state.pane.next
        case .previousPane: state.pane = state.pane.previous
        case .moveDown: Selection.move(by: 1, &state)
        case .moveUp: Selection.move(by: -1, &state)
        case .moveFirst: Selection.moveTo(row: 0, &state)
        case .moveLast: Selection.moveTo(row: state.visibleRecords.count - 1, &state)
        case .pageDown: Selection.move(by: page, &state)
        case .pageUp: Selection.move(by: -page, &state)
        case .figureDown, .figureUp:
            let count = DashboardFigure.count
            var list = state.lists[Pane.dashboard.rawValue]
            list.row = min(max(0, min(list.row, count - 1) + (action == .figureDown ? 1 : -1)), count - 1)
            state.lists[Pane.dashboard.rawValue] = list
        case .toggleDaily:
            state.dashboardByDay.toggle()
            state.message = .info(state.dashboardByDay ? "Day by day: each measure's count on each day of the operation." : "By country.")
        case .openFigure:
            let figure = DashboardView.chosenFigure(state)
            state.pane = figure.pane
            state.filter = figure.filter
            state.message = .info("\(figure.label): \(figure.count), filtered as \(figure.filter). Esc clears the filter.")
        case .openFilter:
            state.stack.append(.prompt(Prompt(kind: .filter, input: TextInput(state.filter), selectionBefore: state.list.selected, filterBefore: state.filter)))
            state.message = .info("Filter: status:sent to:THA,MYS overdue, or words from codes, names and subjects. Enter keeps it, Esc leaves it.")
        case .clearFilter:
            if !state.filter.isEmpty {
                state.filter = ""
                state.message = .info("Filter cleared.")
            } else {
                state.message = nil
            }
        case .sortNext, .sortReverse:
            let columns = PaneTables.columns(state.pane)
            if action == .sortReverse {
                guard var sort = state.sort else {
                    state.message = .info("In journal order; o sorts by a column first.")
                    return []
                }
                sort.descending.toggle()
                state.sort = sort
            } else {
                let next = (state.sort?.column ?? -1) + 1
                state.sort = next < columns.count ? SortOrder(column: next, descending: false) : nil
            }
            state.message = .info(state.sort.map { "Sorted by \(columns[$0.column].title.lowercased())\($0.descending ? ", descending" : "")." }
                                  ?? "In journal order.")
        case .openRecord:
            guard let code = state.selectedCode else { return [] }
            state.stack.append(.detail(DetailScreen(pane: state.pane, code: code)))
            return [.loadHistory(code: code)]
        case .addNote:
            guard let (_, code) = recordInView(state) else { return [] }
            state.stack.append(.note(NoteEditor(code: code)))
            state.message = .info("Note on \(code): Enter starts a new line, Ctrl-S saves.")
        case .addLink:
            guard let (_, code) = recordInView(state) else { return [] }
            state.stack.append(.linkPicker(LinkPicker(from: code)))
            state.message = .info("Link \(code) to: type to narrow the list.")
        case .changeStatus:
            openStatusPicker(&state)
        case .newRecord:
            if let form = state.pane.spec?.newForm() { openForm(form, &state) }
        case .editRecord:
            guard let (pane, code) = recordInView(state), let form = pane.spec?.editForm(state.caseFile, code, zone: state.zone) else { return [] }
            openForm(form, &state)
        case .chase:
            guard let (_, code) = recordInView(state), let enquiry = state.caseFile.enquiries[code] else { return [] }
            if !enquiry.status.isAwaitingAnswer {
                state.message = .error("\(code) is \(enquiry.status.label): only a sent enquiry awaiting an answer can be chased.")
                return []
            }
            openForm(.chase(of: enquiry), &state)
        case .correctPeriod:
            guard let (_, code) = recordInView(state), let investigation = state.caseFile.investigations[code] else { return [] }
            openForm(.periodCorrection(for: investigation), &state)
        case .reviseActionDue:
            guard let (_, code) = recordInView(state), let investigation = state.caseFile.investigations[code] else { return [] }
            if !investigation.actionItems.contains(where: { $0.status == .open }) {
                state.message = .error("\(code) has no open action-plan items; i adds one.")
                return []
            }
            openForm(.actionDue(for: investigation), &state)
        case .addActionItem, .recordOutcome:
            guard let (_, code) = recordInView(state), let investigation = state.caseFile.investigations[code] else { return [] }
            openForm(action == .addActionItem ? .newActionItem(for: investigation) : .newOutcome(for: investigation), &state)
        case .correctOutcome:
            guard let (_, code) = recordInView(state), let investigation = state.caseFile.investigations[code] else { return [] }
            if state.caseFile.numberedOutcomes(of: code).isEmpty {
                state.message = .error("\(code) has no outcomes yet; r records one.")
                return []
            }
            openForm(.outcomeCorrection(for: investigation, in: state.caseFile), &state)
        case .extendPeriod, .actionItemStatus:
            guard let (_, code) = recordInView(state), let investigation = state.caseFile.investigations[code] else { return [] }
            if action == .actionItemStatus, investigation.actionItems.isEmpty {
                state.message = .error("\(code) has no action-plan items yet; i adds one.")
                return []
            }
            openForm(action == .extendPeriod ? .newExtension(for: investigation) : .actionStatus(for: investigation), &state)
        case .openCommand:
            state.stack.append(.prompt(Prompt(kind: .command, input: TextInput())))
            state.message = .info("Commands: \(Commands.summary).")
        case .openHelp:
            state.stack.append(.help(HelpScreen(about: state.screenKind)))
        case .openUnit:
            state.stack.append(.unit(UnitScreen()))
        case .addOfficer: openForm(.newOfficer(), &state)
        case .changeRole: openForm(.roleChange(in: state.caseFile), &state)
        case .replaceKey: openForm(.keyReplacement(in: state.caseFile), &state)
        case .removeOfficer: openForm(.removal(in: state.caseFile), &state)
        case .addAgency: openForm(.newAgency(), &state)
        case .appointFocalPoint:
            if state.caseFile.agencies.count == 0 {
                state.message = .error("No agencies yet: g adds one, then its focal points can be appointed.")
                return []
            }
            openForm(.appointment(in: state.caseFile), &state)
        case .endAppointment:
            if !state.caseFile.focalPoints.all.contains(where: { $0.until == nil }) {
                state.message = .error("No open appointments to end.")
                return []
            }
            openForm(.appointmentEnd(in: state.caseFile), &state)
        case .newOperation: openForm(.newOperation(), &state)
        case .editOperation:
            guard let operation = state.caseFile.operations.all.last else {
                state.message = .error("No operations yet: o creates one.")
                return []
            }
            openForm(.operationEdit(operation), &state)
        case .back:
            state.stack.removeLast()
            followStack(&state)
        case .previousRecord, .nextRecord:
            guard case .detail(var d) = state.top else { return [] }
            let before = state.list.selected
            state.list.selected = d.code
            Selection.refresh(&state, lists: lists)
            Selection.move(by: action == .nextRecord ? 1 : -1, &state)
            guard let code = state.list.selected, code != d.code else {
                state.list.selected = before
                state.message = .info(action == .nextRecord ? "The last record of the list." : "The first record of the list.")
                return []
            }
            d = DetailScreen(pane: d.pane, code: code)
            state.stack[state.stack.count - 1] = .detail(d)
            return [.loadHistory(code: code)]
        case .historyDown, .historyUp, .historyPageDown, .historyPageUp, .historyFirst, .historyLast:
            guard case .detail(var d) = state.top, let history = d.history, !history.isEmpty else { return [] }
            let rows = max(1, DetailView.historyRows(state))
            let step = switch action {
            case .historyDown: 1
            case .historyUp: -1
            case .historyPageDown: rows
            case .historyPageUp: -rows
            case .historyFirst: -history.count
            default: history.count
            }
            d.cursor = min(max(0, d.cursor + step), history.count - 1)
            d.top = min(max(0, d.top), d.cursor)
            if d.cursor >= d.top + rows { d.top = d.cursor - rows + 1 }
            state.stack[state.stack.count - 1] = .detail(d)
        case .followLink:
            guard case .detail(let d) = state.top, let history = d.history, d.cursor < history.count else { return [] }
            guard let other = history[d.cursor].linkedTo else {
                state.message = .info("Enter follows a link: move to a \"linked\" entry of the history first.")
                return []
            }
            if let reason = state.withheldReason(other) {
                state.message = .info(reason)
                return []
            }
            guard let pane = PaneRecords.pane(of: other, state.caseFile) else {
                state.message = .info("\(other) is not a network, investigation, enquiry or referral: it has no full view.")
                return []
            }
            state.stack.append(.detail(DetailScreen(pane: pane, code: other)))
            followStack(&state)
            state.message = .info("\(other) in full; Esc goes back to \(d.code).")
            return [.loadHistory(code: other)]
        case .choiceDown, .choiceUp:
            let step = action == .choiceDown ? 1 : -1
            switch state.top {
            case .statusPicker(var p):
                p.selected = (p.selected + step + p.options.count) % p.options.count
                state.stack[state.stack.count - 1] = .statusPicker(p)
            case .linkPicker(var p):
                let count = p.candidates(in: state.caseFile).count
                p.selected = count == 0 ? 0 : (p.selected + step + count) % count
                state.stack[state.stack.count - 1] = .linkPicker(p)
            case .found(var f):
                f.selected = f.matches.isEmpty ? 0 : min(max(0, f.selected + step), f.matches.count - 1)
                state.stack[state.stack.count - 1] = .found(f)
            default: break
            }
        case .choose:
            return choose(&state, lists)
        case .notHere:
            state.message = .info("\(key.label) does nothing here: j/k choose, Enter takes the status, Esc leaves it as it is.")
        case .nextField, .previousField, .choiceLeft, .choiceRight, .space, .enterInForm:
            return editForm(action, key: key, &state)
        case .takeTheirs:
            guard case .form(var form) = state.top else { return [] }
            if form.takeTheirs() {
                state.message = .info("\(form.focusedLabel): their value taken; Ctrl-S saves.")
            } else {
                state.message = .info("\(form.focusedLabel) is not in conflict: Ctrl-T takes another officer's value after a save was refused.")
            }
            state.stack[state.stack.count - 1] = .form(form)
        case .save:
            if case .note(let note) = state.top {
                return decided([.noteAdded(entity: note.code, text: note.text.text.trimmingWhitespace)], &state)
            }
            return saveForm(&state)
        case .type:
            typeText(key, &state)
        case .newline, .lineUp, .lineDown:
            guard case .note(var note) = state.top else { return [] }
            let width = NoteEditor.textWidth(screenWidth: state.width)
            switch action {
            case .newline: note.text.insert("\n")
            case .lineUp: note.moveLine(by: -1, width: width)
            default: note.moveLine(by: 1, width: width)
            }
            note.scrollToCursor(width: width, rows: NoteEditor.textRows(screenHeight: state.height))
            state.stack[state.stack.count - 1] = .note(note)
        case .accept:
            return accept(&state, lists)
        case .cancel:
            cancel(&state)
        case .confirm:
            return confirm(&state)
        case .decline:
            state.stack.removeLast()
            state.message = .info("Cancelled; nothing was written.")
        case .scrollDown, .scrollUp:
            let step = action == .scrollDown ? 1 : -1
            switch state.top {
            case .help(var h): h.top = max(0, h.top + step); state.stack[state.stack.count - 1] = .help(h)
            case .messages(var m): m.top = max(0, m.top + step); state.stack[state.stack.count - 1] = .messages(m)
            case .unit(var u): u.top = max(0, u.top + step); state.stack[state.stack.count - 1] = .unit(u)
            default: break
            }
        }
        return []
    }

    /// The record an action on the list or the full view is about.
    static func recordInView(_ state: ConsoleState) -> (Pane, String)? {
        if case .detail(let d) = state.top { return (d.pane, d.code) }
        return state.selectedCode.map { (state.pane, $0) }
    }

    /// After the stack changed: the pane on screen is the one of the record in full on top, if any.
    static func followStack(_ state: inout ConsoleState) {
        guard case .detail(let d) = state.top else { return }
        state.pane = d.pane
        state.list.selected = d.code
    }

    // MARK: Committing

    /// Checks changes as the core would, each against the case file the ones
    /// before it leave; on a refusal says why and writes nothing.
    static func decided(_ proposals: [Proposal], _ state: inout ConsoleState) -> [Effect] {
        if let reason = state.readOnlyReason {
            state.message = .error("Not saved: the journal is read-only (\(reason)).")
            return []
        }
        if state.saving != nil {
            state.message = .error("Not saved: the last save is not finished yet; try again in a moment.")
            return []
        }
        var working = state.wholeCaseFile
        do {
            for proposal in proposals {
                for event in try working.decide(proposal, by: state.user, at: state.now, zone: state.zone) { working.apply(event) }
            }
        } catch {
            showRefusal(error, &state)
            return []
        }
        state.saving = Saving(what: proposals.first?.change.entity ?? "")
        return [.commit(proposals)]
    }

    static func decided(_ changes: [Change], _ state: inout ConsoleState) -> [Effect] { decided(changes.map { Proposal($0) }, &state) }
    static func decided(_ change: Change, _ state: inout ConsoleState) -> [Effect] { decided([Proposal(change)], &state) }

    /// A refusal: under the open form's fields (focusing the field it names), and on the status bar.
    static func showRefusal(_ refusal: Refusal, _ state: inout ConsoleState) {
        if case .form(var form) = state.top {
            // Others changed the record since the form opened: the form now
            // stands on the record as it is, with the officer's typing kept.
            if !refusal.conflicts.isEmpty, let code = form.editing, let fresh = PaneRecords.pane(of: code, state.caseFile)?.spec?.editForm(state.caseFile, code, zone: state.zone) {
                var rebased = form.rebased(on: fresh, conflicts: refusal.conflicts)
                rebased.basedOn = state.caseFile.version(of: code)
                form = rebased
            }
            form.refusal = refusal
            form.focus(on: refusal.field)
            state.stack[state.stack.count - 1] = .form(form)
        }
        let also = refusal.conflicts.isEmpty ? "" : ". Their value is shown beside yours: Ctrl-T takes theirs; Ctrl-S saves"
        state.message = .error("Not saved: \(refusal.description)\(also)")
    }

    /// Opens a form, unless the user's role may not make the change it would
    /// save: then says why, before anything is typed.
    static func openForm(_ form: RecordForm, _ state: inout ConsoleState) {
        if let refusal = state.caseFile.permissionRefusal(for: form.probe, by: state.user) {
            state.message = .error("\(form.title): not possible, \(refusal.reason).")
            return
        }
        var form = form
        if let code = form.editing { form.basedOn = state.caseFile.version(of: code) }
        state.stack.append(.form(form))
        state.message = .info("\(form.title): Ctrl-S saves (or Enter on the last field).")
    }

    // MARK: Status

    /// `s`: the statuses the record may move to, each marked unavailable (with
    /// the reason) when the user's role may not choose it.
    static func openStatusPicker(_ state: inout ConsoleState) {
        guard let (pane, code) = recordInView(state) else { return }
        let c = state.caseFile
        let choices = pane.spec?.statusChoices(c, code)
        guard let choices else { return }
        if choices.options.isEmpty {
            // A supervisor may take a final status back, with a reason.
            if c.role(of: state.user) == .supervisor, let (current, back) = c.reversions(of: code), !back.isEmpty {
                state.stack.append(.statusPicker(StatusPicker(code: code, current: "\(current) (final; a supervisor may take it back)", basedOn: c.version(of: code),
                    options: back.map { to in
                        StatusPicker.Option(label: "back to \(to.label)", change: .statusReverted(StatusReversion(entity: code, to: to.value, reason: "")))
                    })))
                return
            }
            state.message = .error("\(code) is \(choices.current): a final status; it cannot change (a supervisor may take it back).")
            return
        }
        state.stack.append(.statusPicker(StatusPicker(code: code, current: choices.current, basedOn: c.version(of: code), options: choices.options.map { label, change in
            StatusPicker.Option(label: label, change: change, unavailable: c.permissionRefusal(for: change, by: state.user)?.reason)
        })))
    }

    static func choose(_ state: inout ConsoleState, _ lists: ListCache) -> [Effect] {
        switch state.top {
        case .statusPicker(let picker):
            let option = picker.options[picker.selected]
            if let reason = option.unavailable {
                state.message = .error("Cannot choose \(option.label): \(reason).")
                return []
            }
            state.stack.removeLast()
            let proposal = Proposal(option.change, basedOn: picker.basedOn)
            // An answer is recorded with what it said and when it arrived.
            if case .enquiryAnswered(let code, let answer) = option.change, let enquiry = state.caseFile.enquiries[code] {
                var form = RecordForm.answer(to: enquiry, full: answer.full)
                form.basedOn = picker.basedOn
                openForm(form, &state)
                return []
            }
            if case .enquiryReturned = option.change {
                state.stack.append(.confirm(Confirmation(
                    title: "Return \(picker.code) to its drafter", lines: [PaneRecords.title(of: picker.code, state.caseFile),
                        "Status: \(picker.current) → draft", "It goes back to its drafter, not sent: say why (kept in the journal)."],
                    then: .commit(proposal), reason: TextInput())))
                return []
            }
            if case .statusReverted = option.change {
                state.stack.append(.confirm(Confirmation(
                    title: "\(picker.code) \(option.label)", lines: [PaneRecords.title(of: picker.code, state.caseFile),
                        "Status: \(picker.current) → \(option.label)", "This takes back a final status: the reason is kept with it in the journal."],
                    then: .commit(proposal), reason: TextInput())))
                return []
            }
            if let confirmation = Confirmation.before(proposal, code: picker.code, from: picker.current, to: option.label, in: state.caseFile) {
                state.stack.append(.confirm(confirmation))
                return []
            }
            return decided([proposal], &state)
        case .linkPicker(let picker):
            let candidates = picker.candidates(in: state.caseFile)
            guard !candidates.isEmpty else {
                state.message = .info("Nothing matches \"\(picker.query.text)\"; Backspace widens the search.")
                return []
            }
            let to = candidates[min(picker.selected, candidates.count - 1)].code
            state.stack.removeLast()
            return decided(.linkAdded(Link(from: picker.from, to: to)), &state)
        case .found(let found):
            guard found.selected < found.matches.count else { return [] }
            return Commands.goto(found.matches[found.selected].code, &state, lists)
        default:
            return []
        }
    }

    static func confirm(_ state: inout ConsoleState) -> [Effect] {
        guard case .confirm(var confirmation) = state.top else { return [] }
        switch confirmation.then {
        case .quit:
            return [.quit]
        case .discard:
            state.stack.removeLast()
            if let below = state.stack.popLast() {
                state.message = .info("\(below.title): discarded; nothing was written.")
            }
            followStack(&state)
            return []
        case .commit(let proposal):
            let change = proposal.change
            var proposals = [proposal]
            if let reason = confirmation.reason {
                let text = reason.text.trimmingWhitespace
                if text.isEmpty {
                    confirmation.problem = "reason: is required for this status; say why (it is journalled with the change)"
                    state.stack[state.stack.count - 1] = .confirm(confirmation)
                    state.message = .error("Not saved: \(confirmation.problem!)")
                    return []
                }
                if case .statusReverted(var reversion) = change {
                    // A reversion carries its own reason; so does a return.
                    reversion.reason = text
                    proposals = [Proposal(.statusReverted(reversion), basedOn: proposal.basedOn)]
                } else if case .enquiryReturned(let code, _) = change {
                    proposals = [Proposal(.enquiryReturned(reference: code, reason: text), basedOn: proposal.basedOn)]
                } else {
                    proposals.append(Proposal(.noteAdded(entity: change.entity, text: "Reason for \(confirmation.reasonFor ?? "the change"): \(text)")))
                }
            }
            let effects = decided(proposals, &state)
            if !effects.isEmpty { state.stack.removeLast() }
            return effects
        }
    }

    // MARK: Forms

    static func editForm(_ action: Action, key: Key, _ state: inout ConsoleState) -> [Effect] {
        guard case .form(var form) = state.top else { return [] }
        let isPicker = form.focusedField.choices != nil
        switch action {
        case .nextField: form.focusNext()
        case .previousField: form.focusPrevious()
        case .enterInForm:
            if form.isOnLastField { return saveForm(&state) }
            form.focusNext()
        case .choiceLeft: if isPicker { form.cycleChoice(by: -1) } else { _ = form.inputs[form.focus].edit(with: key) }
        case .choiceRight, .space: if isPicker { form.cycleChoice(by: 1) } else { _ = form.inputs[form.focus].edit(with: key) }
        default: break
        }
        state.stack[state.stack.count - 1] = .form(form)
        return []
    }

    /// Validates the form through the core; a refusal stays on screen and
    /// focuses the field it names, and nothing is written.
    static func saveForm(_ state: inout ConsoleState) -> [Effect] {
        guard case .form(var form) = state.top else { return [] }
        do {
            guard let proposal = try form.proposal(in: state.caseFile, now: state.now, zone: state.zone, answerTimes: state.settings.answerTimes) else {
                state.stack.removeLast()
                state.message = .info("Nothing changed in \(form.editing ?? "the record"); nothing was written.")
                return []
            }
            form.refusal = nil
            state.stack[state.stack.count - 1] = .form(form)
            return decided([proposal], &state)
        } catch {
            showRefusal(error, &state)
            return []
        }
    }

    static func typeText(_ key: Key, _ state: inout ConsoleState) {
        guard let top = state.top else { return }
        switch top {
        case .form(var form):
            if form.focusedField.choices != nil {
                if case .character(let c) = key { form.pickChoice(startingWith: c) }
            } else {
                _ = form.inputs[form.focus].edit(with: key)
            }
            state.stack[state.stack.count - 1] = .form(form)
        case .note(var note):
            _ = note.text.edit(with: key)
            note.scrollToCursor(width: NoteEditor.textWidth(screenWidth: state.width), rows: NoteEditor.textRows(screenHeight: state.height))
            state.stack[state.stack.count - 1] = .note(note)
        case .linkPicker(var picker):
            _ = picker.query.edit(with: key)
            picker.selected = 0
            state.stack[state.stack.count - 1] = .linkPicker(picker)
        case .prompt(var prompt):
            _ = prompt.input.edit(with: key)
            if prompt.kind == .filter {
                prompt.error = RecordFilter.problem(in: prompt.input.text, pane: state.pane)
                // The list follows the query as it is typed, while the query makes sense.
                if prompt.error == nil {
                    state.filter = prompt.input.text
                    if prompt.selectionBefore != nil { state.list.selected = prompt.selectionBefore }
                }
            }
            state.stack[state.stack.count - 1] = .prompt(prompt)
        case .confirm(var confirmation):
            guard var reason = confirmation.reason else { return }
            _ = reason.edit(with: key)
            confirmation.reason = reason
            state.stack[state.stack.count - 1] = .confirm(confirmation)
        case .detail, .statusPicker, .help, .messages, .found, .unit:
            break
        }
    }

    static func accept(_ state: inout ConsoleState, _ lists: ListCache) -> [Effect] {
        guard case .prompt(let prompt) = state.top else { return [] }
        switch prompt.kind {
        case .filter:
            if let problem = prompt.error {
                state.message = .error("Filter: \(problem)")
                return []
            }
            state.stack.removeLast()
            Selection.refresh(&state, lists: lists)
            var text = "Filter: \(state.filter) (\(NumberText.count(state.visibleRecords.count)) of \(NumberText.count(state.pane.recordCount(in: state.caseFile))))"
            if let before = prompt.selectionBefore, let now = state.selectedCode, before != now {
                text += "; \(before) is not in it: the nearest, \(now), is selected"
            }
            state.message = state.filter.isEmpty ? nil : .info(text + ".")
            return []
        case .command:
            state.stack.removeLast()
            return Commands.run(prompt.input.text, &state, lists)
        }
    }

    /// Esc or Ctrl-C: leaves a screen where something is typed, asking first if leaving loses it.
    static func cancel(_ state: inout ConsoleState) {
        guard let top = state.top else { return }
        if top.holdsTyping {
            state.stack.append(.confirm(Confirmation(
                title: "Discard", lines: ["\(top.title): what you typed has not been saved.", "Throw it away?"], then: .discard)))
            return
        }
        state.stack.removeLast()
        switch top {
        case .prompt(let prompt) where prompt.kind == .filter:
            state.filter = prompt.filterBefore
            state.message = .info(state.filter.isEmpty ? "No filter." : "Filter kept as it was: \(state.filter).")
        case .linkPicker: state.message = .info("Nothing linked.")
        case .statusPicker: state.message = .info("Status unchanged.")
        default: state.message = .info("\(top.title): cancelled; nothing was written.")
        }
        followStack(&state)
    }
}

extension Screen {
    /// What the screen is, in the words a message uses.
    var title: String {
        switch self {
        case .form(let f): f.title
        case .note(let n): "Note on \(n.code)"
        case .detail(let d): d.code
        case .statusPicker(let p): "Status of \(p.code)"
        case .linkPicker(let p): "Link \(p.from)"
        case .prompt(let p): p.kind == .filter ? "Filter" : "Command"
        case .confirm(let c): c.title
        case .help: "Help"
        case .messages: "Messages"
        case .found(let f): "Found \(f.query)"
        case .unit: "The unit"
        }
    }
}
