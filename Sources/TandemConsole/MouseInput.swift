import TandemCore

/// What a click or the wheel does: the same actions as the keys, at the place
/// pointed to. A click on a tab goes to its pane; on a row of a list, selects
/// it; a double click opens it in full; the wheel moves in lists, the history,
/// help and messages.
enum MouseInput {
    static let wheelStep = 3

    static func handle(_ mouse: Mouse, _ state: inout ConsoleState, _ lists: ListCache) -> [Effect] {
        let screen = state.screenKind
        switch mouse.kind {
        case .wheelUp, .wheelDown:
            let up = mouse.kind == .wheelUp
            let action: Action? = switch screen {
            case .list: up ? .moveUp : .moveDown
            case .detail: up ? .historyUp : .historyDown
            case .help, .messages: up ? .scrollUp : .scrollDown
            case .statusPicker, .linkPicker, .found: up ? .choiceUp : .choiceDown
            case .dashboard: up ? .figureUp : .figureDown
            default: nil
            }
            guard let action else { return [] }
            let times = screen == .list || screen == .detail ? wheelStep : 1
            for _ in 0..<times { _ = Update.perform(action, key: .unknown(0), &state, lists) }
            return []
        case .click, .doubleClick:
            if mouse.y == 0, state.stack.isEmpty,
               let tab = tabBar(state).tabs.last(where: { $0.x <= mouse.x }) {
                state.pane = tab.pane
                return []
            }
            guard screen == .list else { return [] }
            let layout = Layout(width: state.width, height: state.height)
            let offset = mouse.y - layout.listTop
            guard offset >= 0, offset < layout.listRows else { return [] }
            let first = Table.firstVisible(selected: state.selectedRow ?? 0, count: state.visibleRecords.count, visibleRows: layout.listRows)
            let row = first + offset
            guard row < state.visibleRecords.count else { return [] }
            Selection.moveTo(row: row, &state)
            return mouse.kind == .doubleClick ? Update.perform(.openRecord, key: .enter, &state, lists) : []
        }
    }
}
