import Foundation
import Messages
import Records
import ZIPFoundation

/// Copies evidence files into the site (the manual's online repository of documents, §1 L),
/// refusing anything that is not a regular file inside the commitment's evidence/ folder:
/// a record could name `../../etc/passwd` or a symbolic link, and the site is published.
///
/// The site never publishes a file a browser would run at the site's origin. Whether a file is
/// shown in the browser is decided on its name alone (a static host serves by extension), by
/// `kind(ofName:)`: PDF, images and plain text are copied as they are; office documents and
/// archives, which browsers only download, too; anything else — HTML, SVG, XML, XHTML,
/// JavaScript, Markdown (which Jekyll, on GitHub Pages, turns into HTML), a name with no or an
/// unknown extension — is published inside a ZIP archive (`rapport.html` → `rapport.html.zip`),
/// which every host serves as `application/zip` and no browser opens as a page.
final class EvidenceCopier {
    let planRoot: URL
    let siteRoot: URL
    private(set) var warnings: [String] = []
    /// Site paths written by this run: two evidence files never land on one name.
    private var written: Set<String> = []

    init(planRoot: URL, siteRoot: URL) {
        self.planRoot = planRoot.standardizedFileURL
        self.siteRoot = siteRoot
    }

    /// How the site offers a file.
    enum Kind: Equatable {
        /// Shown in the browser: no script runs in it.
        case inline
        /// Browsers save it rather than show it (office documents, archives); copied as it is.
        case download
        /// Anything else: published inside a ZIP archive.
        case zipped
    }

    /// Extensions (lower case) of files shown in the browser.
    static let inlineExtensions: Set<String> = ["pdf", "png", "jpg", "jpeg", "gif", "webp", "txt", "csv"]
    /// Extensions (lower case) of files browsers download: office documents and archives.
    static let downloadExtensions: Set<String> = [
        "odt", "ods", "odp", "odg", "docx", "xlsx", "pptx", "doc", "xls", "ppt", "zip", "7z", "gz",
    ]

    /// The one rule: how a file named `name` (its last path component) is published.
    static func kind(ofName name: String) -> Kind {
        let ext = fileExtension(name)
        if inlineExtensions.contains(ext) { return .inline }
        if downloadExtensions.contains(ext) { return .download }
        return .zipped
    }

    /// The text after the last dot, in lower case; empty when there is none (or only a leading dot).
    private static func fileExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// The name the site gives the file: an allowed extension in lower case (hosts match
    /// extensions case-sensitively or not), and `.zip` added to a zipped one.
    static func publishedName(_ name: String) -> String {
        switch kind(ofName: name) {
        case .zipped: return name + ".zip"
        case .inline, .download:
            let ext = fileExtension(name)
            return String(name.dropLast(ext.count)) + ext
        }
    }

    /// Where a copy went: `path` relative to the site, and `href`, the same URL-encoded.
    struct Copy {
        let path: String
        let href: String
    }

    /// Whether the published file at `sitePath` (or its href) is one a browser shows: its
    /// link then opens it; any other evidence link carries `download`.
    static func opensInline(_ sitePath: String) -> Bool {
        kind(ofName: String(sitePath.split(separator: "/").last ?? "")) == .inline
    }

    /// Copies the file, or returns nil (with a warning).
    func copy(commitment id: String, file: String) -> Copy? {
        copy(file, base: PlanLayout.commitmentDir(id), inside: PlanLayout.evidenceDirName, site: ["evidence", id])
    }

    /// Copies a document of the process (participation/files/…) to participation/… in the site.
    func copy(participationFile file: String) -> Copy? {
        copy(file, base: PlanLayout.participationDir, inside: "files", site: [PlanLayout.participationDir])
    }

    /// Copies `file`, a path relative to the plan folder `base` that must be inside its folder
    /// `inside`, to `site` + the rest of its path; or returns nil (with a warning).
    private func copy(_ file: String, base: String, inside: String, site: [String]) -> Copy? {
        let prefix = inside + "/"
        var parts = file.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // Plan paths follow PathRules (git's rules and Carnet's: no control characters, no
        // `..`, no `.git*`); the site's own rule on top: no hidden file (a `.htaccess` would
        // configure the web server).
        let sitePath = (site + parts.dropFirst()).joined(separator: "/")
        guard file.hasPrefix(prefix), parts.count >= 2,
              PathRules.problem(in: "\(base)/\(file)") == nil, PathRules.problem(in: sitePath) == nil,
              !parts.contains(where: { $0.hasPrefix(".") }) else {
            warnings.append(Catalogue.text("tidy.evidence.not-inside", ["place": .text(base), "file": .text(file), "folder": .text(inside)]))
            return nil
        }
        let insideDir = planRoot.appendingPathComponent(base).appendingPathComponent(inside).resolvingSymlinksInPath().path + "/"
        let source = planRoot.appendingPathComponent(base).appendingPathComponent(file)
        let fm = FileManager.default
        guard let attributes = try? fm.attributesOfItem(atPath: source.path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              source.resolvingSymlinksInPath().path.hasPrefix(insideDir) else {
            warnings.append(Catalogue.text("tidy.evidence.missing", ["file": .text("\(base)/\(file)")]))
            return nil
        }
        if let size = attributes[.size] as? Int, size > PlanLayout.maxEvidenceBytes {
            warnings.append(Catalogue.text("tidy.evidence.too-large", ["file": .text("\(base)/\(file)"),
                                                         "limit": .number(PlanLayout.maxEvidenceBytes >> 20)]))
            return nil
        }
        let name = parts.removeLast()
        let relative = site + parts.dropFirst() + [Self.publishedName(name)]
        let path = relative.joined(separator: "/")
        guard !written.contains(path) else {
            warnings.append(Catalogue.text("tidy.evidence.clash", ["file": .text("\(base)/\(file)"), "path": .text(path)]))
            return nil
        }
        do {
            let bytes = Self.kind(ofName: name) == .zipped ? try Self.zip(source, as: name) : try Data(contentsOf: source)
            // Through the site's own folders only, never a link planted to lead the copy out.
            try SiteFolder.write(bytes, at: relative, in: siteRoot)
        } catch {
            let reason = (error as? SiteFolder.NotAFolder)?.message ?? Catalogue.reason(for: error)
            warnings.append(Catalogue.text("tidy.evidence.cannot-copy", ["file": .text("\(base)/\(file)"), "reason": .text(reason)]))
            return nil
        }
        written.insert(path)
        let href = relative.map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? $0 }
            .joined(separator: "/")
        return Copy(path: path, href: href)
    }

    /// A ZIP archive holding the file under its own name, dated 2 January 1980 at noon UTC
    /// (ZIP's dates start in 1980, in local time: a day later stays valid in every time zone),
    /// so that the same file always gives the same bytes.
    static func zip(_ source: URL, as name: String) throws -> Data {
        let data = try Data(contentsOf: source)
        let archive = try Archive(accessMode: .create)
        try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count),
                             modificationDate: Date(timeIntervalSince1970: 315_662_400), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
        guard let zipped = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return zipped
    }
}
