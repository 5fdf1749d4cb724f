import Synchronization

/// What is known of one zone's offsets: spans of time, each from a moment that
/// was asked about up to the zone's next change of offset after it, in which
/// the offset stays the same. A statement over a million events asks for the
/// day of each enquiry sent; nearly every question falls in a span already
/// learnt, and a zone without summer time is learnt in one or two questions.
struct ZoneSpans: Sendable {
    struct Span: Equatable, Sendable {
        /// The first second of the span, and the second after its last (`Int64.max`: no change known after it).
        var start: Int64
        var end: Int64
        var offset: Int
    }

    /// In order of `start`; no two overlap.
    private(set) var spans: [Span] = []

    /// The offset at `second`, when a span learnt holds it.
    func offset(at second: Int64) -> Int? {
        // The last span that starts at or before the second.
        var low = 0, high = spans.count
        while low < high {
            let middle = (low + high) / 2
            if spans[middle].start <= second { low = middle + 1 } else { high = middle }
        }
        guard low > 0, second < spans[low - 1].end else { return nil }
        return spans[low - 1].offset
    }

    /// Learns that the offset is `offset` from `start` up to `end`. Spans it
    /// overlaps or touches with the same offset become one; a span it overlaps
    /// with another offset (the zone's rules changed under a running program)
    /// is forgotten.
    mutating func learn(_ span: Span) {
        guard span.start < span.end else { return }
        var merged = span
        var kept: [Span] = []
        kept.reserveCapacity(spans.count + 1)
        for old in spans {
            let overlaps = old.start < merged.end && merged.start < old.end
            let touches = old.end == merged.start || merged.end == old.start
            if overlaps || touches, old.offset == merged.offset {
                merged.start = min(merged.start, old.start)
                merged.end = max(merged.end, old.end)
            } else if !overlaps {
                kept.append(old)
            }
        }
        let at = kept.firstIndex { $0.start > merged.start } ?? kept.count
        kept.insert(merged, at: at)
        spans = kept
    }
}

extension ZoneRules {
    /// Rules that ask `offset` (a zone's offset at a moment, nil for a zone it
    /// does not know) and `nextChange` (the zone's first change of offset after
    /// a moment, nil for none) once per span of time in which nothing changes,
    /// and answer from what they learnt after that.
    public static func remembering(
        name: String, offset: @escaping @Sendable (_ zone: String, _ at: Timestamp) -> Int?,
        nextChange: @escaping @Sendable (_ zone: String, _ after: Timestamp) -> Timestamp?
    ) -> ZoneRules {
        let learnt = ZoneMemory()
        return ZoneRules(name: name) { zone, moment in
            let second = moment.secondsSinceEpoch
            if let known = learnt.table.withLock({ $0[zone]?.offset(at: second) }) { return known }
            guard let now = offset(zone, moment) else { return nil }
            let end = nextChange(zone, moment)?.secondsSinceEpoch ?? Int64.max
            learnt.table.withLock { $0[zone, default: ZoneSpans()].learn(.init(start: second, end: max(end, second + 1), offset: now)) }
            return now
        }
    }
}

/// The spans learnt of each zone, shared by every copy of the rules.
private final class ZoneMemory: Sendable {
    let table = Mutex<[String: ZoneSpans]>([:])
}
