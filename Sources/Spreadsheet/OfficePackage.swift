import Foundation
import ZIPFoundation

/// The ZIP container of an Office Open XML package (ECMA-376 Part 2), written once for the
/// workbooks (XLSXWriter) and the self-assessment's Word file (Report's DocxPackage): every part
/// deflated, in the order given, stamped with `date` so that the same parts give the same bytes.
/// OpenDocument (ODSWriter) uses it too: its `mimetype` entry comes first and is `stored`
/// (not compressed), so that a program can tell the file's kind from its first bytes (ODF 1.3
/// Part 2, 3.3).
public enum OfficePackage {
    public static func zip(_ parts: [(String, String)], date: Date, stored: Set<String> = []) throws -> Data {
        try zip(parts.map { ($0.0, Data($0.1.utf8)) }, date: date, stored: stored)
    }

    /// The same with binary parts (a picture in a Word document).
    public static func zip(_ parts: [(String, Data)], date: Date, stored: Set<String> = []) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                                 compressionMethod: stored.contains(path) ? .none : .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }
}
