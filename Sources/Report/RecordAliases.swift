import Records

// Records names its progress record CommitmentProgress (Foundation has a `Progress`), and Plot
// has its own `Text`: these names say which one we mean.
typealias ProgressRecord = Records.CommitmentProgress
typealias RecordText = Records.Text
