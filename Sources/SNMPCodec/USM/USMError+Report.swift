extension USMError {
    /// The error a Report PDU stands for, judged by its first varbind (RFC 3412 7.2
    /// step 13: the agent reports the counter it incremented).
    /// - Parameter userName: the user the refused request was sent as.
    public init(report: PDU, userName: String) {
        guard let first = report.varBinds.first else {
            self.init(.unexpectedReport, userName: userName, "the agent sent a Report without varbinds")
            return
        }
        guard let statistic = USMStatistic(oid: first.oid) else {
            self.init(.unexpectedReport, userName: userName, "the agent reported \(first.oid)")
            return
        }
        self.init(statistic.reason, userName: userName, "the agent reported \(first.oid): \(statistic.hint)")
    }
}
