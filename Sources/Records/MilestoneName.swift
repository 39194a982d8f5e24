extension Commitment.Milestone {
    /// A milestone as people name it: its official code when it has one (`C01.1.1`), else
    /// Carnet's id (`m3`). The dashboard, reminders and the web app all name milestones this way.
    public var spokenName: String { code ?? id }
}
