import Records

// Records names its progress record CommitmentProgress (Foundation has a `Progress`), and `Text`
// is a name many libraries use: these names say which one we mean.
typealias ProgressRecord = Records.CommitmentProgress
typealias RecordText = Records.Text
