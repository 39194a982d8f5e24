import CGit2
import Foundation

/// Remembers that the working tree was clean, so the next status can say so from stat data alone.
///
/// A full status reads every directory and checks for .gitignore files in each: on a plan of
/// 1,000 commitments that is about 10,000 system calls, most of a no-op sync. git has the same
/// problem and solves it with its untracked cache; libgit2 1.5 has none. After a full status that
/// found nothing, the stamp records HEAD, the index file, the ignore files outside the tree, and
/// every directory's modification time. While all of these are unchanged, no file can have been
/// added, removed or renamed (each changes its directory's mtime), and a file edited in place shows
/// in its own stat data against the index entry. So the check is a stat per directory and per
/// tracked file, and any difference at all means "maybe changed": the full status runs.
///
/// Timestamps are coarse (a kernel tick, or whole seconds on some file systems): an edit in the
/// same tick as the stat we recorded would not change it. So what changed less than a margin
/// before the status began is "racy" and checked by content, as git does: a racy folder by the
/// names it holds (a hash of them), a racy tracked file by hashing it against its index entry.
struct CleanStamp: Equatable {
    struct FileStat: Equatable {
        var seconds: Int, nanoseconds: Int, inode: UInt64, size: Int64, present: Bool

        init(_ path: String) {
            self = path.withCString { FileStat(cPath: $0) }
        }

        /// lstat of a NUL-terminated path (the stamp check builds these without Strings); with
        /// `folder`, the path is relative to that open folder (the working tree's top: the kernel
        /// then walks the plan's own few levels, not the whole path from `/` for every file).
        init(cPath: UnsafePointer<CChar>, in folder: Int32 = AT_FDCWD) {
            var st = stat()
            guard fstatat(folder, cPath, &st, AT_SYMLINK_NOFOLLOW) == 0 else {
                self.init(seconds: 0, nanoseconds: 0, inode: 0, size: 0, present: false)
                return
            }
            self.init(seconds: st.st_mtim.tv_sec, nanoseconds: st.st_mtim.tv_nsec, inode: UInt64(st.st_ino),
                      size: Int64(st.st_size), present: true)
        }

        /// Five numbers separated by spaces (as `line` writes them), then, unless `pathFollows` is
        /// false, a space and a path: the stat and where the path starts.
        static func parse(_ bytes: UnsafeBufferPointer<UInt8>, pathFollows: Bool = true) -> (FileStat, Int)? {
            var numbers: [Int64] = []
            numbers.reserveCapacity(5)
            var i = 0, value: Int64 = 0, digits = 0
            while i < bytes.count && numbers.count < 5 {
                let b = bytes[i]
                if b >= 0x30 && b <= 0x39 {
                    let (product, overflow) = value.multipliedReportingOverflow(by: 10)
                    guard !overflow, digits < 19 else { return nil }
                    value = product + Int64(b - 0x30)
                    digits += 1
                } else if b == 0x20 && digits > 0 {
                    numbers.append(value)
                    (value, digits) = (0, 0)
                } else {
                    return nil
                }
                i += 1
            }
            if numbers.count < 5 && i == bytes.count && digits > 0 && !pathFollows { numbers.append(value) }
            guard numbers.count == 5, pathFollows ? i <= bytes.count : i == bytes.count else { return nil }
            let stat = FileStat(seconds: Int(numbers[1]), nanoseconds: Int(numbers[2]), inode: UInt64(numbers[3]),
                                size: numbers[4], present: numbers[0] == 1)
            return (stat, i)
        }

        init(seconds: Int, nanoseconds: Int, inode: UInt64, size: Int64, present: Bool) {
            (self.seconds, self.nanoseconds, self.inode, self.size, self.present) = (seconds, nanoseconds, inode, size, present)
        }

        var line: String { "\(present ? 1 : 0) \(seconds) \(nanoseconds) \(inode) \(size)" }

        func isOlder(than limit: timespec) -> Bool {
            !present || seconds < limit.tv_sec || (seconds == limit.tv_sec && nanoseconds < limit.tv_nsec)
        }
    }

    static let fileName = "carnet-clean-stamp"
    /// Tests set it (in nanoseconds) to make everything racy, whatever the machine's speed.
    nonisolated(unsafe) static var marginForTests: Int?
    static let version = "carnet-clean-stamp 1"

    var head: String
    var index: FileStat
    var indexChecksum: String
    /// Ignore files outside the tree, by path (their change can make an ignored file count), with
    /// a hash of their content: small files, read every time, so their timing never matters.
    var ignoreFiles: [String: UInt64]
    /// Every directory of the working tree, relative ("" is the top), .git excluded.
    var directories: [String: FileStat]
    /// Directories changed within the margin: the hash of the names they hold.
    var racyDirectories: [String: UInt64] = [:]
    /// Tracked files changed within the margin: checked by content.
    var racyFiles: [String] = []

    /// nil when it cannot be taken (no HEAD, a path with a newline).
    static func take(_ repository: Repository, workdir: String, racyAfter limit: timespec) throws -> CleanStamp? {
        guard let head = try repository.headCommitID() else { return nil }
        var directories: [String: FileStat] = [:]
        var racy: [String: UInt64] = [:]
        var pending = [""]
        while let relative = pending.popLast() {
            guard !relative.contains("\n") else { return nil }
            let absolute = workdir + relative
            let stat = FileStat(absolute)
            directories[relative] = stat
            guard let listing = list(absolute, top: relative.isEmpty) else { return nil }
            if !stat.isOlder(than: limit) { racy[relative] = namesHash(listing.names) }
            pending += listing.directories.map { relative + $0 + "/" }
        }
        let git = repository.gitDirectory
        var stamp = CleanStamp(head: head.description, index: FileStat(git + "index"), indexChecksum: checksum(git + "index"),
                               ignoreFiles: Dictionary(uniqueKeysWithValues: ignorePaths(git).map { ($0, contentHash($0)) }),
                               directories: directories)
        stamp.racyDirectories = racy
        return stamp
    }

    /// The names in a folder (".git" left out at the top) and which of them are folders.
    static func list(_ absolute: String, top: Bool) -> (names: [String], directories: [String])? {
        guard let dir = opendir(absolute.isEmpty ? "." : absolute) else { return nil }
        defer { closedir(dir) }
        var names: [String] = [], directories: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            guard name != ".", name != "..", !(top && name == ".git") else { continue }
            names.append(name)
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                var st = stat()
                guard lstat(absolute + name, &st) == 0 else { continue }
                type = (st.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : UInt8(DT_REG)
            }
            if type == UInt8(DT_DIR) { directories.append(name) }
        }
        return (names, directories)
    }

    /// FNV-1a (64 bits) of the sorted names, each ended by a NUL.
    static func namesHash(_ names: [String]) -> UInt64 {
        fnv1a(names.sorted().flatMap { Array($0.utf8) + [0] })
    }

    /// FNV-1a of a file's bytes; 0 when there is no such file.
    static func contentHash(_ path: String) -> UInt64 {
        FileManager.default.contents(atPath: path).map { fnv1a(Array($0)) } ?? 0
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The ignore files libgit2 reads besides the tree's own .gitignore files.
    static func ignorePaths(_ gitDirectory: String) -> [String] {
        var paths = [gitDirectory + "info/exclude"]
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_CONFIG_HOME"], !xdg.isEmpty {
            paths.append(xdg + "/git/ignore")
        } else if let home = env["HOME"], !home.isEmpty {
            paths.append(home + "/.config/git/ignore")
        }
        return paths
    }

    /// The index file's own trailing checksum (its last 20 bytes).
    static func checksum(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size >= 20 else { return "" }
        var bytes = [UInt8](repeating: 0, count: 20)
        guard pread(fd, &bytes, 20, off_t(st.st_size - 20)) == 20 else { return "" }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Checks a stamp file against the disk as it is read, on bytes (a thousand directories: this
    /// runs on every no-op sync, and building Strings and a dictionary would cost more than the stats).
    /// nil when the stamp does not hold; otherwise the racy tracked files, still to check by content.
    static func verify(path: String, workdir: String, gitDirectory: String, head: String) -> [String]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var racyFiles: [String] = []
        let expectedIgnore = Set(ignorePaths(gitDirectory))
        var seenIgnore = Set<String>()
        var sawHead = false, sawIndex = false, sawChecksum = false, sawEnd = false, directories = 0
        // Every directory is looked up from the working tree's top, held open for the check.
        let top = Glibc.open(workdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard top >= 0 else { return nil }
        defer { close(top) }
        let ok: Bool = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lineStart = 0
            var first = true
            var pathBuffer = [CChar](repeating: 0, count: 4096)
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                lineStart = lineEnd + 1
                if first {
                    guard line.elementsEqual(version.utf8) else { return false }
                    first = false
                    continue
                }
                if line.isEmpty { continue }
                guard let space = line.firstIndex(of: 0x20) else { return false }
                let key = UnsafeBufferPointer(rebasing: line[..<space])
                let rest = UnsafeBufferPointer(rebasing: line[(space + 1)...])
                if key.elementsEqual("dir".utf8) || key.elementsEqual("rdir".utf8) {
                    // five numbers, a space, (rdir: the names' hash and a space), then the path
                    guard let (recorded, numbersEnd) = FileStat.parse(rest) else { return false }
                    var pathStart = numbersEnd, namesHash: UInt64?
                    if key.count == 4 {
                        guard let space = rest[numbersEnd...].firstIndex(of: 0x20),
                              let hash = UInt64(String(decoding: rest[numbersEnd..<space], as: UTF8.self)) else { return false }
                        (namesHash, pathStart) = (hash, space + 1)
                    }
                    guard rest.count - pathStart + 1 < pathBuffer.count else { return false }
                    var n = 0
                    if pathStart == rest.count { pathBuffer[n] = 0x2E; n += 1 }  // the top itself: "."
                    for b in rest[pathStart...] { pathBuffer[n] = CChar(bitPattern: b); n += 1 }
                    pathBuffer[n] = 0
                    guard FileStat(cPath: pathBuffer, in: top) == recorded else { return false }  // [CChar] passes as a pointer
                    if let namesHash {
                        // Changed within a tick of the stamp: the same mtime proves nothing, the names do.
                        let folder = workdir + String(decoding: rest[pathStart...], as: UTF8.self)
                        guard let listing = list(folder, top: pathStart == rest.count),
                              Self.namesHash(listing.names) == namesHash else { return false }
                    }
                    directories += 1
                } else if key.elementsEqual("rfile".utf8) {
                    racyFiles.append(String(decoding: rest, as: UTF8.self))
                } else if key.elementsEqual("end".utf8) {
                    guard rest.elementsEqual(String(directories).utf8), lineStart >= bytes.count else { return false }
                    sawEnd = true
                } else if key.elementsEqual("ignore".utf8) {
                    guard let space = rest.firstIndex(of: 0x20),
                          let recorded = UInt64(String(decoding: rest[..<space], as: UTF8.self)) else { return false }
                    let file = String(decoding: rest[(space + 1)...], as: UTF8.self)
                    guard expectedIgnore.contains(file), contentHash(file) == recorded else { return false }
                    seenIgnore.insert(file)
                } else if key.elementsEqual("head".utf8) {
                    guard rest.elementsEqual(head.utf8) else { return false }
                    sawHead = true
                } else if key.elementsEqual("index".utf8) {
                    guard let (recorded, _) = FileStat.parse(rest, pathFollows: false), recorded == FileStat(gitDirectory + "index")
                    else { return false }
                    sawIndex = true
                } else if key.elementsEqual("checksum".utf8) {
                    guard rest.elementsEqual(checksum(gitDirectory + "index").utf8) else { return false }
                    sawChecksum = true
                } else {
                    return false
                }
            }
            return !first
        }
        return ok && sawHead && sawIndex && sawChecksum && sawEnd && seenIgnore == expectedIgnore ? racyFiles : nil
    }

    var text: String {
        var lines = [Self.version, "head \(head)", "index \(index.line)", "checksum \(indexChecksum)"]
        lines += ignoreFiles.sorted { $0.key < $1.key }.map { "ignore \($0.value) \($0.key)" }
        lines += directories.sorted { $0.key < $1.key }.map { path, stat in
            racyDirectories[path].map { "rdir \(stat.line) \($0) \(path)" } ?? "dir \(stat.line) \(path)"
        }
        lines += racyFiles.sorted().map { "rfile \($0)" }
        lines.append("end \(directories.count)")  // a stamp cut short is not a stamp
        return lines.joined(separator: "\n") + "\n"
    }

    init(head: String, index: FileStat, indexChecksum: String, ignoreFiles: [String: UInt64], directories: [String: FileStat]) {
        (self.head, self.index, self.indexChecksum, self.ignoreFiles, self.directories) = (head, index, indexChecksum, ignoreFiles, directories)
    }
}

extension Repository {
    private var cleanStampPath: String { gitDirectory + CleanStamp.fileName }

    /// True only when the stamp proves the tree is as clean as when it was taken: same HEAD, same
    /// index, same ignore files, every directory and every tracked file with the stat data they had.
    func stillClean(workdir: String) -> Bool {
        guard let head = try? headCommitID(),
              let racy = CleanStamp.verify(path: cleanStampPath, workdir: workdir, gitDirectory: gitDirectory, head: head.description)
        else { return false }
        return (try? trackedFilesUnchanged(workdir: workdir, racy: Set(racy))) == true
    }

    /// Every index entry's file has the stat data the index holds for it (as git's own check).
    /// Those in `racy` changed within a tick of the stamp: their content is hashed and compared too.
    private func trackedFilesUnchanged(workdir: String, racy: Set<String>) throws -> Bool {
        let index = try index()
        try check("read the index", git_index_read(index.pointer, 0))
        // Each entry's path is relative to the top: looked up from it, held open (no path built).
        let top = Glibc.open(workdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard top >= 0 else { return false }
        defer { close(top) }
        for i in 0..<git_index_entrycount(index.pointer) {
            guard let entry = git_index_get_byindex(index.pointer, i)?.pointee, let path = entry.path else { return false }
            var st = stat()
            guard fstatat(top, path, &st, AT_SYMLINK_NOFOLLOW) == 0,
                  UInt32(st.st_mode) & UInt32(S_IFMT) == entry.mode & UInt32(S_IFMT),
                  UInt32(st.st_mode) & 0o100 == entry.mode & 0o100,
                  Int32(truncatingIfNeeded: st.st_mtim.tv_sec) == entry.mtime.seconds, UInt32(st.st_mtim.tv_nsec) == entry.mtime.nanoseconds,
                  Int32(truncatingIfNeeded: st.st_ctim.tv_sec) == entry.ctime.seconds, UInt32(st.st_ctim.tv_nsec) == entry.ctime.nanoseconds,
                  UInt32(truncatingIfNeeded: st.st_size) == entry.file_size,
                  UInt32(truncatingIfNeeded: st.st_ino) == entry.ino
            else { return false }
            if !racy.isEmpty, racy.contains(String(cString: path)) {
                var id = git_oid(), expected = entry.id
                guard git_odb_hashfile(&id, workdir + String(cString: path), GIT_OBJECT_BLOB) == 0,
                      git_oid_equal(&id, &expected) != 0 else { return false }
            }
        }
        return true
    }

    /// After a full status found the tree clean (it began at `began`): records a stamp, unless
    /// something changed too close to `began` for its timestamps to tell a later change apart.
    func recordClean(workdir: String, began: timespec) {
        // Second-granularity file systems (FAT on a USB stick) need a wide margin; others a tick.
        let coarse = CleanStamp.FileStat(gitDirectory + "index").nanoseconds == 0
        let margin = CleanStamp.marginForTests ?? (coarse ? 2_000_000_000 : 100_000_000)
        var limit = began
        limit.tv_nsec -= margin % 1_000_000_000
        limit.tv_sec -= margin / 1_000_000_000
        if limit.tv_nsec < 0 { limit.tv_nsec += 1_000_000_000; limit.tv_sec -= 1 }
        guard var stamp = try? CleanStamp.take(self, workdir: workdir, racyAfter: limit),
              let racy = try? trackedFiles(changedAfter: limit) else {
            forgetClean()
            return
        }
        stamp.racyFiles = racy
        // A new name, then a rename (a reader sees a whole stamp or none); no fsync: a stamp lost
        // in a crash only means one full status.
        // A name of this writer's own: the web app's pages take stamps at the same time.
        let temporary = cleanStampPath + ".tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))", bytes = Array(stamp.text.utf8)
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        let written = Glibc.write(fd, bytes, bytes.count)
        Glibc.close(fd)
        if written != bytes.count || rename(temporary, cleanStampPath) != 0 { unlink(temporary) }
    }

    /// Forgets the stamp: the next status reads everything.
    func forgetClean() { unlink(cleanStampPath) }

    /// Index entries whose file changed at or after `limit`.
    private func trackedFiles(changedAfter limit: timespec) throws -> [String] {
        let index = try index()
        var racy: [String] = []
        for i in 0..<git_index_entrycount(index.pointer) {
            guard let entry = git_index_get_byindex(index.pointer, i)?.pointee, let path = entry.path else { continue }
            for time in [entry.mtime, entry.ctime] {
                let seconds = Int(time.seconds)
                if seconds > limit.tv_sec || (seconds == limit.tv_sec && Int(time.nanoseconds) >= limit.tv_nsec) {
                    racy.append(String(cString: path))
                    break
                }
            }
        }
        return racy
    }
}
