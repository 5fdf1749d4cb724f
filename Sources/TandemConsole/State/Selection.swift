import TandemCore

/// The list on screen and the record selected in it, worked out after every
/// message. The selection is a record's code: whatever the sort, the filter or
/// other consoles do, it stays on that record while the record is listed.
enum Selection {
    static func refresh(_ state: inout ConsoleState, lists: ListCache) {
        guard state.pane.isList else {
            state.visibleRecords = []
            return
        }
        let visible = lists.visible(pane: state.pane, caseFile: state.caseFile, now: state.now, zone: state.zone, filter: state.filter, sort: state.sort, user: state.user)
        state.visibleRecords = visible
        guard !visible.isEmpty else { return }
        var list = state.list
        defer { state.list = list }
        let pane = state.pane
        if let code = list.selected, let index = PaneRecords.index(of: code, in: pane, state.caseFile) {
            if list.row < visible.count, visible[list.row] == index { return }
            if let row = visible.firstIndex(of: index) {
                list.row = row
                return
            }
            // The filter hides it: the record now in its place is the nearest.
            list.row = min(list.row, visible.count - 1)
            let nearest = PaneRecords.code(of: visible[list.row], in: pane, state.caseFile)
            list.selected = nearest
            if state.prompt?.kind != .filter {
                state.message = .info("\(code) is not in the filtered list; the nearest, \(nearest), is selected.")
            }
            return
        }
        list.row = min(list.row, visible.count - 1)
        list.selected = PaneRecords.code(of: visible[list.row], in: pane, state.caseFile)
    }

    /// Selects the record `rows` rows away from the selected one (clamped to the list).
    static func move(by rows: Int, _ state: inout ConsoleState) {
        let visible = state.visibleRecords
        guard !visible.isEmpty else { return }
        let row = min(max(0, (state.selectedRow ?? 0) + rows), visible.count - 1)
        state.list.row = row
        state.list.selected = PaneRecords.code(of: visible[row], in: state.pane, state.caseFile)
    }

    static func moveTo(row: Int, _ state: inout ConsoleState) {
        move(by: row - (state.selectedRow ?? 0), &state)
    }
}
