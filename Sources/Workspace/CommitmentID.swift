import Foundation
import Records

extension WorkingCopy {
    /// The commitment a person means: its folder name (`05`), or its number (`5`, `05`, as in
    /// commitment.yaml's `number`, or a folder whose name is that number with leading zeros).
    /// Unknown: a usage error that says how to list them.
    public func commitmentID(for given: String) throws -> String {
        let folder = PlanLayout.commitmentDir(given)
        var isDir: ObjCBool = false
        if !given.contains("/"), given != ".", given != "..",
           FileManager.default.fileExists(atPath: path(folder), isDirectory: &isDir), isDir.boolValue {
            return given
        }
        if let number = Int(given), number >= 0 {
            let folders = (try? FileManager.default.contentsOfDirectory(atPath: path(PlanLayout.commitmentsDir))) ?? []
            if let same = folders.sorted().first(where: { Int($0) == number }) { return same }
            let snapshot = snapshot()
            if let match = snapshot.sortedCommitments.first(where: { $0.commitment?.record?.number == number }) {
                return match.id
            }
        }
        throw WorkspaceError.usage(SheetMessage.noSuchCommitment(given))
    }
}
