import ArgumentParser
import Foundation
import Git
import Hub
import Messages
import Sync

/// `carnet carry DIR`: an office's outgoing commits written to a USB drive, for the point of
/// contact to land with `carnet hub take` (docs/SYNC.md, "Carrying changes on a USB drive").
struct CarryCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "carry", abstract: Catalogue.text("usb.help.carry.abstract"),
                             discussion: HelpText.discussion(Catalogue.text("usb.help.carry.discussion"), example: Catalogue.text("usb.help.carry.example")))
    }()

    @Argument(help: ArgumentHelp(Catalogue.text("usb.help.carry.folder"), valueName: Catalogue.text("help.value.folder"))) var folder: String
    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: JSONOption
    @OptionGroup var language: MessagesLanguageOption

    struct Report: Encodable {
        var status: String
        var file: String?
        var ministry: String
        var commits: Int
        var bytes: Int
    }

    func run() throws {
        let carried = try Failure.guarded {
            let engine = try SyncEngine(at: repository.repository)
            return try engine.carryOut(to: folder)
        }
        if output.json {
            return Console.json(Report(status: carried.file == nil ? "nothing-to-carry" : "written", file: carried.file,
                                       ministry: carried.ministry, commits: carried.commits, bytes: carried.bytes))
        }
        guard let file = carried.file else { return Console.line(Catalogue.text("usb.carry.nothing")) }
        Console.line(Catalogue.text("usb.carry.written", ["count": .number(carried.commits), "path": .text(file),
                                                          "size": .text(TransferText.bytes(UInt64(carried.bytes)))]))
        Console.line(Catalogue.text("usb.carry.next", ["path": .text(URL(fileURLWithPath: file).lastPathComponent),
                                                       "ministry": .text(carried.ministry)]))
    }
}

/// `carnet hub take FILE --ministry ID`: the point of contact lands a carried bundle on the hub
/// as the ministry's own push (CarriedPush).
struct HubTakeCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "take", abstract: Catalogue.text("usb.help.take.abstract"),
                             discussion: HelpText.discussion(Catalogue.text("usb.help.take.discussion"), example: Catalogue.text("usb.help.take.example")))
    }()

    @Argument(help: ArgumentHelp(Catalogue.text("usb.help.take.file"), valueName: Catalogue.text("help.value.file"))) var file: String
    @Option(help: ArgumentHelp(Catalogue.text("usb.help.take.ministry"), valueName: "id")) var ministry: String
    @Option(help: ArgumentHelp(Catalogue.text("help.hub.opt.hub-here"))) var hub: String?
    @OptionGroup var output: JSONOption
    @OptionGroup var language: MessagesLanguageOption

    struct Report: Encodable {
        var status: String
        var pusher: String
        var commits: Int
        var main: String
    }

    func run() throws {
        let landed = try HubFailure.guarded {
            try CarriedPush.take(bundle: file, ministry: ministry, hub: hub ?? ".", environment: ProcessInfo.processInfo.environment)
        }
        if output.json {
            return Console.json(Report(status: landed.alreadyThere ? "already-there" : "landed", pusher: landed.pusher.token,
                                       commits: landed.commits, main: landed.main.description))
        }
        Console.line(landed.alreadyThere
            ? Catalogue.text("usb.take.already-there", ["pusher": landed.pusher.argument])
            : Catalogue.text("usb.take.landed", ["count": .number(landed.commits), "pusher": landed.pusher.argument,
                                                 "main": .text(String(landed.main.description.prefix(8)))]))
    }
}
