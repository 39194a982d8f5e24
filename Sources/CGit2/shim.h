#ifndef CARNET_CGIT2_SHIM_H
#define CARNET_CGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/transport.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>
#include <spawn.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one wrapper per option we use. */
static inline int carnet_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}
static inline int carnet_git_set_search_path(int level, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}
/* Whether every object read is hashed again to check its id (libgit2's default: yes; git itself
 * does not, outside fsck). The report's history walk reads thousands of large trees. */
static inline int carnet_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}
/* The certificate authorities an HTTPS hub's certificate must chain to (a file of PEM
 * certificates), instead of the system's: a hub behind the administration's own CA. */
static inline int carnet_git_set_ssl_cert_file(const char *file) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, NULL);
}
/* The largest object of a type libgit2 keeps parsed in its cache (default 4096 bytes for trees:
 * the commitments/ folder of a 1,000-commitment plan is a 31 KB tree, so it was read, inflated
 * and parsed again for every file looked up under it). */
static inline int carnet_git_set_cache_object_limit(git_object_t type, size_t size) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, size);
}
/* The most memory libgit2's object cache may hold in all (libgit2's default: 256 MiB). */
static inline int carnet_git_set_cache_max_size(ssize_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, bytes);
}
/* A smart subtransport and its stream as libgit2 sees them, with a pointer to the Swift object
 * that does the work (Sources/Git/SSHExecTransport.swift): libgit2 hands back only the pointer
 * to `parent`, the first member, so the Swift side finds its object there. Swift cannot lay
 * out a C struct that embeds another, hence these two declarations. */
/* glibc ≥ 2.34 (Debian 12: 2.36), declared under _GNU_SOURCE, which Swift's Glibc module does
 * not define: the OpenSSH child gets descriptors 0-2 only, whatever else the process holds. */
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *, int);
static inline int carnet_spawn_close_from(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}
typedef struct {
    git_smart_subtransport parent;
    void *owner;
} carnet_subtransport;
typedef struct {
    git_smart_subtransport_stream parent;
    void *owner;
} carnet_subtransport_stream;
#endif
