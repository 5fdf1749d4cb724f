/// A small deterministic random source (a linear congruential generator): the
/// sample and the synthetic journals must come out byte for byte the same on every run.
struct Dice: Sendable {
    var state: UInt64

    init(seed: UInt64 = 0x2015_0928) { state = seed }

    /// A number from 0 up to, not including, `n`.
    mutating func roll(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }
}
