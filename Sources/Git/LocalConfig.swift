import CGit2

extension Repository {
    /// Reads a string from the repository's own configuration (.git/config) only: not the
    /// user's global or the system's. Whose name signs a copy's commits is the copy's own
    /// setting, never an unrelated identity the laptop happens to carry.
    public func localConfigString(_ key: String) throws -> String? {
        var config: OpaquePointer?
        try check("open configuration", git_repository_config(&config, pointer))
        defer { git_config_free(config) }
        var local: OpaquePointer?
        let opened = git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL)
        if opened == GIT_ENOTFOUND.rawValue { return nil }
        try check("open local configuration", opened)
        defer { git_config_free(local) }
        var snapshot: OpaquePointer?
        try check("read local configuration", git_config_snapshot(&snapshot, local))
        defer { git_config_free(snapshot) }
        var value: UnsafePointer<CChar>?
        let result = git_config_get_string(&value, snapshot, key)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check("read configuration \(key)", result)
        return value.map { String(cString: $0) }
    }
}
