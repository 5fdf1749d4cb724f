import TandemConsole
import TandemCore
import TandemSample

/// The sample scenario's case file, replayed once.
let sampleCaseFile = CaseFile(replaying: SampleScenario.events())

func sampleState(width: Int = 100, height: Int = 30) -> ConsoleState {
    ConsoleState(
        caseFile: sampleCaseFile, width: width, height: height, now: SampleScenario.screensNow,
        user: "liaison", journalPath: "sample-data/jpa-2015.jsonl"
    )
}

/// Feeds keys through `update`, collecting the effects.
@discardableResult
func press(_ keys: [Key], _ state: inout ConsoleState) -> [Effect] {
    keys.flatMap { update(&state, .key($0)) }
}

func typing(_ text: String) -> [Key] { text.map { Key.character($0) } }

extension Array where Element == Effect {
    var committedCommands: [Change] {
        flatMap { effect -> [Change] in
            if case .commit(let proposals) = effect { return proposals.map(\.change) }
            return []
        }
    }
}

/// Works the derived parts of a state out again after a test set its fields directly.
func refresh(_ state: inout ConsoleState) {
    _ = update(&state, .resize(width: state.width, height: state.height))
}
