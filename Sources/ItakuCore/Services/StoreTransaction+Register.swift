import Foundation

extension StoreTransaction {
    /// Throws not-found unless contractor `id` is in the register. For `principal` being that
    /// contractor's own token the answer is already known — authentication matched the token
    /// against the register, and no contractor is ever removed — so no statement is run: a
    /// contractor's every submission and report saves one.
    func requireContractor(_ id: UUID, by principal: Principal) async throws {
        if principal.contractorID == id { return }
        guard try await contractorExists(id) else { throw ItakuError.notFound(ContractDesk.missingContractor(id)) }
    }
}
