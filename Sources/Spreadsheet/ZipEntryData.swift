import Foundation
import ZIPFoundation

/// Where each entry's stored bytes lie in a zip file, read from its central directory: what
/// Package inflates, bounded to exactly those bytes.
///
/// Why not ZIPFoundation's `Archive.extract`: in 0.9.20 its inflater asks for input until the
/// deflate stream ends, reading past the entry's compressed size to the end of the file, and once
/// the file is exhausted it loops forever (a damaged or hostile workbook hung `carnet import
/// progress`, found by fuzzing). ZIPFoundation still lists the entries; their bytes are inflated
/// by its own public `Data.decompress`, fed here from a provider that stops at the entry's end.
struct ZipEntryData {
    struct Span { var offset: Int; var compressed: Int; var method: UInt16; var crc32: UInt32 }
    /// In central directory order (ZIPFoundation's iteration order).
    let spans: [Span]

    /// Shown inside "… cannot be read (zip data)": which layer of the file is damaged.
    struct Malformed: Error, CustomStringConvertible { var description: String { "zip data" } }

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        func u16(_ i: Int) throws -> Int {
            guard i >= 0, i + 2 <= bytes.count else { throw Malformed() }
            return Int(bytes[i]) | Int(bytes[i + 1]) << 8
        }
        func u32(_ i: Int) throws -> Int {
            let low = try u16(i), high = try u16(i + 2)
            return low | high << 16
        }
        // The end of central directory record: its signature, searched backwards over at most a
        // comment's length (65,535 bytes).
        var end = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while end >= lowest {
            if try u32(end) == 0x0605_4B50 { break }
            end -= 1
        }
        guard end >= lowest else { throw Malformed() }
        let count = try u16(end + 10), size = try u32(end + 12)
        var at = try u32(end + 16)
        guard at + size <= end else { throw Malformed() }
        var spans: [Span] = []
        for _ in 0..<count {
            guard try u32(at) == 0x0201_4B50 else { throw Malformed() }
            let method = UInt16(try u16(at + 10)), crc = UInt32(try u32(at + 16)), compressed = try u32(at + 20)
            let name = try u16(at + 28), extra = try u16(at + 30), comment = try u16(at + 32)
            let local = try u32(at + 42)
            // ZIP64 (sizes or offsets of 0xFFFFFFFF) is never needed for a workbook within the caps.
            guard compressed != 0xFFFF_FFFF, local != 0xFFFF_FFFF, try u32(local) == 0x0403_4B50 else { throw Malformed() }
            let nameLength = try u16(local + 26), extraLength = try u16(local + 28)
            let offset = local + 30 + nameLength + extraLength
            guard offset + compressed <= bytes.count else { throw Malformed() }
            spans.append(Span(offset: offset, compressed: compressed, method: method, crc32: crc))
            at += 46 + name + extra + comment
        }
        self.spans = spans
    }

    /// The entry's bytes, inflated (or stored), handed to `consumer` chunk by chunk; throws on a
    /// stream that does not end within the entry's bytes, or whose checksum is wrong.
    static func read(_ span: Span, of data: Data, consumer: (Data) throws -> Void) throws {
        let start = data.startIndex + span.offset
        let stored = data[start ..< start + span.compressed]
        switch span.method {
        case 0:
            let bytes = Data(stored)
            guard bytes.crc32(checksum: 0) == span.crc32 else { throw Malformed() }
            try consumer(bytes)
        case 8:
            let chunk = 64 * 1024
            // The inflater sets its input length to `bufferSize` whatever the chunk's length, so
            // each chunk is padded to it: past the entry's end zlib meets zeros (an invalid block,
            // an error), never the memory after the chunk; the next request past the end throws.
            let crc = try Data.decompress(size: Int64(span.compressed), bufferSize: chunk, skipCRC32: false, provider: { position, _ in
                guard position < Int64(span.compressed) else { throw Malformed() }
                let from = start + Int(position)
                var piece = Data(data[from ..< min(from + chunk, start + span.compressed)])
                if piece.count < chunk { piece.append(Data(count: chunk - piece.count)) }
                return piece
            }, consumer: consumer)
            guard crc == span.crc32 else { throw Malformed() }
        default:
            throw Malformed()
        }
    }
}
