import Foundation
import Git
import Messages
import Records

extension WorkingCopy {
    public enum EvidenceSource {
        case file(String)
        case url(String)
    }

    /// Adds a document (copied into the commitment's evidence folder) or a link, as one commit.
    ///
    /// A document reached through a symbolic link is the file it points to; the copy in the plan
    /// is always a plain file. A document already in the commitment's evidence folder (put there
    /// by hand) is recorded where it is, not copied. The same content twice (git's blob id, whatever the name) is refused
    /// as a duplicate naming the entry that has it. Without a title, the title is made from the
    /// file name (`EvidenceTitle`).
    @discardableResult
    public func addEvidence(_ commitmentID: String, _ source: EvidenceSource, milestone: String?, title: String?,
                            language: String? = nil) throws -> String {
        let commitmentID = try self.commitmentID(for: commitmentID)
        var copied: String? = nil
        var stored: String? = nil
        var restoreLink: (String, String)? = nil
        var document: (name: String, bytes: Data, blob: ObjectID)? = nil
        switch source {
        case .url(let url):
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw WorkspaceError.usage(EvidenceMessage.notAWebAddress(url))
            }
        case .file(let path):
            document = try readDocument(path)
            guard FileManager.default.fileExists(atPath: self.path(PlanLayout.commitmentDir(commitmentID))) else {
                throw WorkspaceError.usage(EvidenceMessage.noSuchCommitment(commitmentID))
            }
            // Before anything is copied: a commitment this copy's ministry does not lead.
            try requireWriteAccess(PlanLayout.progressFile(commitmentID))
            if let placed = try inEvidenceFolder(path, commitmentID: commitmentID) {
                // Put there by hand: recorded where it is (a link there becomes the plain file it points to).
                stored = placed.relative
                if let target = placed.linkTarget {
                    do {
                        try FileManager.default.removeItem(atPath: self.path(placed.relative))
                        try document!.bytes.write(to: URL(fileURLWithPath: self.path(placed.relative)), options: .withoutOverwriting)
                    } catch {
                        try? FileManager.default.removeItem(atPath: self.path(placed.relative))
                        try? FileManager.default.createSymbolicLink(atPath: self.path(placed.relative), withDestinationPath: target)
                        throw WorkspaceError.io(EvidenceMessage.cannotCopy(path, placed.relative, Catalogue.reason(for: error)))
                    }
                    restoreLink = (placed.relative, target)
                }
            } else {
                // Copied first, so that validation sees the document; taken back out if the edit is refused.
                let name = try placeDocument(document!.bytes, named: document!.name, inFolder: PlanLayout.evidenceDir(commitmentID))
                copied = "\(PlanLayout.evidenceDir(commitmentID))/\(name)"
                stored = copied
            }
        }
        do {
            return try editProgress(commitmentID, extraPaths: stored.map { [$0] } ?? []) { progress, commitment, planLanguage in
                if let milestone, commitment.milestone(milestone) == nil {
                    throw WorkspaceError.usage(EvidenceMessage.noSuchMilestone(commitmentID, milestone, commitment.milestones.map(\.id)))
                }
                var n = progress.evidence.count + 1
                while progress.evidence.contains(where: { $0.id == "e\(n)" }) { n += 1 }
                let defaultTitle: String
                var fileField: String? = nil
                var url: String? = nil
                switch source {
                case .url(let address):
                    if let same = progress.evidence.first(where: { $0.url == address }) {
                        throw WorkspaceError.usage(EvidenceMessage.duplicateURL(address, commitmentID, same.id))
                    }
                    url = address
                    defaultTitle = address
                case .file:
                    let document = document!
                    if let same = try duplicate(of: document.blob, in: progress, commitmentID: commitmentID) {
                        throw WorkspaceError.usage(EvidenceMessage.duplicateFile(document.name, commitmentID, same.id, same.file ?? ""))
                    }
                    fileField = PlanLayout.evidenceDirName + "/" + stored!.dropFirst(PlanLayout.evidenceDir(commitmentID).count + 1)
                    defaultTitle = EvidenceTitle.fromFileName(document.name, language: language ?? planLanguage)
                }
                let entry = CommitmentProgress.Evidence(
                    id: "e\(n)", title: Text.make(title ?? defaultTitle, language: language, planLanguage: planLanguage),
                    file: fileField, url: url, milestone: milestone, added: PlanDate.today())
                progress.evidence.append(entry)
                return EvidenceMessage.added(commitmentID, "e\(n)", fileField ?? url ?? "", milestone)
            }
        } catch {
            // Nothing is written when the edit is refused: take the copied document back out.
            if let copied { try? FileManager.default.removeItem(atPath: self.path(copied)) }
            if let (relative, target) = restoreLink {
                try? FileManager.default.removeItem(atPath: self.path(relative))
                try? FileManager.default.createSymbolicLink(atPath: self.path(relative), withDestinationPath: target)
            }
            throw error
        }
    }

    /// Removes an evidence entry and, for a document, its file in evidence/: one commit. The file
    /// stays when another entry still names it.
    @discardableResult
    public func removeEvidence(_ commitmentID: String, _ evidenceID: String) throws -> String {
        let commitmentID = try self.commitmentID(for: commitmentID)
        var removedFile: String?
        return try editProgress(commitmentID, afterValidation: {
            guard let removedFile else { return [] }
            if FileManager.default.fileExists(atPath: self.path(removedFile)) {
                do { try FileManager.default.removeItem(atPath: self.path(removedFile)) } catch {
                    throw WorkspaceError.io(EvidenceMessage.cannotRemove(removedFile, Catalogue.reason(for: error)))
                }
            }
            return [removedFile]
        }) { progress, _, _ in
            guard let index = progress.evidence.firstIndex(where: { $0.id == evidenceID }) else {
                throw WorkspaceError.usage(EvidenceMessage.noSuchEvidence(commitmentID, evidenceID, progress.evidence.map(\.id)))
            }
            let entry = progress.evidence.remove(at: index)
            if let file = entry.file, !progress.evidence.contains(where: { $0.file == file }),
               let relative = evidencePath(file, commitmentID: commitmentID) {
                removedFile = relative
            }
            return EvidenceMessage.removed(commitmentID, entry.id, entry.file ?? entry.url ?? "")
        }
    }

    /// The path of an evidence `file` field relative to the plan, when it is inside the
    /// commitment's evidence folder (nil otherwise: Carnet never deletes anything else).
    private func evidencePath(_ file: String, commitmentID: String) -> String? {
        let folder = root.appendingPathComponent(PlanLayout.evidenceDir(commitmentID)).standardizedFileURL.path + "/"
        let target = root.appendingPathComponent(PlanLayout.commitmentDir(commitmentID)).appendingPathComponent(file).standardizedFileURL.path
        guard !file.hasPrefix("/"), target.hasPrefix(folder) else { return nil }
        return PlanLayout.evidenceDir(commitmentID) + "/" + target.dropFirst(folder.count)
    }

    /// When `path` is already in the commitment's evidence folder (put there by hand): its path
    /// relative to the plan, and where it points when it is a symbolic link.
    private func inEvidenceFolder(_ path: String, commitmentID: String) throws -> (relative: String, linkTarget: String?)? {
        let given = URL(fileURLWithPath: path).standardizedFileURL
        let folder = URL(fileURLWithPath: self.path(PlanLayout.evidenceDir(commitmentID))).resolvingSymlinksInPath().path + "/"
        let parent = given.deletingLastPathComponent().resolvingSymlinksInPath().path + "/"
        guard parent.hasPrefix(folder) else { return nil }
        let relative = PlanLayout.evidenceDir(commitmentID) + "/" + parent.dropFirst(folder.count) + given.lastPathComponent
        let type = (try? FileManager.default.attributesOfItem(atPath: given.path))?[.type] as? FileAttributeType
        if type == .typeSymbolicLink {
            return (relative, (try? FileManager.default.destinationOfSymbolicLink(atPath: given.path)) ?? "")
        }
        return (relative, nil)
    }

    /// The document's bytes, read through any symbolic link, with the name it will be copied under
    /// (evidence, and the documents of the process: ParticipationEdits).
    func readDocument(_ path: String) throws -> (name: String, bytes: Data, blob: ObjectID) {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDir) else {
            throw WorkspaceError.usage(EvidenceMessage.noFile(path))
        }
        guard !isDir.boolValue else { throw WorkspaceError.usage(EvidenceMessage.isAFolder(path)) }
        let size = (try? FileManager.default.attributesOfItem(atPath: resolved)[.size] as? Int) ?? 0
        guard size <= PlanLayout.maxEvidenceBytes else {
            throw WorkspaceError.usage(EvidenceMessage.tooLarge(path, size >> 20, PlanLayout.maxEvidenceBytes >> 20))
        }
        let bytes: Data
        do { bytes = try Data(contentsOf: URL(fileURLWithPath: resolved)) } catch {
            throw WorkspaceError.io(EvidenceMessage.cannotRead(path, Catalogue.reason(for: error)))
        }
        // The name the person gave (the link's), which is the one they recognise.
        let name = URL(fileURLWithPath: path).lastPathComponent
        return (name, bytes, try git { try Repository.blobID(of: bytes) })
    }

    /// The entry whose document has these bytes (compared by git blob id), if any.
    private func duplicate(of blob: ObjectID, in progress: CommitmentProgress, commitmentID: String) throws -> CommitmentProgress.Evidence? {
        for entry in progress.evidence {
            guard let file = entry.file, let relative = evidencePath(file, commitmentID: commitmentID),
                  let data = FileManager.default.contents(atPath: path(relative)) else { continue }
            if try git({ try Repository.blobID(of: data) }) == blob { return entry }
        }
        return nil
    }

    /// A safe file name in `relative` (a commitment's evidence/, participation/files/) that no other document has.
    private func freeName(_ original: String, inFolder relative: String) throws -> String {
        let folder = self.path(relative)
        let safe = String(original.precomposedStringWithCanonicalMapping.unicodeScalars.map { scalar -> Character in
            CharacterSet.alphanumerics.contains(scalar) || ".-_".unicodeScalars.contains(scalar) ? Character(scalar) : "-"
        })
        let base = (safe as NSString).deletingPathExtension
        let ext = (safe as NSString).pathExtension
        var name = safe.isEmpty || safe.hasPrefix(".") ? "document-\(safe)" : safe
        var n = 2
        while FileManager.default.fileExists(atPath: "\(folder)/\(name)") {
            name = ext.isEmpty ? "\(base)-\(n)" : "\(base)-\(n).\(ext)"
            n += 1
        }
        return name
    }

    /// Writes the document into `relative` (evidence/, participation/files/) as a plain file, under the name `freeName` gives.
    func placeDocument(_ bytes: Data, named original: String, inFolder relative: String) throws -> String {
        let folder = self.path(relative)
        let name = try freeName(original, inFolder: relative)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try bytes.write(to: URL(fileURLWithPath: "\(folder)/\(name)"), options: .withoutOverwriting)
        } catch {
            throw WorkspaceError.io(EvidenceMessage.cannotCopy(original, folder, Catalogue.reason(for: error)))
        }
        return name
    }
}

/// What the evidence commands say, in the catalogue (`workspace.evidence.*`); the commit
/// subjects (`added`, `removed`) stay in English: a commit is the plan's shared history, read by
/// people of every language of the plan and by tools (docs/LANGUAGES.md).
enum EvidenceMessage {
    static func notAWebAddress(_ url: String) -> String { Catalogue.text("workspace.evidence.not-a-web-address", ["url": .text(url)]) }
    static func noSuchCommitment(_ c: String) -> String { SheetMessage.noSuchCommitment(c) }
    static func noFile(_ path: String) -> String { Catalogue.text("workspace.evidence.no-file", ["path": .text(path)]) }
    static func isAFolder(_ path: String) -> String { Catalogue.text("workspace.evidence.is-a-folder", ["path": .text(path)]) }
    static func tooLarge(_ path: String, _ mib: Int, _ limit: Int) -> String {
        Catalogue.text("workspace.evidence.too-large", ["path": .text(path), "size": .number(mib), "limit": .number(limit)])
    }
    static func cannotRead(_ path: String, _ why: String) -> String { Catalogue.text("workspace.cannot-read", ["path": .text(path), "reason": .text(why)]) }
    static func cannotCopy(_ path: String, _ folder: String, _ why: String) -> String {
        Catalogue.text("workspace.evidence.cannot-copy", ["path": .text(path), "folder": .text(folder), "reason": .text(why)])
    }
    static func cannotRemove(_ path: String, _ why: String) -> String {
        Catalogue.text("workspace.evidence.cannot-remove", ["path": .text(path), "reason": .text(why)])
    }
    static func noSuchMilestone(_ c: String, _ m: String, _ known: [String]) -> String {
        Catalogue.text("workspace.no-such-milestone", ["commitment": .text(c), "milestone": .text(m), "milestones": .text(known.joined(separator: ", "))])
    }
    static func duplicateFile(_ name: String, _ c: String, _ id: String, _ file: String) -> String {
        Catalogue.text("workspace.evidence.duplicate-file", ["name": .text(name), "commitment": .text(c), "entry": .text(id), "file": .text(file)])
    }
    static func duplicateURL(_ url: String, _ c: String, _ id: String) -> String {
        Catalogue.text("workspace.evidence.duplicate-url", ["url": .text(url), "commitment": .text(c), "entry": .text(id)])
    }
    static func noSuchEvidence(_ c: String, _ id: String, _ known: [String]) -> String {
        known.isEmpty
            ? Catalogue.text("workspace.evidence.none", ["commitment": .text(c), "entry": .text(id)])
            : Catalogue.text("workspace.evidence.no-such", ["commitment": .text(c), "entry": .text(id), "entries": .text(known.joined(separator: ", "))])
    }
    static func added(_ c: String, _ id: String, _ what: String, _ milestone: String?) -> String {
        "Commitment \(c): evidence \(id) added (\(what))" + (milestone.map { " for milestone \($0)" } ?? "")
    }
    static func removed(_ c: String, _ id: String, _ what: String) -> String {
        "Commitment \(c): evidence \(id) removed (\(what))"
    }
}
