public enum ReportPlaceholder {}
