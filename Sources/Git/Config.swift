import CGit2

extension Repository {
    /// Reads a string from the repository's configuration (local, then global and system).
    public func configString(_ key: String) throws -> String? {
        var config: OpaquePointer?
        try check("open configuration", git_repository_config_snapshot(&config, pointer))
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        let result = git_config_get_string(&value, config, key)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check("read configuration \(key)", result)
        return value.map { String(cString: $0) }
    }

    /// Writes a string into the repository's own configuration (.git/config).
    public func setConfigString(_ key: String, _ value: String) throws {
        var config: OpaquePointer?
        try check("open configuration", git_repository_config(&config, pointer))
        defer { git_config_free(config) }
        var local: OpaquePointer?
        try check("open local configuration", git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL))
        defer { git_config_free(local) }
        try check("write configuration \(key)", git_config_set_string(local, key, value))
    }
}
