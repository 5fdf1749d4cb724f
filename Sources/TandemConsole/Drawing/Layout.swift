/// Where each part of the screen goes for a given terminal size.
struct Layout {
    static let minimumWidth = 60
    static let minimumHeight = 15

    let width: Int
    let height: Int

    var isTooSmall: Bool { width < Layout.minimumWidth || height < Layout.minimumHeight }

    let tabRow = 0
    let headerRow = 1
    let listTop = 2
    /// The detail section, its title line included.
    var detailHeight: Int { max(5, min(12, height / 3)) }
    var listRows: Int { max(1, height - 4 - detailHeight) }
    var detailTop: Int { listTop + listRows }
    var footerRow: Int { height - 2 }
    var statusRow: Int { height - 1 }
}
