import Foundation
import Messages

/// plan.yaml's optional `logo`: a picture in the plan's folder for the self-assessment's cover
/// and the dashboard's header. Whoever edits plan.yaml chooses the name and whoever commits the
/// file its bytes, so the name follows the plan's one path rule (PathRules), only PNG and JPEG
/// are taken (by name here, by their first bytes when read), and the file is capped in size.
public enum PlanLogo {
    public static let maxBytes = 1 << 20
    public static let extensions = ["png", "jpg", "jpeg"]

    public enum Kind: String, Sendable { case png, jpeg
        public var fileExtension: String { self == .png ? "png" : "jpg" }
        public var mediaType: String { self == .png ? "image/png" : "image/jpeg" }
    }

    /// The picture's kind from its first bytes (PNG signature, JPEG SOI marker); nil otherwise.
    public static func kind(of bytes: Data) -> Kind? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        return nil
    }

    /// The logo's bytes and kind, read from the plan's folder `root`; or why it is not used.
    /// The file must be a regular file inside the plan folder (a link pointing out is refused).
    public static func load(_ path: String, planRoot root: URL) -> Result<(data: Data, kind: Kind), LogoProblem> {
        if let problem = PathRules.problem(in: path) { return .failure(.init(Catalogue.text("pp.logo.bad-path", ["path": .text(path), "reason": .text(problem)]))) }
        let url = root.appendingPathComponent(path).standardizedFileURL
        let inside = root.standardizedFileURL.resolvingSymlinksInPath().path + "/"
        guard url.resolvingSymlinksInPath().path.hasPrefix(inside),
              let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              attributes[.type] as? FileAttributeType == .typeRegular else {
            return .failure(.init(Catalogue.text("pp.logo.missing", ["path": .text(path)])))
        }
        if let size = attributes[.size] as? Int, size > maxBytes {
            return .failure(.init(Catalogue.text("pp.logo.too-big", ["path": .text(path), "max": .number(maxBytes / 1024)])))
        }
        guard let data = try? Data(contentsOf: url), data.count <= maxBytes else {
            return .failure(.init(Catalogue.text("pp.logo.missing", ["path": .text(path)])))
        }
        guard let kind = kind(of: data) else { return .failure(.init(Catalogue.text("pp.logo.not-picture", ["path": .text(path)]))) }
        return .success((data, kind))
    }

    public struct LogoProblem: Error, Sendable {
        public let message: String
        init(_ message: String) { self.message = message }
    }

    /// Width and height in pixels (PNG's IHDR, JPEG's first SOF segment); nil when not found.
    public static func size(of bytes: Data, kind: Kind) -> (width: Int, height: Int)? {
        let b = [UInt8](bytes.prefix(1 << 16))
        func be16(_ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
        switch kind {
        case .png:
            guard b.count >= 24 else { return nil }
            let w = be16(16) << 16 | be16(18), h = be16(20) << 16 | be16(22)
            return w > 0 && h > 0 ? (w, h) : nil
        case .jpeg:
            var i = 2
            while i + 9 < b.count {
                guard b[i] == 0xFF else { return nil }
                let marker = b[i + 1]
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                    let h = be16(i + 5), w = be16(i + 7)
                    return w > 0 && h > 0 ? (w, h) : nil
                }
                i += 2 + be16(i + 2)
            }
            return nil
        }
    }
}

extension MapNode {
    /// plan.yaml's `logo` when its name is acceptable (the problem is reported otherwise).
    func planLogo() -> String? {
        guard let path = string("logo") else { return nil }
        if let problem = PathRules.problem(in: path) {
            source.report(value("logo"), Said("pp.records.logo-path", ["path": .text(path), "reason": .text(problem)]))
            return nil
        }
        let ext = (path as NSString).pathExtension.lowercased()
        guard PlanLogo.extensions.contains(ext) else {
            source.report(value("logo"), Said("pp.records.logo-kind", ["path": .text(path)]))
            return nil
        }
        return path
    }
}
