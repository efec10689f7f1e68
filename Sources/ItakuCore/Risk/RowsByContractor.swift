import Foundation

/// One table of a portfolio snapshot grouped by contractor, kept as positions into the table.
///
/// Grouping copies no row. Copying every row of the portfolio into groups ran on one core before
/// evaluation could start, and the copies were a second portfolio to free afterwards. Now a
/// contractor's rows are copied out only as it is evaluated, on whichever core evaluates it, and
/// `map(contractorAt:_:)` copies only what its transform keeps.
struct RowsByContractor<Row: Sendable>: Sendable {
    private(set) var rows: [Row]
    /// `positions[starts[c]..<starts[c + 1]]` are the rows of the contractor at position `c`.
    private var starts: [Int]
    private var positions: [Int32]

    /// Groups `rows` by the contractor `contractorID` names; rows of contractors not in
    /// `contractors` are left out. Within a group rows keep the table's order.
    init(_ rows: [Row], contractors: ContractorPositions, by contractorID: (Row) -> UUID) {
        let count = contractors.count
        var owner = [Int32](repeating: -1, count: rows.count)
        var starts = [Int](repeating: 0, count: count + 1)
        rows.withUnsafeBufferPointer { rows in
            for index in rows.indices {
                guard let position = contractors[contractorID(rows[index])] else { continue }
                owner[index] = Int32(position)
                starts[position + 1] += 1
            }
        }
        for position in 0..<count { starts[position + 1] += starts[position] }
        // A counting sort: each row's position goes to the next free place in its owner's group.
        var next = starts
        var positions = [Int32](repeating: 0, count: starts[count])
        for (index, position) in owner.enumerated() where position >= 0 {
            positions[next[Int(position)]] = Int32(index)
            next[Int(position)] += 1
        }
        self.rows = rows
        self.starts = starts
        self.positions = positions
    }

    /// The rows of the contractor at `position`, in order.
    subscript(contractorAt position: Int) -> [Row] {
        map(contractorAt: position) { $0 }
    }

    /// `transform` of each row of the contractor at `position`, in order; the rows are read where
    /// they lie, so a transform that keeps a few fields copies only those.
    func map<T>(contractorAt position: Int, _ transform: (Row) -> T) -> [T] {
        rows.withUnsafeBufferPointer { rows in
            positions[starts[position]..<starts[position + 1]].map { transform(rows[Int($0)]) }
        }
    }

    /// The `offset`-th row of the contractor at `position`.
    func row(ofContractorAt position: Int, _ offset: Int) -> Row {
        rows[Int(positions[starts[position] + offset])]
    }

    /// Hands the rows over (to be freed elsewhere) and leaves no group.
    mutating func removeAll() -> [Row] {
        defer { (rows, starts, positions) = ([], [0], []) }
        return rows
    }

    var isEmpty: Bool { rows.isEmpty }
}

extension RowsByContractor where Row: StoredInOrder {
    /// Puts every group in stored order; groups already in it (most) cost one pass.
    mutating func putGroupsInStoredOrder() {
        let starts = self.starts
        rows.withUnsafeBufferPointer { rows in
            positions.withUnsafeMutableBufferPointer { positions in
                for position in 0..<(starts.count - 1) where starts[position + 1] - starts[position] > 1 {
                    // Compared where they lie: rows taken by value would copy every field of each.
                    var group = UnsafeMutableBufferPointer(rebasing: positions[starts[position]..<starts[position + 1]])
                    let ordered = (1..<group.count).allSatisfy { !rows[Int(group[$0])].precedes(rows[Int(group[$0 - 1])]) }
                    if !ordered { group.sort { rows[Int($0)].precedes(rows[Int($1)]) } }
                }
            }
        }
    }
}

/// Each contractor's position in a snapshot's list of contractors.
struct ContractorPositions: Sendable {
    private let byID: [UUID: Int]
    /// How many positions there are: one past the last.
    let count: Int

    init(_ ids: [UUID]) {
        count = ids.count
        var byID = [UUID: Int](minimumCapacity: ids.count)
        for (position, id) in ids.enumerated() where byID[id] == nil { byID[id] = position }
        self.byID = byID
    }

    subscript(id: UUID) -> Int? { byID[id] }
}
