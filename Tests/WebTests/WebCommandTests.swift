import Foundation
import TestSupport
import XCTest

/// `carnet web` as a command: the address it prints, and a port already taken said plainly.
final class WebCommandTests: WebTestCase {
    func testItPrintsTheAddressWithTheSecretAndSaysWhenThePortIsTaken() throws {
        try start()
        XCTAssertTrue(server.address.hasPrefix("http://127.0.0.1:\(server.port)/?secret="), server.address)
        XCTAssertEqual(server.secret.count, 64)
        let again = try Shell.run([RepositoryPaths.carnetBinary, "web", "-C", plan, "--no-open", "--port", String(server.port)],
                                  environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.path + "/config"])
        XCTAssertEqual(again.status, 74, again.stdout + again.stderr)
        XCTAssertTrue(again.stderr.contains("127.0.0.1:\(server.port)") && again.stderr.contains("--port"), again.stderr)
        XCTAssertEqual(try Shell.run([RepositoryPaths.carnetBinary, "web", "-C", work.path, "--no-open"],
                                     environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.path + "/config"]).status, 66,
                       "not a plan: the usual exit code")
    }
}
