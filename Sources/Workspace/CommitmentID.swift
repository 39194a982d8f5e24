import Foundation
import Messages
import Records

extension WorkingCopy {
    /// The commitment a person means: its folder name (`05`), its official code (`US0113`, any
    /// case), or its number (`5`, `05`, as in
    /// commitment.yaml's `number`, or a folder whose name is that number with leading zeros).
    /// Unknown: a usage error that says how to list them. A number that two folders answer to
    /// (`5` with folders `05` and `005`) is refused with both named: never a guess.
    public func commitmentID(for typed: String) throws -> String {
        let given = PeopleInput.recordID(typed) ?? typed   // ` 05 ` is 05
        for name in [typed, given] where !name.contains("/") && name != "." && name != ".." {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path(PlanLayout.commitmentDir(name)), isDirectory: &isDir), isDir.boolValue {
                return name
            }
        }
        // An official code (commitment.yaml's `code`), case aside; two commitments with it: never a guess.
        if OfficialCode.isValid(typed.trimmingCharacters(in: .whitespaces)) {
            let coded = snapshot().sortedCommitments.filter { OfficialCode.matches($0.commitment?.record?.code, typed) }.map(\.id)
            if coded.count == 1 { return coded[0] }
            if coded.count > 1 {
                throw WorkspaceError.usage(Catalogue.text("cli.commitment.ambiguous", [
                    "given": .text(typed), "candidates": .text(coded.joined(separator: ", ")), "count": .number(coded.count)]))
            }
        }
        if let number = Int(given), number >= 0 {
            let folders = (try? FileManager.default.contentsOfDirectory(atPath: path(PlanLayout.commitmentsDir))) ?? []
            let same = folders.filter { Int($0) == number }.sorted()
            if same.count == 1 { return same[0] }
            if same.count > 1 {
                throw WorkspaceError.usage(Catalogue.text("cli.commitment.ambiguous", [
                    "given": .text(typed), "candidates": .text(same.joined(separator: ", ")), "count": .number(same.count)]))
            }
            let snapshot = snapshot()
            if let match = snapshot.sortedCommitments.first(where: { $0.commitment?.record?.number == number }) {
                return match.id
            }
        }
        throw WorkspaceError.usage(SheetMessage.noSuchCommitment(typed))
    }

    /// The milestone a person means in a commitment: its id as written (`m3`), or as Records
    /// reads an id people type (`M3`, ` m3 `) when the commitment has that milestone, or its
    /// official code (`C01.1.1`, any case).
    /// Otherwise the text as given, so that the edit itself refuses it with the commitment's
    /// milestones listed (one message).
    public func milestoneID(for given: String, in commitmentID: String) -> String {
        guard let milestones = snapshot(only: [commitmentID]).commitments[commitmentID]?.commitment?.record?.milestones,
              !milestones.contains(where: { $0.id == given }) else { return given }
        if let id = PeopleInput.recordID(given), milestones.contains(where: { $0.id == id }) { return id }
        let coded = milestones.filter { OfficialCode.matches($0.code, given) }
        return coded.count == 1 ? coded[0].id : given
    }
}
